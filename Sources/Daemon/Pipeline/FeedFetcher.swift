import Curl

/// What the refresh pipeline needs from the network: one HTTP GET. `CurlClient` is the real one.
public protocol FeedFetcher: Sendable {
    func fetch(_ request: HTTPRequest) async throws(FetchError) -> HTTPResponse
}

extension CurlClient: FeedFetcher {}
