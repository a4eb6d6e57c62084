import Basics

/// A joinable POSIX thread running one closure, outside Swift's cooperative thread pool.
final class LoopThread: Sendable {
    /// Carries the closure into the new thread through an `Unmanaged` pointer.
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    private let handle: pthread_t

    /// Starts `body` on a new thread; `nil` if no thread could be created.
    init?(_ body: sending @escaping () -> Void) {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { context in
                guard let context else { return nil }
                Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
                return nil
            }, context)
        guard started == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            return nil
        }
        handle = thread
    }

    /// Whether the caller is running on this thread.
    var isCurrent: Bool { pthread_equal(pthread_self(), handle) != 0 }

    /// Waits for the thread to end. Call at most once, never from the thread itself.
    func join() {
        _ = pthread_join(handle, nil)
    }

    /// Lets the thread end on its own (when joining is impossible, e.g. from the thread itself).
    func detach() {
        _ = pthread_detach(handle)
    }
}
