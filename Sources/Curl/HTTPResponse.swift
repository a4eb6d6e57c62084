import Foundation

/// A completed HTTP exchange. Every status (200, 304, 404, 429, 503 ...) is a response, not an error.
public struct HTTPResponse: Sendable, Equatable {
    /// The status code of the final response.
    public var status: Int
    /// The effective URL after redirects.
    public var url: String
    /// The headers of the final response, names lower-cased; repeated headers joined with ", ".
    public var headers: [String: String]
    /// The body, already decoded from any `Content-Encoding`.
    public var body: Data
    /// How many redirects were followed.
    public var redirects: Int
    /// Every redirect followed was permanent (301 or 308): the resource has moved to `url`.
    public var permanentRedirect: Bool

    /// Creates a response (the client does this; tests and fakes may too).
    public init(
        status: Int, url: String, headers: [String: String] = [:], body: Data = Data(), redirects: Int = 0,
        permanentRedirect: Bool = false
    ) {
        self.status = status
        self.url = url
        self.headers = headers
        self.body = body
        self.redirects = redirects
        self.permanentRedirect = permanentRedirect
    }

    /// The `Content-Type` header, if any.
    public var contentType: String? { headers["content-type"] }
    /// The `ETag` header, if any.
    public var etag: String? { headers["etag"] }
    /// The `Last-Modified` header, if any.
    public var lastModified: String? { headers["last-modified"] }
    /// The raw `Retry-After` header, if any; see ``RetryAfter/delay(_:now:)``.
    public var retryAfter: String? { headers["retry-after"] }
}
