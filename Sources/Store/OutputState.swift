import Foundation

/// How one output fares (README "Outputs", `status`): what it delivered, what failed for good (a
/// webhook's 4xx), what waits, and since when it fails with which error.
public struct OutputState: Sendable, Equatable {
    public var sink: String
    public var delivered: Int = 0
    public var failed: Int = 0
    public var pending: Int = 0
    public var lastDeliveredAt: Date?
    public var failingSince: Date?
    public var lastError: String?
    public var lastErrorAt: Date?

    public init(sink: String) {
        self.sink = sink
    }
}
