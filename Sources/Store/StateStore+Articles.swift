import Foundation
import GRDB

extension StateStore {
    /// Writes kept articles (inside the refresh's transaction); an article kept before is replaced (it was
    /// updated in place, or came again through another feed with a newer text).
    static func keep(_ articles: [KeptArticle], in db: Database) throws {
        guard !articles.isEmpty else { return }
        let insert = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO article (key, feed_id, entry_id, title, url, canonical, author, categories,
                    published_at, fetched_at, text_source, text_size, text)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for article in articles {
            let bytes = Array(article.text.utf8)
            let compressed = Deflate.compress(bytes)
            let categories = article.categories.joined(separator: "\n")
            try insert.execute(arguments: [
                article.key, article.feedID, article.entryID, article.title, article.url, article.canonical,
                article.author,
                categories, article.published, article.fetchedAt, article.textSource, bytes.count, Data(compressed),
            ])
        }
    }

    /// Kept articles fetched at or after `since`, oldest first, `limit` at a time after `after` (the
    /// fetch time and key of the last one read): a reader pages through a week of articles without
    /// holding a transaction open, so the service's writes are never blocked. `feeds` limits to those
    /// feed ids (nil: all).
    public func keptArticles(
        since: Date, after: (Date, String)? = nil, feeds: Set<String>? = nil, limit: Int = 500
    ) async throws(StoreError) -> [KeptArticle] {
        try await read("read kept articles") { db in
            var sql = """
                SELECT key, feed_id, entry_id, title, url, canonical, author, categories, published_at, fetched_at,
                    text_source, text_size, text
                FROM article WHERE fetched_at >= ?
                """
            var arguments: StatementArguments = [since]
            if let after {
                sql += " AND (fetched_at > ? OR (fetched_at = ? AND key > ?))"
                arguments += [after.0, after.0, after.1]
            }
            if let feeds {
                let sorted = feeds.sorted()
                sql += " AND feed_id IN (\(Array(repeating: "?", count: sorted.count).joined(separator: ",")))"
                arguments += StatementArguments(sorted)
            }
            sql += " ORDER BY fetched_at, key LIMIT ?"
            arguments += [limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap(Self.keptArticle)
        }
    }

    /// How many articles are kept, and their text's size before and after compression.
    public func keptArticleStatistics() async throws(StoreError) -> (count: Int, textBytes: Int, storedBytes: Int) {
        try await read("count kept articles") { db in
            let row = try Row.fetchOne(
                db, sql: "SELECT COUNT(*), COALESCE(SUM(text_size), 0), COALESCE(SUM(LENGTH(text)), 0) FROM article")
            return (row?[0] ?? 0, row?[1] ?? 0, row?[2] ?? 0)
        }
    }

    /// Drops kept articles fetched before `cutoff` (`retain`). Returns how many.
    @discardableResult
    public func forgetArticles(fetchedBefore cutoff: Date) async throws(StoreError) -> Int {
        try await write("forget old articles") { db in
            try db.execute(sql: "DELETE FROM article WHERE fetched_at < ?", arguments: [cutoff])
            return db.changesCount
        }
    }

    /// A row as a kept article; nil when its text cannot be restored (a damaged row is skipped, not fatal).
    static func keptArticle(_ row: Row) -> KeptArticle? {
        let data: Data = row["text"] ?? Data()
        let size: Int = row["text_size"] ?? 0
        guard let bytes = Deflate.decompress(Array(data), size: size) else { return nil }
        let categories: String = row["categories"] ?? ""
        return KeptArticle(
            key: row["key"], feedID: row["feed_id"], entryID: row["entry_id"], title: row["title"], url: row["url"],
            canonical: row["canonical"], author: row["author"],
            categories: categories.isEmpty ? [] : categories.components(separatedBy: "\n"),
            published: row["published_at"], fetchedAt: row["fetched_at"], textSource: row["text_source"],
            text: String(decoding: bytes, as: UTF8.self))
    }
}
