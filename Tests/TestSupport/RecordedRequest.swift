/// A request as the ``TestHTTPServer`` received it.
public struct RecordedRequest: Sendable, Equatable {
    /// The method, e.g. `GET`.
    public var method: String
    /// The request target as sent: the path and any query, e.g. `/feed.xml?x=1`.
    public var path: String
    /// The header fields, names lower-cased; repeated fields joined with ", ".
    public var headers: [String: String]

    public init(method: String, path: String, headers: [String: String]) {
        self.method = method
        self.path = path
        self.headers = headers
    }

    /// The path without its query.
    public var pathWithoutQuery: String {
        guard let question = path.firstIndex(of: "?") else { return path }
        return String(path[..<question])
    }
}
