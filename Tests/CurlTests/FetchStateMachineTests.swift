import Testing

@testable import Curl

@Suite("Fetch state machine: each waiter answered exactly once")
struct FetchStateMachineTests {
    typealias Machine = FetchStateMachine<Int>
    static let request = HTTPRequest(url: "http://127.0.0.1/")

    private func started(_ machine: inout Machine, waiter: Int) throws -> UInt64 {
        let reserved = machine.reserve()
        let id = try #require(reserved)
        guard case .wakeLoop = machine.start(id, request: Self.request, waiter: waiter) else {
            Issue.record("start did not queue")
            return id
        }
        return id
    }

    @Test func finishAnswersOnce() throws {
        var machine = Machine()
        let id = try started(&machine, waiter: 7)
        let commands = machine.takeCommands().commands
        #expect(commands == [.start(id: id, request: Self.request)])
        let first = machine.finish(id), second = machine.finish(id), cancelled = machine.cancel(id)
        #expect(first == 7)
        #expect(second == nil)
        #expect(cancelled == nil)
        let leftOver = machine.shutDown()
        #expect(leftOver.isEmpty)
        #expect(machine.activeCount == 0)
    }

    @Test func cancelBeforeTheLoopSawTheStartDropsTheCommand() throws {
        var machine = Machine()
        let id = try started(&machine, waiter: 1)
        let cancelled = machine.cancel(id)
        let commands = machine.takeCommands().commands
        let finished = machine.finish(id), cancelledAgain = machine.cancel(id)
        #expect(cancelled == 1)
        #expect(commands.isEmpty)
        #expect(finished == nil)
        #expect(cancelledAgain == nil)
    }

    @Test func cancelAfterTheLoopStartedQueuesACancel() throws {
        var machine = Machine()
        let id = try started(&machine, waiter: 1)
        _ = machine.takeCommands()
        let cancelled = machine.cancel(id)
        let commands = machine.takeCommands().commands
        let finished = machine.finish(id)
        #expect(cancelled == 1)
        #expect(commands == [.cancel(id: id)])
        #expect(finished == nil)
    }

    @Test func cancelBeforeStartFailsTheStart() throws {
        var machine = Machine()
        let reservedID = machine.reserve()
        let id = try #require(reservedID)
        let cancelled = machine.cancel(id)
        #expect(cancelled == nil)
        guard case .fail(let waiter, let error) = machine.start(id, request: Self.request, waiter: 3) else {
            Issue.record("start after cancel must fail")
            return
        }
        #expect(waiter == 3)
        #expect(error == .cancelled)
        let commands = machine.takeCommands().commands
        #expect(commands.isEmpty)
        #expect(machine.activeCount == 0)
    }

    @Test func shutdownAnswersEveryWaiterAndRefusesNewWork() throws {
        var machine = Machine()
        let first = try started(&machine, waiter: 1)
        let second = try started(&machine, waiter: 2)
        let reservedID = machine.reserve()
        let reserved = try #require(reservedID)
        let answered = machine.shutDown()
        #expect(answered.sorted() == [1, 2])
        let finished = machine.finish(first), cancelled = machine.cancel(second), again = machine.reserve()
        #expect(finished == nil)
        #expect(cancelled == nil)
        #expect(again == nil)
        guard case .fail(4, .shutdown) = machine.start(reserved, request: Self.request, waiter: 4) else {
            Issue.record("start after shutdown must fail with .shutdown")
            return
        }
        let (commands, stop) = machine.takeCommands()
        #expect(commands.isEmpty)
        #expect(stop)
        let secondShutdown = machine.shutDown()
        #expect(secondShutdown.isEmpty)
    }

    @Test func newLimitsAreQueuedInOrderUntilShutdown() throws {
        var machine = Machine()
        let id = try started(&machine, waiter: 1)
        let queued = machine.setLimits(total: 4, host: 2)
        #expect(queued)
        let (commands, _) = machine.takeCommands()
        #expect(commands == [.start(id: id, request: Self.request), .limits(total: 4, host: 2)])
        _ = machine.shutDown()
        let queuedAfterShutdown = machine.setLimits(total: 8, host: 8)
        #expect(!queuedAfterShutdown)
        let (after, _) = machine.takeCommands()
        #expect(after.isEmpty)
    }

    @Test func idsAreDistinct() {
        var machine = Machine()
        let ids = (0..<100).compactMap { _ in machine.reserve() }
        #expect(Set(ids).count == 100)
    }
}
