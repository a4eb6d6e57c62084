/// Something that performs HTTP requests; ``CurlClient`` is the real one, tests may substitute fakes.
public protocol HTTPFetching: Sendable {
    /// Performs `request`; any HTTP status is a response, transport failures are ``FetchError``s.
    func fetch(_ request: HTTPRequest) async throws(FetchError) -> HTTPResponse
}
