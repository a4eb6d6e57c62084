import Foundation
import GRDB

/// What the state database remembers about one feed: its validators for conditional GET and its health,
/// as `newswatch status` shows it.
public struct FeedState: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
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
    public var consecutiveFailures: Int
    public var entriesSeen: Int
    public var alertsRaised: Int
    public var nextFetchAt: Date?
    public var malformed: Bool
    public var lastDuration: Double?

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case id, url, title, etag
        case lastModified = "last_modified"
        case lastFetchAt = "last_fetch_at"
        case lastSuccessAt = "last_success_at"
        case lastStatus = "last_status"
        case lastError = "last_error"
        case consecutiveFailures = "consecutive_failures"
        case entriesSeen = "entries_seen"
        case alertsRaised = "alerts_raised"
        case nextFetchAt = "next_fetch_at"
        case malformed
        case lastDuration = "last_duration"
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
