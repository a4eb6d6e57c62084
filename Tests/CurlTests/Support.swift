import Curl
import Foundation
import TestSupport

/// The error `body` threw, or `nil` if it returned.
func fetchError(_ body: () async throws(FetchError) -> HTTPResponse) async -> FetchError? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error
    }
}

/// Polls `condition` until it holds (or about 20 s pass); returns whether it held.
func eventually(_ condition: () -> Bool) async -> Bool {
    for _ in 0..<2000 {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

/// A slow route that answers after `delay` (abandoned early when the client hangs up).
func addSlowRoute(_ server: TestHTTPServer, _ path: String, delay: Duration = .seconds(30)) {
    server.route(path) { _ in TestResponse(text: "late", delay: delay) }
}
