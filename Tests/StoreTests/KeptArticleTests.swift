import Foundation
import GRDB
import Testing

@testable import Store

/// Kept articles (README "Keep recent articles") and the digests that find entries updated in place.
@Suite struct KeptArticleTests {
    let directory: String
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    let parsed = FetchRecord.Outcome.parsed(title: nil, etag: nil, lastModified: nil, malformed: false)

    init() throws {
        directory = NSTemporaryDirectory() + "newswatch-kept-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func open() throws -> StateStore { try StateStore(path: directory + "/state.sqlite") }

    func fetch(_ feed: String, at: Date) -> FetchRecord {
        FetchRecord(
            feedID: feed, url: "https://\(feed).example/feed", status: 200, fetchedAt: at, duration: 0.1,
            nextFetchAt: at.addingTimeInterval(900), outcome: parsed)
    }

    func article(_ key: String, feed: String = "f1", at: Date, text: String = "North Korean troops were seen in Kursk.")
        -> KeptArticle
    {
        KeptArticle(
            key: key, feedID: feed, entryID: "e-\(key)", title: "Title \(key)", url: "https://example.org/\(key)",
            canonical: nil, author: "Desk", categories: ["World", "Asia"], published: at.addingTimeInterval(-60),
            fetchedAt: at, textSource: "feed", text: text)
    }

    @Test(arguments: ["", "short", String(repeating: "한국어 텍스트와 English text, ", count: 2000), "\u{0}\u{1F600}"])
    func deflateRoundTrips(text: String) throws {
        let bytes = Array(text.utf8)
        let packed = Deflate.compress(bytes)
        #expect(Deflate.decompress(packed, size: bytes.count) == bytes)
        #expect(Deflate.decompress(packed, size: bytes.count + 1) == nil, "a wrong size is a damaged row")
        #expect(Deflate.decompress(Array(packed.prefix(packed.count / 2)), size: bytes.count) == nil || bytes.isEmpty)
    }

    @Test func articlesAreKeptCompressedAndReadBackPageByPage() async throws {
        let store = try open()
        defer { store.close() }
        let long = String(
            repeating: "Seoul weighs lethal aid to Ukraine as North Korean troops fight in Kursk. ", count: 100)
        for i in 0..<7 {
            let at = t0.addingTimeInterval(Double(i) * 60)
            let feed = i % 2 == 0 ? "even" : "odd"
            try await store.commit(
                fetch(feed, at: at), seenKeys: ["k\(i)"], articles: [article("k\(i)", feed: feed, at: at, text: long)])
        }
        var read: [KeptArticle] = []
        var after: (Date, String)?
        while true {
            let page = try await store.keptArticles(since: t0.addingTimeInterval(60), after: after, limit: 2)
            if page.isEmpty { break }
            read += page
            after = (page[page.count - 1].fetchedAt, page[page.count - 1].key)
        }
        #expect(read.map(\.key) == ["k1", "k2", "k3", "k4", "k5", "k6"])
        #expect(read.first == article("k1", feed: "odd", at: t0.addingTimeInterval(60), text: long))
        let odd = try await store.keptArticles(since: t0, feeds: ["odd"])
        #expect(odd.map(\.key) == ["k1", "k3", "k5"])
        let stats = try await store.keptArticleStatistics()
        #expect(stats.count == 7)
        #expect(stats.textBytes == 7 * long.utf8.count)
        #expect(stats.storedBytes * 5 < stats.textBytes, "repetitive text compresses well")

        #expect(try await store.forgetArticles(fetchedBefore: t0.addingTimeInterval(180)) == 3)
        #expect(try await store.keptArticles(since: t0).map(\.key) == ["k3", "k4", "k5", "k6"])
    }

    @Test func aDamagedRowIsSkipped() async throws {
        let store = try open()
        try await store.commit(
            fetch("f1", at: t0), seenKeys: ["a", "b"], articles: [article("a", at: t0), article("b", at: t0)])
        store.close()
        let raw = try DatabaseQueue(path: directory + "/state.sqlite")
        try await raw.write { db in try db.execute(sql: "UPDATE article SET text = x'00010203' WHERE key = 'a'") }
        try raw.close()
        let reopened = try open()
        defer { reopened.close() }
        #expect(try await reopened.keptArticles(since: t0).map(\.key) == ["b"])
    }

    @Test func digestsTellNewFromSeenFromUpdated() async throws {
        let store = try open()
        defer { store.close() }
        let first = article("a", at: t0)
        try await store.commit(fetch("f1", at: t0), seenKeys: ["a", "old"], digests: ["a": first.contentDigest])
        let seen = try await store.seenDigests(feedID: "f1", keys: ["a", "old", "new"])
        #expect(seen == ["a": first.contentDigest, "old": ""])
        // The entry changed in place: its digest is replaced, it is not counted as a new entry.
        var updated = first
        updated.text += " Update: Seoul confirmed the deployment."
        #expect(updated.contentDigest != first.contentDigest)
        try await store.commit(fetch("f1", at: t0 + 60), seenKeys: ["a"], digests: ["a": updated.contentDigest])
        #expect(try await store.seenDigests(feedID: "f1", keys: ["a"]) == ["a": updated.contentDigest])
        #expect(try await store.feedState(id: "f1")?.entriesSeen == 2)
    }

    @Test(arguments: ["title", "text", "author", "categories"])
    func theDigestCoversWhatTheRulesMatch(field: String) {
        let base = article("a", at: t0)
        var changed = base
        switch field {
        case "title": changed.title += "!"
        case "text": changed.text += "!"
        case "author": changed.author = "Someone else"
        default: changed.categories.append("Europe")
        }
        #expect(changed.contentDigest != base.contentDigest)
        var moved = base
        moved.fetchedAt = t0 + 3600
        moved.url = "https://example.org/elsewhere"
        #expect(moved.contentDigest == base.contentDigest, "only what the rules match counts")
    }
}
