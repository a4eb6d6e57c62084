import Curl
import TestSupport
import Testing

@Suite("Redirects and schemes")
struct RedirectTests {
    /// A chain /chain/0 → /chain/1 → … → /chain/`hops`, which answers 200.
    private func chain(_ server: TestHTTPServer, hops: Int) {
        for index in 0..<hops {
            server.route("/chain/\(index)") { _ in
                TestResponse(status: 302, headers: ["Location: /chain/\(index + 1)", "X-Hop: \(index)"])
            }
        }
        server.route("/chain/\(hops)") { _ in TestResponse(headers: ["X-Final: yes"], text: "end") }
    }

    @Test func redirectIsFollowedAndOnlyFinalHeadersKept() async throws {
        let server = try TestHTTPServer()
        chain(server, hops: 2)
        let response = try await CurlClient().fetch(HTTPRequest(url: server.url("/chain/0")))
        #expect(response.status == 200)
        #expect(response.url == server.url("/chain/2"))
        #expect(response.redirects == 2)
        #expect(response.headers["x-final"] == "yes")
        #expect(response.headers["x-hop"] == nil)
        #expect(response.headers["location"] == nil)
        #expect(String(decoding: response.body, as: UTF8.self) == "end")
    }

    @Test(arguments: [
        (hops: 5, limit: 5, ok: true), (hops: 6, limit: 5, ok: false),
        (hops: 1, limit: 0, ok: false), (hops: 3, limit: 2, ok: false),
    ])
    func redirectLimit(hops: Int, limit: Int, ok: Bool) async throws {
        let server = try TestHTTPServer()
        chain(server, hops: hops)
        let client = CurlClient()
        let request = HTTPRequest(url: server.url("/chain/0"), maxRedirects: limit)
        if ok {
            let response = try await client.fetch(request)
            #expect(response.redirects == hops)
        } else {
            await #expect(throws: FetchError.tooManyRedirects(limit)) { try await client.fetch(request) }
        }
    }

    @Test(arguments: [
        ("file:///etc/passwd", "file"), ("ftp://127.0.0.1/feed", "ftp"),
        ("gopher://127.0.0.1/1", "gopher"), ("dict://127.0.0.1/", "dict"),
    ])
    func redirectToAnotherSchemeIsRefused(location: String, scheme: String) async throws {
        let server = try TestHTTPServer()
        server.route("/evil") { _ in .redirect(to: location) }
        let client = CurlClient()
        await #expect(throws: FetchError.unsupportedScheme(scheme)) {
            try await client.fetch(HTTPRequest(url: server.url("/evil")))
        }
    }

    @Test(arguments: [
        ("file:///etc/passwd", FetchError.unsupportedScheme("file")),
        ("FTP://example.org/x", .unsupportedScheme("ftp")),
        ("gopher://example.org/", .unsupportedScheme("gopher")),
        ("javascript:alert(1)", .unsupportedScheme("javascript")),
        ("not a url", .invalidURL("not a url")),
        ("//example.org/feed", .invalidURL("//example.org/feed")),
        ("http://", .invalidURL("http://")),
        ("http://exa mple.org/", .invalidURL("http://exa mple.org/")),
        ("", .invalidURL("")),
    ])
    func badURLsAreRefusedBeforeStarting(url: String, expected: FetchError) async {
        let client = CurlClient()
        await #expect(throws: expected) { try await client.fetch(HTTPRequest(url: url)) }
    }
}
