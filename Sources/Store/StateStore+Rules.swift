import Foundation
import GRDB

/// How far a catch-up has come (README "Catch up"), for `status`.
public struct CatchUpProgress: Sendable, Equatable {
    public var rules: Int
    public var articlesDone: Int
    public var articlesTotal: Int
    public var alerts: Int
    public var startedAt: Date
    public var updatedAt: Date

    public init(rules: Int, articlesDone: Int, articlesTotal: Int, alerts: Int, startedAt: Date, updatedAt: Date) {
        self.rules = rules
        self.articlesDone = articlesDone
        self.articlesTotal = articlesTotal
        self.alerts = alerts
        self.startedAt = startedAt
        self.updatedAt = updatedAt
    }
}

extension StateStore {
    /// Records the rules now loaded (id → digest of what they match) and forgets those no longer there.
    /// Returns the ids whose catch-up has not been done for their current digest: rules added, or whose
    /// match changed, since the last catch-up that finished.
    public func syncRules(_ digests: [String: String], now: Date) async throws(StoreError) -> Set<String> {
        try await write("record the loaded rules") { db in
            var known: [String: (digest: String, caughtUp: String?)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT rule_id, match_digest, caught_up_digest FROM rule_state") {
                known[row["rule_id"]] = (row["match_digest"], row["caught_up_digest"])
            }
            let insert = try db.cachedStatement(
                sql: "INSERT INTO rule_state (rule_id, match_digest, first_loaded_at, changed_at) VALUES (?, ?, ?, ?)")
            let change = try db.cachedStatement(
                sql: "UPDATE rule_state SET match_digest = ?, changed_at = ? WHERE rule_id = ?")
            var pending = Set<String>()
            for (id, digest) in digests {
                switch known[id] {
                case nil: try insert.execute(arguments: [id, digest, now, now])
                case let row? where row.digest != digest: try change.execute(arguments: [digest, now, id])
                default: break
                }
                if known[id]?.caughtUp != digest { pending.insert(id) }
            }
            let remove = try db.cachedStatement(sql: "DELETE FROM rule_state WHERE rule_id = ?")
            for id in known.keys where digests[id] == nil { try remove.execute(arguments: [id]) }
            return pending
        }
    }

    /// The catch-up of these rules (id → the digest it ran for) is complete.
    public func markCaughtUp(_ digests: [String: String]) async throws(StoreError) {
        try await write("record a finished catch-up") { db in
            let mark = try db.cachedStatement(sql: "UPDATE rule_state SET caught_up_digest = ? WHERE rule_id = ?")
            for (id, digest) in digests { try mark.execute(arguments: [digest, id]) }
            try db.execute(sql: "DELETE FROM catch_up_progress")
        }
    }

    /// Alerts raised by a catch-up, with its progress, in one transaction. Returns the ids that were new.
    public func commitCatchUp(_ alerts: [NewAlert], sinks: [String], progress: CatchUpProgress) async throws(StoreError)
        -> [String]
    {
        try await write("record catch-up alerts") { db in
            let inserted = try Self.insert(alerts, sinks: sinks, in: db)
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO catch_up_progress (id, rules, articles_done, articles_total, alerts, started_at, updated_at)
                    VALUES (1, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    progress.rules, progress.articlesDone, progress.articlesTotal, progress.alerts, progress.startedAt,
                    progress.updatedAt,
                ])
            return inserted
        }
    }

    /// The catch-up under way, if any.
    public func catchUpProgress() async throws(StoreError) -> CatchUpProgress? {
        try await read("read the catch-up progress") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM catch_up_progress WHERE id = 1").map { row in
                CatchUpProgress(
                    rules: row["rules"], articlesDone: row["articles_done"], articlesTotal: row["articles_total"],
                    alerts: row["alerts"], startedAt: row["started_at"], updatedAt: row["updated_at"])
            }
        }
    }

    /// How many articles are kept from `since` on (the size of a catch-up).
    public func keptArticleCount(since: Date) async throws(StoreError) -> Int {
        try await read("count kept articles") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM article WHERE fetched_at >= ?", arguments: [since]) ?? 0
        }
    }
}

/// What one rule's alerts were over a window (README "See what rules do").
public struct RuleActivity: Sendable, Equatable {
    public var lastDay = 0
    public var window = 0
    public var lastAlert: Date?
    /// Alerts per feed inside the window, most first.
    public var feeds: [(feed: String, alerts: Int)] = []

    public init() {}

    public static func == (a: RuleActivity, b: RuleActivity) -> Bool {
        a.lastDay == b.lastDay && a.window == b.window && a.lastAlert == b.lastAlert
            && a.feeds.map(\.feed) == b.feeds.map(\.feed) && a.feeds.map(\.alerts) == b.feeds.map(\.alerts)
    }
}

extension StateStore {
    /// Every rule's alerts since `since` and since `day`, its last alert ever, and its feeds.
    public func ruleActivity(since: Date, day: Date) async throws(StoreError) -> [String: RuleActivity] {
        try await read("read the rules' alerts") { db in
            var result: [String: RuleActivity] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT rule_id, MAX(created_at) AS last FROM alert GROUP BY rule_id")
            {
                var activity = RuleActivity()
                activity.lastAlert = row["last"]
                result[row["rule_id"]] = activity
            }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT rule_id, feed_id, COUNT(*) AS n, SUM(created_at >= ?) AS recent FROM alert
                    WHERE created_at >= ? GROUP BY rule_id, feed_id
                    """, arguments: [day, since])
            for row in rows {
                let rule: String = row["rule_id"]
                let n: Int = row["n"]
                result[rule, default: RuleActivity()].window += n
                result[rule, default: RuleActivity()].lastDay += row["recent"] as Int? ?? 0
                result[rule, default: RuleActivity()].feeds.append((row["feed_id"], n))
            }
            for key in result.keys {
                result[key]?.feeds.sort { $0.alerts == $1.alerts ? $0.feed < $1.feed : $0.alerts > $1.alerts }
            }
            return result
        }
    }

    /// Entries first seen since `since`, over every feed: the denominator of a rule's share.
    public func newEntryCount(since: Date) async throws(StoreError) -> Int {
        try await read("count new entries") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM seen_entry WHERE first_seen_at >= ?", arguments: [since])
                ?? 0
        }
    }

    /// The ids of the rules the service loaded last.
    public func loadedRuleIDs() async throws(StoreError) -> [String] {
        try await read("read the loaded rules") { db in
            try String.fetchAll(db, sql: "SELECT rule_id FROM rule_state ORDER BY rule_id")
        }
    }
}
