/// Restricts a rule to some feeds: a feed id, or every feed carrying a tag.
public enum FeedSelector: Sendable, Hashable, CustomStringConvertible {
    case id(String)
    case tag(String)

    /// Parses `tag:NAME` or a plain feed id; nil when empty.
    public init?(parsing text: String) {
        if text.hasPrefix("tag:") {
            let name = String(text.dropFirst(4))
            guard !name.isEmpty else { return nil }
            self = .tag(name)
        } else {
            guard !text.isEmpty else { return nil }
            self = .id(text)
        }
    }

    /// Whether a document from a feed with this id and these tags is selected.
    public func selects(feedID: String, feedTags: [String]) -> Bool {
        switch self {
        case .id(let id): id == feedID
        case .tag(let tag): feedTags.contains(tag)
        }
    }

    public var description: String {
        switch self {
        case .id(let id): id
        case .tag(let tag): "tag:\(tag)"
        }
    }
}
