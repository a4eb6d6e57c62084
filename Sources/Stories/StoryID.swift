/// The id of a story: the articles that are one story (README "How text is matched" for the words
/// compared) share it. Ids are handed out in increasing order by `StoryIndex`.
public struct StoryID: RawRepresentable, Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let rawValue: Int64

    public init(rawValue: Int64) {
        self.rawValue = rawValue
    }

    public static func < (lhs: StoryID, rhs: StoryID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    public var description: String { String(rawValue) }
}
