import Rules

/// When a feed's health raises an alert (README "Feed health"): failing this long, or answering without a
/// new entry this long; and the severity of those alerts.
public struct HealthSettings: Sendable, Equatable {
    /// A feed failing this long raises a `feed-health` alert; zero: never.
    public var failingAfter: Duration = .seconds(6 * 3600)
    /// A feed with no new entry this long raises one; zero: never (a feed's `quiet_after:` wins).
    public var quietAfter: Duration = .zero
    public var severity: Severity = .medium

    public init() {}
}
