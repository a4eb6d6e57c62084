import Foundation

/// What one refresh of one feed did, for the scheduler and the operational log.
public struct RefreshResult: Sendable {
    public enum Outcome: Sendable, Equatable {
        case updated(newEntries: Int, alerts: Int, malformed: Bool)
        case notModified
        case failed(message: String)
    }

    public var feedID: String
    public var outcome: Outcome
    public var nextFetchAt: Date
    public var consecutiveFailures: Int

    public var failed: Bool {
        if case .failed = outcome { return true }
        return false
    }
}
