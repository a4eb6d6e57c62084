import Curl
import Foundation
import TestSupport
import Testing

@Suite("Limits: body size, timeouts, refused connections")
struct LimitTests {
    struct BodyCase: Sendable, CustomStringConvertible {
        var name: String
        var size: Int
        var limit: Int
        var gzip: Bool
        var sendsContentLength: Bool
        var tooLarge: Bool
        var description: String { name }
    }

    static let bodyCases: [BodyCase] = [
        BodyCase(
            name: "plain, Content-Length over the limit", size: 2 << 20, limit: 1 << 20, gzip: false,
            sendsContentLength: true, tooLarge: true),
        BodyCase(
            name: "plain, no Content-Length", size: 2 << 20, limit: 1 << 20, gzip: false,
            sendsContentLength: false, tooLarge: true),
        BodyCase(
            name: "gzip bomb: small on the wire, large decoded", size: 4 << 20, limit: 1 << 20, gzip: true,
            sendsContentLength: true, tooLarge: true),
        BodyCase(
            name: "gzip, no Content-Length", size: 4 << 20, limit: 1 << 20, gzip: true,
            sendsContentLength: false, tooLarge: true),
        BodyCase(
            name: "exactly at the limit", size: 1 << 20, limit: 1 << 20, gzip: false,
            sendsContentLength: true, tooLarge: false),
        BodyCase(
            name: "gzip exactly at the limit", size: 1 << 20, limit: 1 << 20, gzip: true,
            sendsContentLength: true, tooLarge: false),
    ]

    @Test(arguments: bodyCases)
    func maxBody(_ testCase: BodyCase) async throws {
        let server = try TestHTTPServer()
        let line = Data("<item>special forces</item>\n".utf8)
        var body = Data(capacity: testCase.size)
        while body.count < testCase.size { body.append(line) }
        body = body.prefix(testCase.size)
        let response = TestResponse(body: body, gzip: testCase.gzip, sendsContentLength: testCase.sendsContentLength)
        server.route("/big") { _ in response }
        let request = HTTPRequest(url: server.url("/big"), maxBody: testCase.limit)
        let client = CurlClient()
        if testCase.tooLarge {
            await #expect(throws: FetchError.bodyTooLarge(limit: testCase.limit, status: 200)) {
                try await client.fetch(request)
            }
        } else {
            let fetched = try await client.fetch(request)
            #expect(fetched.body == body)
        }
    }

    @Test func slowServerTimesOut() async throws {
        let server = try TestHTTPServer()
        addSlowRoute(server, "/slow")
        let request = HTTPRequest(url: server.url("/slow"), timeout: .milliseconds(300))
        await #expect(throws: FetchError.timedOut) { try await CurlClient().fetch(request) }
    }

    @Test func refusedConnectionIsConnectFailed() async throws {
        let server = try TestHTTPServer()
        let url = server.url("/feed")
        server.stop()
        let error = await fetchError { () async throws(FetchError) in
            try await CurlClient().fetch(HTTPRequest(url: url))
        }
        guard case .connectFailed(let message) = error else {
            Issue.record("expected connectFailed, got \(String(describing: error))")
            return
        }
        #expect(!message.isEmpty)
    }
}
