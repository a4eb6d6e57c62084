/// How articles are grouped into stories (README "One alert per story").
public struct StorySettings: Sendable, Equatable {
    /// Off: one alert per article and rule, as without stories (`story: off`).
    public var enabled: Bool = true
    /// How long after its first article an article can still join a story.
    public var window: Duration = .seconds(72 * 3600)
    /// A text-log line per later source of a story (`ALSO`).
    public var logSources: Bool = true

    public init() {}
}
