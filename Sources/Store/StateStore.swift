import Foundation
import GRDB

/// The service's memory, in one SQLite database (WAL mode, so `newswatch status` reads while the service
/// writes): feeds with their validators and health, the entries already seen per feed, and the alert
/// outbox. An alert is committed in the same transaction that marks its entry seen; sinks then take it
/// from the outbox and acknowledge it per sink.
public final class StateStore: Sendable {
    public let path: String
    let pool: DatabasePool

    /// Opens (creating and migrating when needed) the database at `path`. The directory must exist.
    public init(path: String, readOnly: Bool = false) throws(StoreError) {
        self.path = path
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(10)
        config.label = "newswatch.state"
        do {
            pool = try DatabasePool(path: path, configuration: config)
            if !readOnly {
                try Self.migrator.migrate(pool)
            }
        } catch {
            throw StoreError(path: path, operation: readOnly ? "open" : "open or migrate", underlying: error)
        }
    }

    /// Closes the database (a checkpoint of the WAL is done by SQLite on the last connection's close).
    public func close() {
        try? pool.close()
    }

    // MARK: Feeds

    /// One feed's row, through a statement prepared once per connection (this runs for every fetch).
    static func feedState(_ db: Database, id: String) throws -> FeedState? {
        try FeedState.fetchOne(db.cachedStatement(sql: "SELECT * FROM feed WHERE id = ?"), arguments: [id])
    }

    public func feedStates() async throws(StoreError) -> [FeedState] {
        try await read("read feeds") { db in try FeedState.order(Column("id")).fetchAll(db) }
    }

    public func feedState(id: String) async throws(StoreError) -> FeedState? {
        try await read("read feed \(id)") { db in try Self.feedState(db, id: id) }
    }

    /// The digests of the entries of `keys` that `feedID` has seen (an empty string for an entry seen
    /// before digests were kept); a key that is not in the result is new.
    public func seenDigests(feedID: String, keys: [String]) async throws(StoreError) -> [String: String] {
        if keys.isEmpty { return [:] }
        return try await read("read seen entries of \(feedID)") { db in
            let lookup = try db.cachedStatement(
                sql: "SELECT COALESCE(content_digest, '') FROM seen_entry WHERE feed_id = ? AND key = ?")
            var seen: [String: String] = [:]
            for key in Set(keys) {
                if let digest = try String.fetchOne(lookup, arguments: [feedID, key]) { seen[key] = digest }
            }
            return seen
        }
    }

    /// Keys of `keys` that `feedID` has not seen yet, in the given order.
    public func unseenKeys(feedID: String, keys: [String]) async throws(StoreError) -> [String] {
        if keys.isEmpty { return [] }
        let seen: Set<String> = try await read("read seen entries of \(feedID)") { db in
            // One prepared lookup per key: a feed holds tens of entries, and compiling a statement costs
            // more than running this one many times.
            let lookup = try db.cachedStatement(sql: "SELECT 1 FROM seen_entry WHERE feed_id = ? AND key = ?")
            var seen = Set<String>()
            for key in Set(keys) where try Bool.fetchOne(lookup, arguments: [feedID, key]) != nil {
                seen.insert(key)
            }
            return seen
        }
        return keys.filter { !seen.contains($0) }
    }

    /// Records one fetch. For a parsed response, `seenKeys` are marked seen and `alerts` enter the outbox
    /// (one pending delivery per sink) in the same transaction. Returns the ids of alerts that were new
    /// (an alert whose id exists already — the same story from another feed — is not raised again).
    /// `presentKeys`, the entries already seen that are still in the feed, are marked as still there
    /// (at most once a day each, to spare writes). `digests` records what each seen entry's matched text
    /// was (`KeptArticle.contentDigest`, for updates in place), and `articles` are kept for `retain`.
    @discardableResult
    public func commit(
        _ fetch: FetchRecord, seenKeys: [String] = [], presentKeys: [String] = [], alerts: [NewAlert] = [],
        sinks: [String] = [], digests: [String: String] = [:], articles: [KeptArticle] = []
    ) async throws(StoreError) -> [String] {
        try await commitReporting(
            fetch, seenKeys: seenKeys, presentKeys: presentKeys, alerts: alerts, sinks: sinks, digests: digests,
            articles: articles
        ).inserted
    }

    /// ``commit(_:seenKeys:presentKeys:alerts:sinks:digests:articles:)``, also writing the articles' places in
    /// their stories, and saying which alerts were new and which sources were added to earlier alerts of
    /// the same story and rule (README "One alert per story").
    @discardableResult
    public func commitReporting(
        _ fetch: FetchRecord, seenKeys: [String] = [], presentKeys: [String] = [], alerts: [NewAlert] = [],
        sinks: [String] = [], digests: [String: String] = [:], articles: [KeptArticle] = [],
        stories: [StoryArticle] = []
    ) async throws(StoreError) -> CommitOutcome {
        try await write("record the fetch of \(fetch.feedID)") { db in
            var state = try Self.feedState(db, id: fetch.feedID) ?? FeedState(id: fetch.feedID, url: fetch.url)
            state.url = fetch.url
            state.lastFetchAt = fetch.fetchedAt
            state.lastStatus = fetch.status
            state.lastDuration = fetch.duration
            state.nextFetchAt = fetch.nextFetchAt
            state.articles += fetch.articles
            if let health = fetch.health { state.health = health }
            var outcome = CommitOutcome()
            switch fetch.outcome {
            case .parsed(let title, let etag, let lastModified, let malformed):
                state.title = title ?? state.title
                state.etag = etag
                state.lastModified = lastModified
                state.malformed = malformed
                state.lastSuccessAt = fetch.fetchedAt
                state.lastError = malformed ? "malformed feed (recovered what could be parsed)" : nil
                state.lastErrorKind = nil
                state.consecutiveFailures = 0
                let insertSeen = try db.cachedStatement(
                    sql:
                        "INSERT OR IGNORE INTO seen_entry (feed_id, key, first_seen_at, content_digest) VALUES (?, ?, ?, ?)"
                )
                let updateDigest = try db.cachedStatement(
                    sql: "UPDATE seen_entry SET content_digest = ? WHERE feed_id = ? AND key = ?")
                for key in seenKeys {
                    try insertSeen.execute(arguments: [fetch.feedID, key, fetch.fetchedAt, digests[key]])
                    state.entriesSeen += db.changesCount
                    if db.changesCount == 0, let digest = digests[key] {
                        try updateDigest.execute(arguments: [digest, fetch.feedID, key])
                    }
                }
                try Self.keep(articles, in: db)
                if !presentKeys.isEmpty {
                    let touch = try db.cachedStatement(
                        sql: """
                            UPDATE seen_entry SET last_seen_at = ?
                            WHERE feed_id = ? AND key = ? AND COALESCE(last_seen_at, first_seen_at) < ?
                            """)
                    let dayAgo = fetch.fetchedAt.addingTimeInterval(-86400)
                    for key in presentKeys {
                        try touch.execute(arguments: [fetch.fetchedAt, fetch.feedID, key, dayAgo])
                    }
                }
                try Self.place(stories, in: db)
                outcome = try Self.insertReporting(alerts, sinks: sinks, in: db)
                state.alertsRaised += outcome.inserted.count
            case .notModified:
                state.lastSuccessAt = fetch.fetchedAt
                state.lastError = nil
                state.lastErrorKind = nil
                state.consecutiveFailures = 0
            case .failed(let error, let kind):
                state.lastError = error
                state.lastErrorKind = kind
                state.consecutiveFailures += 1
            }
            // A fetch that parsed nothing may still raise a feed-health alert (README "Feed health").
            if case .parsed = fetch.outcome {
            } else if !alerts.isEmpty {
                outcome = try Self.insertReporting(alerts, sinks: sinks, in: db)
            }
            try state.save(db)
            return outcome
        }
    }

    /// Puts alerts in the outbox (one pending delivery per sink); an alert whose id exists already raises
    /// nothing. Returns the ids that were new.
    static func insert(_ alerts: [NewAlert], sinks: [String], in db: Database) throws -> [String] {
        try insertReporting(alerts, sinks: sinks, in: db).inserted
    }

    /// ``insert(_:sinks:in:)``; an alert whose rule has alerted on its story already is not raised: its
    /// article becomes a source of that earlier alert (README "One alert per story").
    static func insertReporting(_ alerts: [NewAlert], sinks: [String], in db: Database) throws -> CommitOutcome {
        let insertAlert = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO alert (id, created_at, rule_id, feed_id, record) VALUES (?, ?, ?, ?, ?)")
        let insertOutbox = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO outbox (alert_id, sink, attempts) VALUES (?, ?, 0)")
        var outcome = CommitOutcome()
        for alert in alerts {
            if let story = alert.story, let earlier = try storyAlert(rule: alert.ruleID, story: story.storyID, in: db),
                earlier != alert.id
            {
                if try addSource(story.source, to: earlier, in: db) {
                    outcome.addedSources.append(
                        AddedSource(
                            alertID: earlier, ruleID: alert.ruleID, storyID: story.storyID, source: story.source))
                }
                continue
            }
            try insertAlert.execute(arguments: [alert.id, alert.createdAt, alert.ruleID, alert.feedID, alert.record])
            guard db.changesCount == 1 else { continue }
            outcome.inserted.append(alert.id)
            for sink in sinks {
                try insertOutbox.execute(arguments: [alert.id, sink])
            }
            if let story = alert.story {
                try recordStoryAlert(alert, story: story, in: db)
            }
        }
        return outcome
    }

    /// Forgets the entries that have not been in their feed since `cutoff`, in feeds fetched successfully
    /// since `fetchedSince` (an entry of a feed that is down may still be in it). Alerts are kept, so an
    /// entry that comes back is matched again but raises no alert twice. Returns how many were forgotten.
    @discardableResult
    public func forgetEntries(notSeenSince cutoff: Date, fetchedSince: Date) async throws(StoreError) -> Int {
        try await write("forget old entries") { db in
            try db.execute(
                sql: """
                    DELETE FROM seen_entry
                    WHERE COALESCE(last_seen_at, first_seen_at) < ?
                      AND feed_id IN (SELECT id FROM feed WHERE last_success_at >= ?)
                    """, arguments: [cutoff, fetchedSince])
            return db.changesCount
        }
    }

    /// Drops the full record (title, snippet, matches) of alerts raised before `cutoff` that every sink
    /// has acknowledged. The row stays, with its id, time, rule and feed: the id is what keeps the same
    /// story from raising the alert again, and it costs a few dozen bytes where a record costs one or two
    /// kilobytes. Returns how many records were dropped.
    @discardableResult
    public func compactAlerts(raisedBefore cutoff: Date) async throws(StoreError) -> Int {
        try await write("compact old alerts") { db in
            try db.execute(
                sql: """
                    UPDATE alert SET record = ''
                    WHERE created_at < ? AND record <> ''
                      AND NOT EXISTS (SELECT 1 FROM outbox WHERE outbox.alert_id = alert.id)
                    """, arguments: [cutoff])
            return db.changesCount
        }
    }

    /// Moves the next fetch time of a feed (e.g. after a reload changed its interval).
    public func schedule(feedID: String, url: String, nextFetchAt: Date) async throws(StoreError) {
        try await write("schedule \(feedID)") { db in
            var state = try Self.feedState(db, id: feedID) ?? FeedState(id: feedID, url: url)
            state.url = url
            state.nextFetchAt = nextFetchAt
            try state.save(db)
        }
    }

    // MARK: Outbox

    /// Alerts not yet acknowledged by `sink`, oldest first.
    public func pending(sink: String, limit: Int = 1000) async throws(StoreError) -> [PendingDelivery] {
        try await read("read pending alerts") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT o.alert_id, o.sink, o.attempts, a.record, a.created_at FROM outbox o JOIN alert a ON a.id = o.alert_id
                    WHERE o.sink = ? ORDER BY a.created_at, a.id LIMIT ?
                    """, arguments: [sink, limit]
            ).map { row in
                PendingDelivery(
                    alertID: row["alert_id"], sink: row["sink"], record: row["record"], attempts: row["attempts"],
                    createdAt: row["created_at"])
            }
        }
    }

    /// Deliveries not yet acknowledged: one per alert and sink.
    public func pendingCount() async throws(StoreError) -> Int {
        try await read("count pending deliveries") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0
        }
    }

    /// Alerts that at least one sink has not acknowledged.
    public func pendingAlertCount() async throws(StoreError) -> Int {
        try await read("count pending alerts") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT alert_id) FROM outbox") ?? 0
        }
    }

    /// Those of `alertIDs` that `sink` has not acknowledged yet.
    public func pendingAlertIDs(sink: String, among alertIDs: [String]) async throws(StoreError) -> Set<String> {
        if alertIDs.isEmpty { return [] }
        return try await read("read pending alerts") { db in
            let lookup = try db.cachedStatement(sql: "SELECT 1 FROM outbox WHERE alert_id = ? AND sink = ?")
            var pending = Set<String>()
            for id in alertIDs where try Bool.fetchOne(lookup, arguments: [id, sink]) != nil { pending.insert(id) }
            return pending
        }
    }

    public func markDelivered(alertID: String, sink: String) async throws(StoreError) {
        try await write("acknowledge alert \(alertID)") { db in
            try db.cachedStatement(sql: "DELETE FROM outbox WHERE alert_id = ? AND sink = ?").execute(arguments: [
                alertID, sink,
            ])
        }
    }

    public func markFailed(alertID: String, sink: String, error: String) async throws(StoreError) {
        try await write("record a failed delivery of \(alertID)") { db in
            try db.execute(
                sql: "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE alert_id = ? AND sink = ?",
                arguments: [error, alertID, sink])
        }
    }

    // MARK: Plumbing

    func read<T: Sendable>(_ what: String, _ body: @Sendable @escaping (Database) throws -> T) async throws(StoreError)
        -> T
    {
        do {
            return try await pool.read(body)
        } catch {
            throw StoreError(path: path, operation: what, underlying: error)
        }
    }

    func write<T: Sendable>(_ what: String, _ body: @Sendable @escaping (Database) throws -> T) async throws(StoreError)
        -> T
    {
        do {
            return try await pool.write(body)
        } catch {
            throw StoreError(path: path, operation: what, underlying: error)
        }
    }
}

extension StateStore {
    /// The stored records of the given alert ids (those that exist and were not compacted), keyed by id.
    public func alertRecords(ids: [String]) async throws(StoreError) -> [String: String] {
        if ids.isEmpty { return [:] }
        return try await read("read alerts") { db in
            var result: [String: String] = [:]
            var start = 0
            while start < ids.count {
                let chunk = Array(ids[start..<min(start + 500, ids.count)])
                start += 500
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                for row in try Row.fetchAll(
                    db, sql: "SELECT id, record FROM alert WHERE id IN (\(marks)) AND record <> ''",
                    arguments: StatementArguments(chunk))
                {
                    result[row["id"]] = row["record"]
                }
            }
            return result
        }
    }
}
