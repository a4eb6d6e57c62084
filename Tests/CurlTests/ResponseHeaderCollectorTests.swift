import Testing

@testable import Curl

@Suite("Collecting the final response's headers")
struct ResponseHeaderCollectorTests {
    @Test(
        arguments: [
            (
                ["HTTP/1.1 200 OK\r\n", "Content-Type: text/xml\r\n", "ETag: \"a\"\r\n", "\r\n"],
                200, ["content-type": "text/xml", "etag": "\"a\""]
            ),
            (
                [
                    "HTTP/1.1 301 Moved\r\n", "Location: /b\r\n", "X-Old: 1\r\n", "\r\n",
                    "HTTP/2 200\r\n", "content-type: application/atom+xml\r\n", "\r\n",
                ],
                200, ["content-type": "application/atom+xml"]
            ),
            (
                ["HTTP/1.1 100 Continue\r\n", "\r\n", "HTTP/1.1 404 Not Found\r\n", "Retry-After: 5\r\n", "\r\n"],
                404, ["retry-after": "5"]
            ),
            (["HTTP/1.1 200 OK\r\n", "Vary: a\r\n", "VARY: b\r\n", "\r\n"], 200, ["vary": "a, b"]),
            (["HTTP/1.1 200 OK\r\n", "X-Folded: one\r\n", "\t two\r\n", "\r\n"], 200, ["x-folded": "one two"]),
            (
                ["HTTP/1.1 200 OK\r\n", "X-Space:   padded \t\r\n", "NoColon\r\n", "X-Empty:\r\n", "\r\n"],
                200, ["x-space": "padded", "x-empty": ""]
            ),
            (["HTTP/1.0 503 Service Unavailable\r\n"], 503, [:]),
        ] as [([String], Int, [String: String])])
    func collects(lines: [String], status: Int, headers: [String: String]) {
        var collector = ResponseHeaderCollector()
        for line in lines {
            let accepted = collector.consume(line: line)
            #expect(accepted)
        }
        #expect(collector.status == status)
        #expect(collector.headers == headers)
    }

    @Test func oversizedHeaderBlockAborts() {
        var collector = ResponseHeaderCollector()
        let statusAccepted = collector.consume(line: "HTTP/1.1 200 OK\r\n")
        #expect(statusAccepted)
        let line = "X-Junk: " + String(repeating: "a", count: 1000) + "\r\n"
        var accepted = true
        for _ in 0..<(ResponseHeaderCollector.maxBlockBytes / 1000 + 2) where accepted {
            accepted = collector.consume(line: line)
        }
        #expect(!accepted)
    }
}
