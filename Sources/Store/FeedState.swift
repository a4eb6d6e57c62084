import Foundation
import GRDB

/// What the state database remembers about one feed: its validators for conditional GET and its health,
/// as `newswatch status` shows it.
public struct FeedState: Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "feed"

    public var id: String
    public var url: String
    public var title: String?
    public var etag: String?
    public var lastModified: String?
    public var lastFetchAt: Date?
    public var lastSuccessAt: Date?
    public var lastStatus: Int?
    public var lastError: String?
    /// The kind of the last failure (`FeedFailure.kindName` in the service), nil when it works.
    public var lastErrorKind: String?
    public var consecutiveFailures: Int
    public var entriesSeen: Int
    public var alertsRaised: Int
    public var nextFetchAt: Date?
    public var malformed: Bool
    public var lastDuration: Double?
    /// Article pages of this feed's entries: requested, failed, matched on the feed's text instead, much
    /// longer than the feed's text, and not fetched by `auto` (README "Full article text").
    public var articles = ArticleTally()
    /// Its health as `feed-health` alerts see it (README "Feed health").
    public var health = FeedHealthState()

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case id, url, title, etag
        case lastModified = "last_modified"
        case lastFetchAt = "last_fetch_at"
        case lastSuccessAt = "last_success_at"
        case lastStatus = "last_status"
        case lastError = "last_error"
        case lastErrorKind = "last_error_kind"
        case consecutiveFailures = "consecutive_failures"
        case entriesSeen = "entries_seen"
        case alertsRaised = "alerts_raised"
        case nextFetchAt = "next_fetch_at"
        case malformed
        case lastDuration = "last_duration"
        case articleFetches = "article_fetches"
        case articleFailures = "article_failures"
        case articleFallbacks = "article_fallbacks"
        case articleLonger = "article_longer"
        case articleSkipped = "article_skipped"
        case failingSince = "failing_since"
        case lastNewAt = "last_new_at"
        case healthKind = "health_kind"
        case healthSince = "health_since"
        case healthAlert = "health_alert"
        case movedTo = "moved_to"
    }

    /// Written column by column: the Codable path costs more than the rest of a fetch's bookkeeping, and
    /// this runs once per fetch.
    public func encode(to container: inout PersistenceContainer) {
        container[CodingKeys.id] = id
        container[CodingKeys.url] = url
        container[CodingKeys.title] = title
        container[CodingKeys.etag] = etag
        container[CodingKeys.lastModified] = lastModified
        container[CodingKeys.lastFetchAt] = lastFetchAt
        container[CodingKeys.lastSuccessAt] = lastSuccessAt
        container[CodingKeys.lastStatus] = lastStatus
        container[CodingKeys.lastError] = lastError
        container[CodingKeys.lastErrorKind] = lastErrorKind
        container[CodingKeys.consecutiveFailures] = consecutiveFailures
        container[CodingKeys.entriesSeen] = entriesSeen
        container[CodingKeys.alertsRaised] = alertsRaised
        container[CodingKeys.nextFetchAt] = nextFetchAt
        container[CodingKeys.malformed] = malformed
        container[CodingKeys.lastDuration] = lastDuration
        container[CodingKeys.articleFetches] = articles.fetched
        container[CodingKeys.articleFailures] = articles.failed
        container[CodingKeys.articleFallbacks] = articles.fellBack
        container[CodingKeys.articleLonger] = articles.longer
        container[CodingKeys.articleSkipped] = articles.skipped
        container[CodingKeys.failingSince] = health.failingSince
        container[CodingKeys.lastNewAt] = health.lastNewAt
        container[CodingKeys.healthKind] = health.episode?.kind
        container[CodingKeys.healthSince] = health.episode?.since
        container[CodingKeys.healthAlert] = health.episode?.alertID
        container[CodingKeys.movedTo] = health.movedTo
    }

    /// Read column by column, for the same reason. A value of the wrong type (a database edited by
    /// hand) is an error, not a crash.
    public init(row: Row) throws {
        id = try row.decode(forColumn: CodingKeys.id.rawValue)
        url = try row.decode(forColumn: CodingKeys.url.rawValue)
        title = try row.decode(forColumn: CodingKeys.title.rawValue)
        etag = try row.decode(forColumn: CodingKeys.etag.rawValue)
        lastModified = try row.decode(forColumn: CodingKeys.lastModified.rawValue)
        lastFetchAt = try row.decode(forColumn: CodingKeys.lastFetchAt.rawValue)
        lastSuccessAt = try row.decode(forColumn: CodingKeys.lastSuccessAt.rawValue)
        lastStatus = try row.decode(forColumn: CodingKeys.lastStatus.rawValue)
        lastError = try row.decode(forColumn: CodingKeys.lastError.rawValue)
        lastErrorKind = try row.decode(forColumn: CodingKeys.lastErrorKind.rawValue)
        consecutiveFailures = try row.decode(forColumn: CodingKeys.consecutiveFailures.rawValue)
        entriesSeen = try row.decode(forColumn: CodingKeys.entriesSeen.rawValue)
        alertsRaised = try row.decode(forColumn: CodingKeys.alertsRaised.rawValue)
        nextFetchAt = try row.decode(forColumn: CodingKeys.nextFetchAt.rawValue)
        malformed = try row.decode(forColumn: CodingKeys.malformed.rawValue)
        lastDuration = try row.decode(forColumn: CodingKeys.lastDuration.rawValue)
        articles = try ArticleTally(
            fetched: row.decode(forColumn: CodingKeys.articleFetches.rawValue),
            failed: row.decode(forColumn: CodingKeys.articleFailures.rawValue),
            fellBack: row.decode(forColumn: CodingKeys.articleFallbacks.rawValue),
            longer: row.decode(forColumn: CodingKeys.articleLonger.rawValue),
            skipped: row.decode(forColumn: CodingKeys.articleSkipped.rawValue))
        var episode: HealthEpisode?
        if let kind: String = try row.decode(forColumn: CodingKeys.healthKind.rawValue),
            let since: Date = try row.decode(forColumn: CodingKeys.healthSince.rawValue),
            let alert: String = try row.decode(forColumn: CodingKeys.healthAlert.rawValue)
        {
            episode = HealthEpisode(kind: kind, since: since, alertID: alert)
        }
        health = try FeedHealthState(
            failingSince: row.decode(forColumn: CodingKeys.failingSince.rawValue),
            lastNewAt: row.decode(forColumn: CodingKeys.lastNewAt.rawValue), episode: episode,
            movedTo: row.decode(forColumn: CodingKeys.movedTo.rawValue))
    }

    public init(id: String, url: String) {
        self.id = id
        self.url = url
        self.consecutiveFailures = 0
        self.entriesSeen = 0
        self.alertsRaised = 0
        self.malformed = false
    }
}
