/// A request as the ``TestHTTPServer`` received it.
public struct RecordedRequest: Sendable, Equatable {
    /// The method, e.g. `GET`.
    public var method: String
    /// The request target as sent: the path and any query, e.g. `/feed.xml?x=1`.
    public var path: String
    /// The header fields, names lower-cased; repeated fields joined with ", ".
    public var headers: [String: String]
    /// The body (by `Content-Length`; a POST's), empty for most requests.
    public var body: [UInt8] = []

    public init(method: String, path: String, headers: [String: String], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The path without its query.
    public var pathWithoutQuery: String {
        guard let question = path.firstIndex(of: "?") else { return path }
        return String(path[..<question])
    }
}
