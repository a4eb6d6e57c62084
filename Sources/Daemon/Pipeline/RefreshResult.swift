import Foundation
import Store

/// What one refresh of one feed did, for the run loop's state (scheduling, failure logging, delivery).
public struct RefreshResult: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case updated(newEntries: Int, alerts: Int, malformed: Bool)
        case notModified
        case failed(FeedFailure)
        /// Stopped mid-transfer by a shutdown: not the feed's fault, nothing was recorded against it.
        case cancelled
    }

    public var feedID: String
    public var outcome: Outcome
    public var nextFetchAt: Date
    public var consecutiveFailures: Int
    /// Articles recorded as sources of alerts raised earlier for their story (README "One alert per story").
    public var addedSources: [AddedSource] = []
    /// `feed-health` alerts this refresh committed (README "Feed health").
    public var healthAlerts = 0

    public init(feedID: String, outcome: Outcome, nextFetchAt: Date, consecutiveFailures: Int) {
        self.feedID = feedID
        self.outcome = outcome
        self.nextFetchAt = nextFetchAt
        self.consecutiveFailures = consecutiveFailures
    }

    public var failure: FeedFailure? {
        if case .failed(let failure) = outcome { return failure }
        return nil
    }

    /// Alerts this refresh committed to the outbox.
    public var alerts: Int {
        if case .updated(_, let alerts, _) = outcome { return alerts }
        return 0
    }
}
