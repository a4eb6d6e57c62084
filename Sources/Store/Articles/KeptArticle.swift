import Foundation

/// An article as the rules saw it, kept for `retain` (README "Keep recent articles") so that a new rule
/// can be tried on (`newswatch test --recent`) and catch up with (`catch_up:`) what already went by.
public struct KeptArticle: Sendable, Equatable {
    /// The article key (`ArticleKey`), the same that alert ids are made from.
    public var key: String
    public var feedID: String
    public var entryID: String
    public var title: String
    public var url: String?
    public var canonical: String?
    public var author: String?
    public var categories: [String]
    public var published: Date?
    public var fetchedAt: Date
    /// Where `text` came from: `feed` (the entry's own text) or `page` (the extracted article).
    public var textSource: String
    /// The text the rules saw (besides the title, author and categories).
    public var text: String

    public init(
        key: String, feedID: String, entryID: String, title: String, url: String?, canonical: String? = nil,
        author: String?, categories: [String], published: Date?, fetchedAt: Date, textSource: String = "feed",
        text: String
    ) {
        self.key = key
        self.feedID = feedID
        self.entryID = entryID
        self.title = title
        self.url = url
        self.canonical = canonical
        self.author = author
        self.categories = categories
        self.published = published
        self.fetchedAt = fetchedAt
        self.textSource = textSource
        self.text = text
    }

    /// A digest of what the rules match (title, text, author, categories): when an entry already seen
    /// comes back with another digest, it was updated in place and is matched again.
    public var contentDigest: String {
        Self.contentDigest(title: title, text: text, author: author, categories: categories)
    }

    /// The same digest of an entry's fields, before it is kept.
    public static func contentDigest(title: String, text: String, author: String?, categories: [String]) -> String {
        digest(of: [title, text, author ?? ""] + categories)
    }

    /// A stable digest of some strings (FNV-1a, 64 bits, as 16 hex digits).
    public static func digest(of parts: [String]) -> String {
        var hasher = FNV1a()
        for part in parts {
            hasher.add(part)
            hasher.add("\u{1F}")
        }
        return hasher.hex
    }
}

/// FNV-1a, 64 bits: a stable digest (Swift's `Hasher` is seeded per process) for change detection, not
/// for security.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
    }

    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
