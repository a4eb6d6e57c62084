import Curl
import Foundation
import TestSupport
import Testing

@Suite("Fetching from a local server")
struct FetchTests {
    @Test func okResponseCarriesBodyHeadersAndEffectiveURL() async throws {
        let server = try TestHTTPServer()
        server.route("/feed.xml") { _ in
            TestResponse(
                headers: ["Content-Type: application/rss+xml", "ETag: \"abc\"", "X-Multi: 1", "X-Multi: 2"],
                text: "<rss>hello</rss>")
        }
        let client = CurlClient()
        let response = try await client.fetch(HTTPRequest(url: server.url("/feed.xml")))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "<rss>hello</rss>")
        #expect(response.contentType == "application/rss+xml")
        #expect(response.etag == "\"abc\"")
        #expect(response.headers["x-multi"] == "1, 2")
        #expect(response.headers["content-length"] == "16")
        #expect(response.url == server.url("/feed.xml"))
        #expect(response.redirects == 0)
    }

    @Test(arguments: [200, 404, 410, 429, 500, 503])
    func everyStatusIsAResponse(status: Int) async throws {
        let server = try TestHTTPServer()
        server.route("/s") { _ in TestResponse(status: status, headers: ["Retry-After: 120"], text: "status \(status)")
        }
        let response = try await CurlClient().fetch(HTTPRequest(url: server.url("/s")))
        #expect(response.status == status)
        #expect(response.retryAfter == "120")
        #expect(String(decoding: response.body, as: UTF8.self) == "status \(status)")
    }

    @Test func unknownPathIs404() async throws {
        let server = try TestHTTPServer()
        let response = try await CurlClient().fetch(HTTPRequest(url: server.url("/nothing-here")))
        #expect(response.status == 404)
    }

    @Test func conditionalGetSendsValidatorsAndGets304() async throws {
        let server = try TestHTTPServer()
        let lastModified = "Wed, 21 Oct 2015 07:28:00 GMT"
        server.serve("/feed", body: "<rss/>", etag: "\"v1\"", lastModified: lastModified)
        let client = CurlClient()

        let first = try await client.fetch(HTTPRequest(url: server.url("/feed")))
        #expect(first.status == 200)
        #expect(first.etag == "\"v1\"")
        #expect(first.lastModified == lastModified)
        #expect(server.requests(to: "/feed")[0].headers["if-none-match"] == nil)

        let second = try await client.fetch(
            HTTPRequest(url: server.url("/feed"), etag: first.etag, lastModified: first.lastModified))
        #expect(second.status == 304)
        #expect(second.body.isEmpty)
        let recorded = server.requests(to: "/feed")
        #expect(recorded.count == 2)
        #expect(recorded[1].headers["if-none-match"] == "\"v1\"")
        #expect(recorded[1].headers["if-modified-since"] == lastModified)
    }

    @Test(arguments: [
        (etag: "\"v1\"" as String?, lastModified: nil as String?, status: 304),
        (etag: nil, lastModified: "Wed, 21 Oct 2015 07:28:00 GMT", status: 304),
        (etag: "\"v0\"", lastModified: nil, status: 200),
        (etag: nil, lastModified: "Tue, 20 Oct 2015 07:28:00 GMT", status: 200),
        (etag: nil, lastModified: nil, status: 200),
    ])
    func conditionalGetTable(etag: String?, lastModified: String?, status: Int) async throws {
        let server = try TestHTTPServer()
        server.serve("/feed", body: "<rss/>", etag: "\"v1\"", lastModified: "Wed, 21 Oct 2015 07:28:00 GMT")
        let response = try await CurlClient().fetch(
            HTTPRequest(url: server.url("/feed"), etag: etag, lastModified: lastModified))
        #expect(response.status == status)
    }

    @Test func gzipBodyIsDecoded() async throws {
        let server = try TestHTTPServer()
        let text = String(repeating: "<item><title>Seoul weighs lethal aid to Ukraine</title></item>\n", count: 500)
        server.route("/gz") { _ in TestResponse(headers: ["Content-Type: application/rss+xml"], text: text, gzip: true)
        }
        let response = try await CurlClient().fetch(HTTPRequest(url: server.url("/gz")))
        #expect(response.status == 200)
        #expect(response.headers["content-encoding"] == "gzip")
        #expect(Int(response.headers["content-length"] ?? "") ?? .max < text.utf8.count / 10)
        #expect(String(decoding: response.body, as: UTF8.self) == text)
        let acceptEncoding = try #require(server.requests(to: "/gz").first?.headers["accept-encoding"])
        #expect(acceptEncoding.contains("gzip"))
    }

    @Test func requestHeadersAreSentAndInjectionIsRefused() async throws {
        let server = try TestHTTPServer()
        server.route("/h") { _ in .text("ok") }
        let request = HTTPRequest(
            url: server.url("/h"), userAgent: "newswatch/1.0 (+https://example.org)",
            etag: "\"x\"\r\nInjected: 1",
            extraHeaders: ["Accept: application/rss+xml", "X-Bad: a\r\nSmuggled: 1"])
        _ = try await CurlClient().fetch(request)
        let headers = try #require(server.requests(to: "/h").first?.headers)
        #expect(headers["user-agent"] == "newswatch/1.0 (+https://example.org)")
        #expect(headers["accept"] == "application/rss+xml")
        #expect(headers["x-bad"] == nil)
        #expect(headers["smuggled"] == nil)
        #expect(headers["injected"] == nil)
        #expect(headers["if-none-match"] == nil)
    }

    @Test func tlsToAPlainServerFailsAsTLS() async throws {
        let server = try TestHTTPServer()
        let error = await fetchError { () async throws(FetchError) in
            try await CurlClient().fetch(HTTPRequest(url: "https://127.0.0.1:\(server.port)/"))
        }
        guard case .tlsFailed = error else {
            Issue.record("expected tlsFailed, got \(String(describing: error))")
            return
        }
    }
}
