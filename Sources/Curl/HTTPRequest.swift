import Foundation

/// One HTTP GET (or, with a `body`, POST) to perform: the URL, the validators of a conditional request and the limits that
/// bound what a remote server can make the client do.
public struct HTTPRequest: Sendable, Equatable {
    /// An absolute `http` or `https` URL.
    public var url: String
    /// The `User-Agent` header.
    public var userAgent: String
    /// The stored `ETag`, sent back as `If-None-Match`.
    public var etag: String?
    /// The stored `Last-Modified` value, sent back verbatim as `If-Modified-Since`.
    public var lastModified: String?
    /// Limit on the whole transfer, redirects included.
    public var timeout: Duration
    /// Limit on establishing each connection (DNS, TCP and TLS).
    public var connectTimeout: Duration
    /// Largest accepted body in bytes, checked both on `Content-Length` and on the decoded bytes.
    public var maxBody: Int
    /// Largest number of redirects followed.
    public var maxRedirects: Int
    /// Additional request headers, each `"Name: value"`. Lines containing CR, LF or NUL are dropped.
    public var extraHeaders: [String]
    /// A body to POST (a webhook); nil: GET. A POST follows no redirect: a 3xx is returned as it is.
    public var body: [UInt8]?
    /// A PEM file of certificate authorities to trust instead of the system's.
    public var caFile: String?

    /// Creates a request with the service's defaults.
    public init(
        url: String,
        userAgent: String = "newswatch",
        etag: String? = nil,
        lastModified: String? = nil,
        timeout: Duration = .seconds(30),
        connectTimeout: Duration = .seconds(10),
        maxBody: Int = 10 << 20,
        maxRedirects: Int = 5,
        extraHeaders: [String] = [],
        body: [UInt8]? = nil,
        caFile: String? = nil
    ) {
        self.url = url
        self.userAgent = userAgent
        self.etag = etag
        self.lastModified = lastModified
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxBody = maxBody
        self.maxRedirects = maxRedirects
        self.extraHeaders = extraHeaders
        self.body = body
        self.caFile = caFile
    }
}
