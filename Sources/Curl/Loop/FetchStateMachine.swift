/// Decides, for every fetch, who answers its caller — so that each waiter is resumed exactly once —
/// and queues the commands for the loop thread. Pure state: callers hold it under a lock, perform the
/// returned actions (resume, wake the loop) after releasing it. Generic over the waiter for testing.
///
/// Life of a fetch: `reserve` (an id, before the cancellation handler exists) → `start` (the waiter is
/// known) → exactly one of `finish` (the loop completed it), `cancel` (the task was cancelled) or
/// `shutDown`. A cancel that arrives between `reserve` and `start` is remembered and fails the start.
struct FetchStateMachine<Waiter> {
    private enum Slot {
        case reserved
        case cancelledBeforeStart
        case waiting(Waiter)
    }

    /// What the caller of ``start(_:request:waiter:)`` must do.
    enum StartAction {
        /// The start command is queued: wake the loop.
        case wakeLoop
        /// Answer the waiter at once with this error; nothing was queued.
        case fail(Waiter, FetchError)
    }

    private var slots: [UInt64: Slot] = [:]
    private var commands: [LoopCommand] = []
    private var nextID: UInt64 = 1
    private var stopped = false

    /// Whether ``shutDown()`` has happened.
    var isShutDown: Bool { stopped }

    /// Fetches reserved or waiting (for tests and diagnostics).
    var activeCount: Int { slots.count }

    /// A fresh id for a new fetch, or `nil` after shutdown.
    mutating func reserve() -> UInt64? {
        guard !stopped else { return nil }
        let id = nextID
        nextID &+= 1
        slots[id] = .reserved
        return id
    }

    /// Registers the waiter of a reserved fetch and queues its transfer.
    mutating func start(_ id: UInt64, request: HTTPRequest, waiter: Waiter) -> StartAction {
        if stopped {
            slots[id] = nil
            return .fail(waiter, .shutdown)
        }
        switch slots[id] {
        case .reserved:
            slots[id] = .waiting(waiter)
            commands.append(.start(id: id, request: request))
            return .wakeLoop
        case .cancelledBeforeStart:
            slots[id] = nil
            return .fail(waiter, .cancelled)
        case .waiting, nil:
            // Not reserved or started twice: a programming error; answer rather than hang.
            return .fail(waiter, .transfer(code: -1, message: "internal error: fetch \(id) started twice"))
        }
    }

    /// The task awaiting fetch `id` was cancelled. Returns the waiter to answer with `.cancelled`
    /// (the loop must then be woken to drop the transfer), or `nil` when there is nothing to answer.
    mutating func cancel(_ id: UInt64) -> Waiter? {
        switch slots[id] {
        case .reserved:
            slots[id] = .cancelledBeforeStart
            return nil
        case .waiting(let waiter):
            slots[id] = nil
            if let index = commands.firstIndex(where: { $0.isStart(of: id) }) {
                commands.remove(at: index)  // never handed to the loop: nothing to remove there
            } else {
                commands.append(.cancel(id: id))
            }
            return waiter
        case .cancelledBeforeStart, nil:
            return nil
        }
    }

    /// The loop finished fetch `id`. Returns the waiter to answer, or `nil` if it was answered already.
    mutating func finish(_ id: UInt64) -> Waiter? {
        guard case .waiting(let waiter) = slots[id] else { return nil }
        slots[id] = nil
        return waiter
    }

    /// Stops accepting fetches. Returns every waiter still waiting, to answer with `.shutdown`.
    mutating func shutDown() -> [Waiter] {
        stopped = true
        commands.removeAll()
        var waiters: [Waiter] = []
        for (id, slot) in slots {
            if case .waiting(let waiter) = slot {
                waiters.append(waiter)
                slots[id] = nil
            }
        }
        return waiters
    }

    /// Queues new connection limits; false after shutdown.
    mutating func setLimits(total: Int, host: Int) -> Bool {
        guard !stopped else { return false }
        commands.append(.limits(total: total, host: host))
        return true
    }

    /// For the loop thread: the queued commands, and whether it must stop.
    mutating func takeCommands() -> (commands: [LoopCommand], stop: Bool) {
        guard !stopped else { return ([], true) }
        defer { commands.removeAll(keepingCapacity: true) }
        return (commands, false)
    }
}

extension LoopCommand {
    /// Whether this is the start command of fetch `id`.
    func isStart(of id: UInt64) -> Bool {
        if case .start(id, _) = self { return true }
        return false
    }
}
