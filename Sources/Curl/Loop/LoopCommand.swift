/// Work handed from callers to the transfer loop thread.
enum LoopCommand: Sendable, Equatable {
    /// Create the transfer for fetch `id` and add it to the multi handle.
    case start(id: UInt64, request: HTTPRequest)
    /// Remove fetch `id`'s transfer, if still running (its caller has already been answered).
    case cancel(id: UInt64)
    /// Set the multi handle's connection limits (a reload changed them).
    case limits(total: Int, host: Int)
}
