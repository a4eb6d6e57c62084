import Synchronization

/// Remembers which problems were logged already, so that a problem that repeats is logged once per start
/// of the service (article-page failures per feed and kind, README "Full article text").
final class OnceSet: Sendable {
    private let seen = Mutex(Set<String>())

    /// True the first time `key` is given.
    func isFirst(_ key: String) -> Bool {
        seen.withLock { $0.insert(key).inserted }
    }
}
