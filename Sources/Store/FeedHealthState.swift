import Foundation

/// What the state database keeps of a feed's health (README "Feed health"): since when it fails, when it
/// last had a new entry, the episode a `feed-health` alert was raised for, and where a permanent
/// redirect points.
public struct FeedHealthState: Sendable, Equatable {
    /// The first failure after the last success; nil while it works.
    public var failingSince: Date?
    /// The last fetch that found a new entry (or the first fetch).
    public var lastNewAt: Date?
    /// The episode a `feed-health` alert stands for, until it recovers.
    public var episode: HealthEpisode?
    /// The URL a permanent redirect (301, 308) sent the feed to, once alerted.
    public var movedTo: String?

    public init(
        failingSince: Date? = nil, lastNewAt: Date? = nil, episode: HealthEpisode? = nil, movedTo: String? = nil
    ) {
        self.failingSince = failingSince
        self.lastNewAt = lastNewAt
        self.episode = episode
        self.movedTo = movedTo
    }
}

/// A health episode of a feed that raised an alert.
public struct HealthEpisode: Sendable, Equatable {
    /// `failing`, `gone` (410) or `quiet`.
    public var kind: String
    public var since: Date
    public var alertID: String

    public init(kind: String, since: Date, alertID: String) {
        self.kind = kind
        self.since = since
        self.alertID = alertID
    }
}
