import Foundation
import GRDB

/// Stories (README "One alert per story"): which story each recent article belongs to, the alert of each
/// story and rule, and the sources of each alert.
extension StateStore {
    /// Writes the articles' places in their stories (inside the refresh's transaction).
    static func place(_ articles: [StoryArticle], in db: Database) throws {
        guard !articles.isEmpty else { return }
        let insert = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO story_article (key, story_id, seen_at, canonical, signature)
                VALUES (?, ?, ?, ?, ?)
                """)
        for article in articles {
            try insert.execute(arguments: [
                article.key, article.storyID, article.seenAt, article.canonical, Data(article.signature),
            ])
        }
    }

    /// The alert a rule raised for a story, if it did.
    static func storyAlert(rule: String, story: Int64, in db: Database) throws -> String? {
        try String.fetchOne(
            db.cachedStatement(sql: "SELECT alert_id FROM story_alert WHERE rule_id = ? AND story_id = ?"),
            arguments: [rule, story])
    }

    /// Records `source` on `alertID`; false when it was recorded already.
    static func addSource(_ source: StorySource, to alertID: String, in db: Database) throws -> Bool {
        try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO story_source (alert_id, article_key, feed_id, url, title, seen_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [alertID, source.articleKey, source.feedID, source.url, source.title, source.seenAt])
        return db.changesCount == 1
    }

    /// A new alert stands for its story and rule, with its own article as the first source.
    static func recordStoryAlert(_ alert: NewAlert, story: StoryLink, in db: Database) throws {
        try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO story_alert (rule_id, story_id, alert_id, created_at) VALUES (?, ?, ?, ?)"
        ).execute(arguments: [alert.ruleID, story.storyID, alert.id, alert.createdAt])
        _ = try addSource(story.source, to: alert.id, in: db)
    }

    /// The articles seen since `since`, oldest first, to rebuild the story index at start.
    public func storyArticles(since: Date) async throws(StoreError) -> [StoryArticle] {
        try await read("read the story index") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT key, story_id, seen_at, canonical, signature FROM story_article
                    WHERE seen_at >= ? ORDER BY seen_at, key
                    """, arguments: [since]
            ).map { row in
                let signature: Data = row["signature"] ?? Data()
                return StoryArticle(
                    key: row["key"], storyID: row["story_id"], seenAt: row["seen_at"], canonical: row["canonical"],
                    signature: [UInt8](signature))
            }
        }
    }

    /// The largest story id given so far (0 when none): new stories are numbered after it.
    public func lastStoryID() async throws(StoreError) -> Int64 {
        try await read("read the last story id") { db in
            // Also the stories of alerts whose articles the window has dropped: an id is never given twice.
            try Int64.fetchOne(
                db,
                sql: """
                    SELECT MAX(id) FROM (SELECT MAX(story_id) AS id FROM story_article
                                         UNION ALL SELECT MAX(story_id) FROM story_alert)
                    """) ?? 0
        }
    }

    /// How many sources each of `alertIDs` has (absent: none recorded, stories off when it was raised).
    public func sourceCounts(alertIDs: [String]) async throws(StoreError) -> [String: Int] {
        try await read("count story sources") { db in
            var counts: [String: Int] = [:]
            for row in try Self.rows(
                db, "SELECT alert_id, COUNT(*) AS n FROM story_source WHERE alert_id IN (?) GROUP BY alert_id", alertIDs
            ) {
                counts[row["alert_id"]] = row["n"]
            }
            return counts
        }
    }

    /// The rows of `sql` whose `IN (?)` is each of `values`, asked 500 at a time.
    static func rows(_ db: Database, _ sql: String, _ values: [String]) throws -> [Row] {
        var rows: [Row] = []
        for start in stride(from: 0, to: values.count, by: 500) {
            let chunk = Array(values[start..<min(start + 500, values.count)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            rows += try Row.fetchAll(
                db, sql: sql.replacingOccurrences(of: "IN (?)", with: "IN (\(marks))"),
                arguments: StatementArguments(chunk))
        }
        return rows
    }

    /// The alerts of a story (one per rule that fired on it) and each one's sources, oldest first.
    public func storySources(story: Int64) async throws(StoreError) -> [(
        alertID: String, ruleID: String, sources: [StorySource]
    )] {
        try await read("read a story's sources") { db in
            let alerts = try Row.fetchAll(
                db, sql: "SELECT alert_id, rule_id FROM story_alert WHERE story_id = ? ORDER BY created_at, rule_id",
                arguments: [story])
            return try alerts.map { row in
                let alertID: String = row["alert_id"]
                let sources = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT article_key, feed_id, url, title, seen_at FROM story_source
                        WHERE alert_id = ? ORDER BY seen_at, article_key
                        """, arguments: [alertID]
                ).map { s in
                    StorySource(
                        articleKey: s["article_key"], feedID: s["feed_id"], url: s["url"], title: s["title"],
                        seenAt: s["seen_at"])
                }
                return (alertID, row["rule_id"], sources)
            }
        }
    }

    /// The story of each of the articles `articleKeys` that the window still places in one.
    public func storyIDs(articleKeys: [String]) async throws(StoreError) -> [String: Int64] {
        try await read("read articles' stories") { db in
            var stories: [String: Int64] = [:]
            for row in try Self.rows(db, "SELECT key, story_id FROM story_article WHERE key IN (?)", articleKeys) {
                stories[row["key"]] = row["story_id"]
            }
            return stories
        }
    }

    /// The story of each of `alertIDs` that has one.
    public func storyIDs(alertIDs: [String]) async throws(StoreError) -> [String: Int64] {
        try await read("read alerts' stories") { db in
            var stories: [String: Int64] = [:]
            for row in try Self.rows(db, "SELECT alert_id, story_id FROM story_alert WHERE alert_id IN (?)", alertIDs) {
                stories[row["alert_id"]] = row["story_id"]
            }
            return stories
        }
    }

    /// Stories seen since `since`: how many, and how many were reported by more than one article.
    public func storyCounts(since: Date) async throws(StoreError) -> (stories: Int, shared: Int) {
        try await read("count stories") { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS stories, COALESCE(SUM(n > 1), 0) AS shared FROM
                        (SELECT story_id, COUNT(*) AS n FROM story_article GROUP BY story_id
                         HAVING MIN(seen_at) >= ?)
                    """, arguments: [since])
            return (row?["stories"] ?? 0, row?["shared"] ?? 0)
        }
    }

    /// Forgets the story places of articles seen before `cutoff` (past the story window: a later copy is
    /// a new story), and the stories and sources of alerts that are gone. Returns how many articles were forgotten.
    @discardableResult
    public func forgetStories(seenBefore cutoff: Date) async throws(StoreError) -> Int {
        try await write("forget old stories") { db in
            try db.execute(sql: "DELETE FROM story_article WHERE seen_at < ?", arguments: [cutoff])
            let forgotten = db.changesCount
            // An alert's story stays known as long as the alert (for `tail --story`, and so that its id is
            // never given to a new story); a copy seen after the window starts a new story anyway.
            try db.execute(sql: "DELETE FROM story_alert WHERE alert_id NOT IN (SELECT id FROM alert)")
            try db.execute(sql: "DELETE FROM story_source WHERE alert_id NOT IN (SELECT id FROM alert)")
            return forgotten
        }
    }
}
