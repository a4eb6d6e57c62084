/// Why a document yielded no feed at all. A feed that could be partly recovered is not an error:
/// it comes back with ``Feed/malformed`` set.
public enum FeedError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The body was empty (or only whitespace).
    case empty
    /// The body is something else: an HTML page, an unknown XML vocabulary, invalid JSON, text...
    /// The associated reason is user-facing, e.g. "HTML page, not a feed".
    case notAFeed(String)
    /// libxml2 could not even set up a parse (out of memory, body over 2 GiB).
    case parserUnavailable(String)

    public var description: String {
        switch self {
        case .empty: "empty document"
        case .notAFeed(let reason): reason
        case .parserUnavailable(let reason): "XML parser unavailable: \(reason)"
        }
    }
}
