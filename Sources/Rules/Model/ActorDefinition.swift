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
    /// Location of each name's first character (empty when not known: problems then point at the id).
    public var nameLocations: [SourceLocation]

    public init(id: String, names: [String], location: SourceLocation, nameLocations: [SourceLocation] = []) {
        self.id = id
        self.names = names
        self.location = location
        self.nameLocations = nameLocations
    }

    /// Where the name at `index` is written.
    public func location(ofName index: Int) -> SourceLocation {
        index < nameLocations.count ? nameLocations[index] : location
    }
}
