import Foundation

/// What a ``TestHTTPServer`` route answers.
public struct TestResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Extra header lines, each `"Name: value"`. `Content-Length` and `Connection: close` are added
    /// by the server (unless a `Content-Length` line is given here).
    public var headers: [String]
    /// The body as the application sees it (before the optional gzip encoding).
    public var body: Data
    /// Compress the body with gzip and send `Content-Encoding: gzip`.
    public var gzip: Bool
    /// Wait this long before answering (ends early if the client hangs up or the server stops).
    public var delay: Duration?
    /// Send `Content-Length`; when `false` the body is delimited by closing the connection.
    public var sendsContentLength: Bool

    public init(
        status: Int = 200, headers: [String] = [], body: Data = Data(), gzip: Bool = false,
        delay: Duration? = nil, sendsContentLength: Bool = true
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.gzip = gzip
        self.delay = delay
        self.sendsContentLength = sendsContentLength
    }

    /// A response with a UTF-8 text body.
    public init(status: Int = 200, headers: [String] = [], text: String, gzip: Bool = false, delay: Duration? = nil) {
        self.init(status: status, headers: headers, body: Data(text.utf8), gzip: gzip, delay: delay)
    }

    /// `200 OK` with a text body of the given content type.
    public static func text(_ text: String, contentType: String = "text/plain; charset=utf-8") -> TestResponse {
        TestResponse(headers: ["Content-Type: \(contentType)"], text: text)
    }

    /// A redirect to `location` (absolute or relative).
    public static func redirect(to location: String, status: Int = 302) -> TestResponse {
        TestResponse(status: status, headers: ["Location: \(location)"])
    }

    /// A bodiless response with the given status.
    public static func status(_ status: Int, headers: [String] = []) -> TestResponse {
        TestResponse(status: status, headers: headers)
    }

    /// `404 Not Found`, what unknown paths get.
    public static let notFound = TestResponse(status: 404, headers: ["Content-Type: text/plain"], text: "not found")
}
