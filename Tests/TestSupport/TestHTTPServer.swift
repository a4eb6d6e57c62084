import Foundation

/// A real HTTP/1.1 server on 127.0.0.1 (an ephemeral port) for tests: routes by path, records every
/// request, answers unknown paths with 404, one thread per connection, `Connection: close` on every response.
public final class TestHTTPServer: Sendable {
    private let core: ServerCore

    /// Binds 127.0.0.1:0 and starts accepting.
    public init() throws {
        core = try ServerCore()
        core.startAccepting()
    }

    deinit {
        core.stop()
    }

    /// The bound port.
    public var port: Int { core.port }

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// `baseURL` followed by `path` (which starts with "/").
    public func url(_ path: String) -> String { baseURL + path }

    /// Answers requests for `path` (query ignored) with `handler`, replacing any earlier route for it.
    public func route(_ path: String, _ handler: @escaping @Sendable (RecordedRequest) -> TestResponse) {
        core.setRoute(path, handler)
    }

    /// Serves a fixed document at `path` with validators; answers `304 Not Modified` when the request's
    /// `If-None-Match` matches `etag`, or (without `If-None-Match`) its `If-Modified-Since` equals `lastModified`.
    /// Call again to change the document.
    public func serve(
        _ path: String, body: String, contentType: String = "application/rss+xml", etag: String? = nil,
        lastModified: String? = nil, gzip: Bool = false
    ) {
        let payload = Data(body.utf8)
        var validators: [String] = []
        if let etag { validators.append("ETag: \(etag)") }
        if let lastModified { validators.append("Last-Modified: \(lastModified)") }
        route(path) { [validators] request in
            if Self.isNotModified(request, etag: etag, lastModified: lastModified) {
                return TestResponse(status: 304, headers: validators)
            }
            return TestResponse(
                status: 200, headers: ["Content-Type: \(contentType)"] + validators, body: payload, gzip: gzip)
        }
    }

    /// Every request received so far, in arrival order (recorded before its handler runs).
    public var requests: [RecordedRequest] { core.requests }

    /// The requests whose path (without query) is `path`.
    public func requests(to path: String) -> [RecordedRequest] {
        core.requests.filter { $0.pathWithoutQuery == path }
    }

    /// Stops accepting and interrupts open connections (delayed responses are abandoned). Idempotent.
    public func stop() {
        core.stop()
    }

    static func isNotModified(_ request: RecordedRequest, etag: String?, lastModified: String?) -> Bool {
        if let candidates = request.headers["if-none-match"] {
            guard let etag else { return false }
            let wanted = weak(etag)
            return candidates.split(separator: ",").contains { candidate in
                let tag = candidate.trimmingCharacters(in: .whitespaces)
                return tag == "*" || weak(tag) == wanted
            }
        }
        if let since = request.headers["if-modified-since"], let lastModified {
            return since == lastModified
        }
        return false
    }

    private static func weak(_ tag: String) -> String {
        tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag
    }
}
