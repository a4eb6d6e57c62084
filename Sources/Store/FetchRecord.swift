import Foundation

/// The outcome of one fetch of one feed, as the store records it.
public struct FetchRecord: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// A 2xx response that was parsed (possibly recovered from malformed XML).
        case parsed(title: String?, etag: String?, lastModified: String?, malformed: Bool)
        /// 304 Not Modified: the stored validators still hold.
        case notModified
        /// Anything else: a transport error, an HTTP error status, an unparseable body; `kind` names
        /// which, for code (`http-503`, `resolve`), `error` says it for a person.
        case failed(error: String, kind: String)
    }

    public var feedID: String
    public var url: String
    public var status: Int?
    public var fetchedAt: Date
    public var duration: Double
    public var nextFetchAt: Date
    public var outcome: Outcome
    /// What this fetch did with article pages, added to the feed's totals.
    public var articles = ArticleTally()
    /// The feed's health after this fetch (README "Feed health"); nil leaves it as it was.
    public var health: FeedHealthState?

    public init(
        feedID: String, url: String, status: Int?, fetchedAt: Date, duration: Double, nextFetchAt: Date,
        outcome: Outcome
    ) {
        self.feedID = feedID
        self.url = url
        self.status = status
        self.fetchedAt = fetchedAt
        self.duration = duration
        self.nextFetchAt = nextFetchAt
        self.outcome = outcome
    }
}
