/// The text of a `match:` expression and where it starts in its file.
///
/// Character `i` of `text` (counted in unicode scalars) is at column `location.column + i`
/// on `location.line`.
public struct ExpressionSource: Sendable, Hashable {
    /// The expression as written.
    public var text: String
    /// Location of the first character of `text`.
    public var location: SourceLocation

    public init(text: String, location: SourceLocation) {
        self.text = text
        self.location = location
    }

    /// The location of the scalar at `offset` in `text`.
    public func location(at offset: Int) -> SourceLocation {
        location.advanced(by: offset)
    }
}
