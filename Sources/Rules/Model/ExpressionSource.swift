/// The text of a `match:` expression and where each of its characters stands in its file.
///
/// Character `i` of `text` (counted in unicode scalars) is at column `location.column + i` on
/// `location.line`, unless a jump says otherwise: a text written over several lines, or with escapes
/// (`\"`, `''`, `\u00e9`), or as an indented block, does not sit in its file as one straight run.
public struct ExpressionSource: Sendable, Hashable {
    /// From `offset` on, character `offset + i` is at `line`, `column + i` (until the next jump).
    public struct Jump: Sendable, Hashable {
        public var offset: Int
        public var line: Int
        public var column: Int

        public init(offset: Int, line: Int, column: Int) {
            self.offset = offset
            self.line = line
            self.column = column
        }
    }

    /// The expression's value (what YAML makes of what is written).
    public var text: String
    /// Location of the first character of `text`.
    public var location: SourceLocation
    /// Where the text does not continue straight on from the character before, ordered by offset.
    /// Empty for a text written on one line without escapes (nearly all).
    public var jumps: [Jump]

    public init(text: String, location: SourceLocation, jumps: [Jump] = []) {
        self.text = text
        self.location = location
        self.jumps = jumps
    }

    /// The location of the scalar at `offset` in `text` (`text`'s length: just after its last character).
    public func location(at offset: Int) -> SourceLocation {
        guard let jump = jumps.last(where: { $0.offset <= offset }) else { return location.advanced(by: offset) }
        return SourceLocation(file: location.file, line: jump.line, column: jump.column + offset - jump.offset)
    }
}
