import Synchronization

/// An HTTP client on libcurl's multi interface: one dedicated thread drives every transfer;
/// `fetch` suspends the calling task until its transfer completes, fails or is cancelled.
///
/// Every transfer is restricted to http and https (also on redirects), verifies TLS certificates,
/// decodes any compression libcurl supports, and is bounded by the request's timeouts and `maxBody`.
public final class CurlClient: HTTPFetching, Sendable {
    private let core: ClientCore?
    private let setupError: FetchError?
    private let thread: Mutex<LoopThread?>

    /// Creates the client and starts its loop thread.
    /// - Parameters:
    ///   - maxTotalConnections: open connections at most, over all hosts (more transfers wait in line).
    ///   - maxHostConnections: open connections at most to one host.
    public init(maxTotalConnections: Int = 64, maxHostConnections: Int = 2) {
        switch Self.start(maxTotalConnections: maxTotalConnections, maxHostConnections: maxHostConnections) {
        case .success(let (core, loopThread)):
            self.core = core
            setupError = nil
            thread = Mutex(loopThread)
        case .failure(let error):
            core = nil
            setupError = error
            thread = Mutex(nil)
        }
    }

    /// Initializes libcurl, creates the multi handle and starts the loop thread.
    private static func start(maxTotalConnections: Int, maxHostConnections: Int)
        -> Result<(ClientCore, LoopThread), FetchError>
    {
        if let failure = CurlGlobal.ensureInitialized() { return .failure(failure) }
        guard let multi = MultiHandle(maxTotalConnections: maxTotalConnections, maxHostConnections: maxHostConnections)
        else {
            return .failure(.transfer(code: -1, message: "could not create a libcurl multi handle"))
        }
        let core = ClientCore(multi: multi)
        let engine = TransferLoop(core: core)
        guard let loopThread = LoopThread({ engine.run() }) else {
            return .failure(.transfer(code: -1, message: "could not start the transfer thread"))
        }
        return .success((core, loopThread))
    }

    deinit {
        shutdown()
    }

    /// Performs `request`. Any HTTP status (304, 404, 429, 503 ...) is returned as a response;
    /// transport failures, limits, cancellation of the calling task and shutdown throw.
    public func fetch(_ request: HTTPRequest) async throws(FetchError) -> HTTPResponse {
        guard let core else { throw setupError ?? .shutdown }
        try URLPolicy.check(request.url)
        guard let id = core.state.withLock({ $0.reserve() }) else { throw .shutdown }
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (waiter: ClientCore.Waiter) in
                switch core.state.withLock({ $0.start(id, request: request, waiter: waiter) }) {
                case .wakeLoop:
                    core.multi.wakeup()
                case .fail(let waiter, let error):
                    waiter.resume(returning: .failure(error))
                }
            }
        } onCancel: {
            if let waiter = core.state.withLock({ $0.cancel(id) }) {
                waiter.resume(returning: .failure(.cancelled))
                core.multi.wakeup()
            }
        }
        return try result.get()
    }

    /// Changes the connection limits (a reload); transfers in flight keep their connections, and the
    /// next ones follow the new limits.
    public func setConnectionLimits(maxTotalConnections: Int, maxHostConnections: Int) {
        guard let core else { return }
        if core.state.withLock({ $0.setLimits(total: maxTotalConnections, host: maxHostConnections) }) {
            core.multi.wakeup()
        }
    }

    /// Fails every transfer in flight with ``FetchError/shutdown``, stops the loop thread and waits for it.
    /// Later fetches throw ``FetchError/shutdown``. Idempotent; also done on deinit.
    public func shutdown() {
        guard let core else { return }
        let waiters = core.state.withLock { $0.shutDown() }
        for waiter in waiters {
            waiter.resume(returning: .failure(.shutdown))
        }
        core.multi.wakeup()
        guard
            let loopThread = thread.withLock({ slot -> LoopThread? in
                defer { slot = nil }
                return slot
            })
        else { return }
        if loopThread.isCurrent {
            loopThread.detach()
        } else {
            loopThread.join()
        }
    }
}
