import Foundation

/// An alert to commit to the outbox together with the entries that raised it.
public struct NewAlert: Sendable, Equatable {
    public var id: String
    public var createdAt: Date
    public var ruleID: String
    public var feedID: String
    /// The alert record, encoded (JSON); the sinks decode it for delivery.
    public var record: String
    /// The alert's story, unless stories are off (README "One alert per story").
    public var story: StoryLink?

    public init(id: String, createdAt: Date, ruleID: String, feedID: String, record: String, story: StoryLink? = nil) {
        self.id = id
        self.createdAt = createdAt
        self.ruleID = ruleID
        self.feedID = feedID
        self.record = record
        self.story = story
    }
}

/// An alert that a sink has not yet acknowledged.
public struct PendingDelivery: Sendable, Equatable {
    public var alertID: String
    public var sink: String
    public var record: String
    public var attempts: Int
    /// When the alert was raised (a digest gathers the alerts of its period by it).
    public var createdAt: Date = .distantPast
}
