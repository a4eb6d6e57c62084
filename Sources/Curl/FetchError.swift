/// Why a fetch produced no HTTP response.
public enum FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL could not be parsed (the associated value is the URL).
    case invalidURL(String)
    /// The URL, or a redirect target, uses a scheme other than http or https (the scheme).
    case unsupportedScheme(String)
    /// The body exceeded the configured limit, compressed or decoded; `status` is the response's status
    /// when its headers had arrived (a 200 cut off is still a 200).
    case bodyTooLarge(limit: Int, status: Int? = nil)
    /// The transfer did not complete within its timeout.
    case timedOut
    /// The host name could not be resolved (curl's message).
    case resolveFailed(String)
    /// No connection could be made (curl's message).
    case connectFailed(String)
    /// The TLS handshake or certificate verification failed (curl's message).
    case tlsFailed(String)
    /// More redirects than allowed (the limit).
    case tooManyRedirects(Int)
    /// Any other libcurl failure: its `CURLcode` and message.
    case transfer(code: Int, message: String)
    /// The awaiting task was cancelled.
    case cancelled
    /// The client was shut down before the transfer completed.
    case shutdown

    public var description: String {
        switch self {
        case .invalidURL(let url):
            return "invalid URL '\(url)': use an absolute http:// or https:// URL"
        case .unsupportedScheme(let scheme):
            return
                "refused URL scheme '\(scheme)': only http and https are fetched, also on redirects; fix the feed URL"
        case .bodyTooLarge(let limit, _):
            return
                "response body larger than max_body (\(limit) bytes): cut off; raise fetch.max_body if the feed is legitimately this large"
        case .timedOut:
            return
                "timed out: the server did not answer in time; it will be retried, raise fetch.timeout if it is just slow"
        case .resolveFailed(let message):
            // curl says "Could not resolve host: NAME"; name the host once.
            let host = message.range(of: "resolve host: ").map { String(message[$0.upperBound...]) } ?? message
            return "could not resolve host \(host): check the feed's host name and the machine's DNS"
        case .connectFailed(let message):
            return "could not connect (\(message)): the server is down or unreachable; it will be retried"
        case .tlsFailed(let message):
            return
                "TLS failure (\(message)): the server's certificate could not be verified or the handshake failed; certificates are always verified"
        case .tooManyRedirects(let limit):
            return
                "more than \(limit) redirects: the feed URL redirects in a loop or too deep; point it at the final URL"
        case .transfer(let code, let message):
            return "transfer failed (curl error \(code): \(message)); it will be retried"
        case .cancelled:
            return "cancelled before the transfer completed"
        case .shutdown:
            return "the HTTP client was shut down before the transfer completed"
        }
    }
}
