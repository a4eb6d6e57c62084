import Synchronization

/// Scratch buffers shared by the evaluations of one rule set: an evaluation takes one (or
/// makes one), and gives it back when done. Safe to use from any number of tasks at once.
final class ScratchPool: Sendable {
    private let free = Mutex<[MatchScratch]>([])
    /// At most this many idle scratches are kept (one per concurrent evaluation is enough).
    private static let limit = 16
    private let sink = Atomic<Int32>(0)

    /// Stores a value nobody reads: what `MatchContext.warm` loaded, so that its loads stay.
    func keep(_ value: Int32) {
        sink.store(value, ordering: .relaxed)
    }

    func take() -> MatchScratch {
        free.withLock { $0.popLast() } ?? MatchScratch()
    }

    func give(_ scratch: consuming MatchScratch) {
        var scratch = consume scratch
        scratch.reset()
        free.withLock { pool in
            if pool.count < Self.limit { pool.append(scratch) }
        }
    }
}
