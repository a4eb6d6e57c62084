import Curl
import Foundation
import Synchronization
import TestSupport
import Testing

@Suite("Concurrency, cancellation and shutdown")
struct LifecycleTests {
    @Test func fiftyConcurrentFetchesAllComplete() async throws {
        let server = try TestHTTPServer()
        for index in 0..<50 {
            server.route("/item/\(index)") { _ in .text("item \(index)") }
        }
        let client = CurlClient(maxTotalConnections: 16, maxHostConnections: 4)
        let bodies = await withTaskGroup(of: (Int, Result<HTTPResponse, FetchError>).self) { group in
            for index in 0..<50 {
                group.addTask {
                    do throws(FetchError) {
                        return (index, .success(try await client.fetch(HTTPRequest(url: server.url("/item/\(index)")))))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var bodies: [Int: String] = [:]
            for await (index, result) in group {
                switch result {
                case .success(let response): bodies[index] = String(decoding: response.body, as: UTF8.self)
                case .failure(let error): Issue.record("fetch \(index) failed: \(error)")
                }
            }
            return bodies
        }
        #expect(bodies.count == 50)
        for index in 0..<50 {
            #expect(bodies[index] == "item \(index)")
        }
        #expect(server.requests.count == 50)
    }

    /// A reload may change `max_concurrent`/`max_per_host`: the client follows without a restart. The
    /// server holds each request until `release` requests are open at once, or every request not yet
    /// finished is (or `patience` passes), so the peak number of open requests shows the limit. Where the
    /// limit is below `release` the hold is short; elsewhere it ends as soon as the requests are open,
    /// however slow the machine.
    @Test func connectionLimitsChangeWhileRunning() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let open = Mutex<(now: Int, peak: Int, finished: Int, release: Int, patience: Double)>((0, 0, 0, 3, 0.3))
        server.route("/hold") { _ in
            let patience = open.withLock { state -> Double in
                state.now += 1
                state.peak = max(state.peak, state.now)
                return state.patience
            }
            // Released when `release` requests are open, or all of the three not yet finished are.
            _ = eventually(patience) { open.withLock { $0.now >= min($0.release, 3 - $0.finished) } }
            open.withLock {
                $0.now -= 1
                $0.finished += 1
            }
            return .text("held")
        }
        let client = CurlClient(maxTotalConnections: 8, maxHostConnections: 1)
        defer { client.shutdown() }
        func peakOfThree(release: Int, patience: Double) async -> Int {
            open.withLock {
                $0.peak = 0
                $0.finished = 0
                $0.release = release
                $0.patience = patience
            }
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        do throws(FetchError) {
                            _ = try await client.fetch(HTTPRequest(url: server.url("/hold")))
                        } catch {
                            Issue.record("fetch failed: \(error)")
                        }
                    }
                }
            }
            return open.withLock { $0.peak }
        }
        // One per host: three requests held a while each never overlap.
        #expect(await peakOfThree(release: 3, patience: 0.3) == 1)
        client.setConnectionLimits(maxTotalConnections: 8, maxHostConnections: 3)
        #expect(await peakOfThree(release: 3, patience: 20) == 3)
        client.setConnectionLimits(maxTotalConnections: 2, maxHostConnections: 3)
        #expect(await peakOfThree(release: 2, patience: 20) == 2)
    }

    @Test func cancellingTheAwaitingTaskThrowsCancelled() async throws {
        let server = try TestHTTPServer()
        addSlowRoute(server, "/slow")
        let client = CurlClient()
        let task = Task { () -> FetchError? in
            await fetchError { () async throws(FetchError) in
                try await client.fetch(HTTPRequest(url: server.url("/slow")))
            }
        }
        #expect(await eventually { server.requests(to: "/slow").count == 1 })
        task.cancel()
        #expect(await task.value == .cancelled)
        // The client stays usable.
        server.route("/ok") { _ in .text("fine") }
        #expect(try await client.fetch(HTTPRequest(url: server.url("/ok"))).status == 200)
    }

    @Test func alreadyCancelledTaskNeverStartsATransfer() async throws {
        let server = try TestHTTPServer()
        server.route("/ok") { _ in .text("fine") }
        let client = CurlClient()
        let task = Task { () -> FetchError? in
            withUnsafeCurrentTask { $0?.cancel() }
            return await fetchError { () async throws(FetchError) in
                try await client.fetch(HTTPRequest(url: server.url("/ok")))
            }
        }
        #expect(await task.value == .cancelled)
        let probe = try await client.fetch(HTTPRequest(url: server.url("/ok")))
        #expect(probe.status == 200)
        #expect(server.requests(to: "/ok").count == 1)
    }

    @Test func shutdownFailsTransfersInFlightAndLaterFetches() async throws {
        let server = try TestHTTPServer()
        addSlowRoute(server, "/slow")
        let client = CurlClient(maxTotalConnections: 8, maxHostConnections: 8)
        let tasks = (0..<3).map { _ in
            Task { () -> FetchError? in
                await fetchError { () async throws(FetchError) in
                    try await client.fetch(HTTPRequest(url: server.url("/slow")))
                }
            }
        }
        #expect(await eventually { server.requests(to: "/slow").count == 3 })
        client.shutdown()
        for task in tasks {
            #expect(await task.value == .shutdown)
        }
        await #expect(throws: FetchError.shutdown) { try await client.fetch(HTTPRequest(url: server.url("/slow"))) }
        client.shutdown()  // idempotent
        #expect(server.requests(to: "/slow").count == 3)
    }

    @Test func clientsCanBeCreatedAndDroppedRepeatedly() async throws {
        let server = try TestHTTPServer()
        server.route("/ok") { _ in .text("fine") }
        for _ in 0..<5 {
            let client = CurlClient()
            #expect(try await client.fetch(HTTPRequest(url: server.url("/ok"))).status == 200)
        }
        #expect(server.requests(to: "/ok").count == 5)
    }
}
