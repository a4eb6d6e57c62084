import Synchronization

/// What callers and the loop thread share: the fetch state machine under a lock, and the multi handle
/// (which callers only wake up).
final class ClientCore: Sendable {
    typealias Waiter = CheckedContinuation<Result<HTTPResponse, FetchError>, Never>

    let state = Mutex(FetchStateMachine<Waiter>())
    let multi: MultiHandle

    init(multi: MultiHandle) {
        self.multi = multi
    }
}
