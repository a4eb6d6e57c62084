/// Bounds article-page fetches so that they never starve feed fetches (README "Full article text"): at
/// most `total` pages in flight over all hosts, and at most `perHost` to one host, so that a feed on the
/// same host always finds a connection slot free. Waiters are served in order.
public actor ArticleGate {
    private var total: Int
    private var perHost: Int
    private var inFlight = 0
    private var byHost: [String: Int] = [:]
    private var waiting: [(host: String, continuation: CheckedContinuation<Void, Never>)] = []

    /// Limits derived from the feed limits: half the connections, and one less than a host's.
    public init(maxConcurrent: Int, maxPerHost: Int) {
        total = max(1, maxConcurrent / 2)
        perHost = max(1, maxPerHost - 1)
    }

    /// Pages in flight now.
    var inFlightCount: Int { inFlight }

    func setLimits(maxConcurrent: Int, maxPerHost: Int) {
        total = max(1, maxConcurrent / 2)
        perHost = max(1, maxPerHost - 1)
        wakeWaiters()
    }

    /// Waits for a slot for `host`; every `acquire` must be followed by one `release` of the same host.
    func acquire(host: String) async {
        if waiting.isEmpty && canStart(host) {
            start(host)
            return
        }
        await withCheckedContinuation { waiting.append((host, $0)) }
    }

    func release(host: String) {
        inFlight -= 1
        byHost[host, default: 1] -= 1
        if byHost[host] == 0 { byHost[host] = nil }
        wakeWaiters()
    }

    private func canStart(_ host: String) -> Bool {
        inFlight < total && byHost[host, default: 0] < perHost
    }

    private func start(_ host: String) {
        inFlight += 1
        byHost[host, default: 0] += 1
    }

    /// Starts every waiter that fits, in order; one whose host is full does not hold up the others.
    private func wakeWaiters() {
        var index = 0
        while index < waiting.count && inFlight < total {
            if canStart(waiting[index].host) {
                let waiter = waiting.remove(at: index)
                start(waiter.host)
                waiter.continuation.resume()
            } else {
                index += 1
            }
        }
    }
}
