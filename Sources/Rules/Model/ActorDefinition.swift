/// An actor as read from a rules file: an id and the names (aliases) it goes by.
///
/// Each name is matched like a quoted phrase: words in order, `word*` for a prefix.
public struct ActorDefinition: Sendable {
    /// The id used in expressions as `@id`.
    public var id: String
    /// The names of the actor, e.g. `["North Korea", "North Korean*", "DPRK"]`.
    public var names: [String]
    /// Location of the actor's id in its file.
    public var location: SourceLocation

    public init(id: String, names: [String], location: SourceLocation) {
        self.id = id
        self.names = names
        self.location = location
    }
}
