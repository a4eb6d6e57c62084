import Curl

/// Why one refresh of a feed failed: a kind that code compares (is this the same problem as last time?
/// is every feed failing for the same reason?) and the message a person reads.
public struct FeedFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable, Hashable {
        /// No HTTP response: DNS, connection, TLS, timeout, body limit, redirects, a refused scheme.
        case transport(Transport)
        /// An HTTP status other than 2xx and 304.
        case http(status: Int)
        /// A 2xx response whose body is no feed.
        case unparseable
        /// The state database could not be read or written.
        case store
        /// An article page that is not an HTML page (README "Full article text").
        case notHTML
        /// An article page that asks to subscribe or sign in instead of giving the article.
        case paywall
    }

    /// The transport failures, grouped as an operator acts on them.
    public enum Transport: String, Sendable, Equatable, Hashable {
        case resolve, connect, tls, timeout
        case bodyTooLarge = "body-too-large"
        case redirects
        case refusedURL = "refused-url"
        case other
    }

    public var kind: Kind
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public init(_ error: FetchError) {
        let transport: Transport =
            switch error {
            case .resolveFailed: .resolve
            case .connectFailed: .connect
            case .tlsFailed: .tls
            case .timedOut: .timeout
            case .bodyTooLarge: .bodyTooLarge
            case .tooManyRedirects: .redirects
            case .invalidURL, .unsupportedScheme: .refusedURL
            case .transfer, .cancelled, .shutdown: .other
            }
        self.init(kind: .transport(transport), message: error.description)
    }

    /// A failure as the state database recorded it (`kindName` and message); an unknown or missing
    /// kind (a database from before kinds were kept) reads as an unnamed transport failure.
    public init(stored kindName: String?, message: String) {
        let kind: Kind
        switch kindName {
        case let name? where name.hasPrefix("http-"):
            kind = Int(name.dropFirst(5)).map { .http(status: $0) } ?? .transport(.other)
        case "unparseable": kind = .unparseable
        case "store": kind = .store
        case "not-html": kind = .notHTML
        case "paywall": kind = .paywall
        case let name?: kind = .transport(Transport(rawValue: name) ?? .other)
        case nil: kind = .transport(.other)
        }
        self.init(kind: kind, message: message)
    }

    public var description: String { message }

    /// A short name of the kind, for the store, the logs' `kind=` field and `status --json`.
    public var kindName: String {
        switch kind {
        case .transport(let t): t.rawValue
        case .http(let status): "http-\(status)"
        case .unparseable: "unparseable"
        case .store: "store"
        case .notHTML: "not-html"
        case .paywall: "paywall"
        }
    }
}
