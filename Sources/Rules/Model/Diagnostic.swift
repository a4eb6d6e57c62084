/// A problem in a rule or actor definition, reported as `FILE:LINE:COL: message`.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is (the offending character when known).
    public var location: SourceLocation
    /// What is wrong, for a person.
    public var message: String

    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    /// `FILE:LINE:COL: message`
    public var description: String { "\(location): \(message)" }
}
