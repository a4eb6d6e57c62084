import Foundation
import Testing

@testable import Store

/// One alert per story and rule (README "One alert per story"): the commit raises the first alert of a
/// story and rule, and makes every later article of the story a source of it.
@Suite struct StoryStoreTests {
    let directory: String
    init() throws {
        directory = NSTemporaryDirectory() + "newswatch-stories-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    let parsed = FetchRecord.Outcome.parsed(title: nil, etag: nil, lastModified: nil, malformed: false)
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func fetch(_ feed: String, at: Date) -> FetchRecord {
        FetchRecord(
            feedID: feed, url: "https://\(feed).example/feed", status: 200, fetchedAt: at, duration: 0.1,
            nextFetchAt: at.addingTimeInterval(900), outcome: parsed)
    }

    func alert(rule: String, article: String, feed: String, story: Int64?, at: Date) -> NewAlert {
        let id = "\(rule)-\(article)"
        return NewAlert(
            id: id, createdAt: at, ruleID: rule, feedID: feed, record: "{\"id\":\"\(id)\"}",
            story: story.map {
                StoryLink(
                    storyID: $0,
                    source: StorySource(
                        articleKey: article, feedID: feed, url: "https://\(feed).example/\(article)", title: article,
                        seenAt: at))
            })
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// (rule, article, feed, story) per commit.
        var commits: [Commit]
        var raised: [String]
        var noted: [String]
        var testDescription: String { name }
    }

    struct Commit: Sendable {
        var rule: String
        var article: String
        var feed: String
        var story: Int64?
        init(_ rule: String, _ article: String, _ feed: String, _ story: Int64?) {
            self.rule = rule
            self.article = article
            self.feed = feed
            self.story = story
        }
    }

    static let cases: [Case] = [
        Case(
            name: "three copies",
            commits: [.init("r", "a1", "yonhap", 1), .init("r", "a2", "herald", 1), .init("r", "a3", "kbs", 1)],
            raised: ["r-a1"], noted: ["r-a1 herald", "r-a1 kbs"]),
        Case(
            name: "another rule on the same story",
            commits: [.init("r", "a1", "yonhap", 1), .init("s", "a2", "herald", 1)],
            raised: ["r-a1", "s-a2"], noted: []),
        Case(
            name: "another story", commits: [.init("r", "a1", "yonhap", 1), .init("r", "a2", "herald", 2)],
            raised: ["r-a1", "r-a2"], noted: []),
        Case(
            name: "stories off", commits: [.init("r", "a1", "yonhap", nil), .init("r", "a2", "herald", nil)],
            raised: ["r-a1", "r-a2"], noted: []),
        Case(
            name: "the same article again", commits: [.init("r", "a1", "yonhap", 1), .init("r", "a1", "yonhap", 1)],
            raised: ["r-a1"], noted: []),
    ]

    @Test(arguments: cases)
    func aStoryRaisesOneAlertPerRuleAndCollectsItsSources(_ c: Case) async throws {
        let (commits, raised, noted) = (c.commits, c.raised, c.noted)
        let store = try StateStore(path: directory + "/state.sqlite")
        defer { store.close() }
        var inserted: [String] = []
        var added: [String] = []
        for (n, commit) in commits.enumerated() {
            let at = t0.addingTimeInterval(Double(n) * 60)
            let outcome = try await store.commitReporting(
                fetch(commit.feed, at: at), seenKeys: [commit.article],
                alerts: [
                    alert(rule: commit.rule, article: commit.article, feed: commit.feed, story: commit.story, at: at)
                ],
                sinks: ["log"])
            inserted += outcome.inserted
            added += outcome.addedSources.map { "\($0.alertID) \($0.source.feedID)" }
        }
        #expect(inserted == raised)
        #expect(added == noted)
        #expect(try await store.pendingCount() == raised.count)
        let counts = try await store.sourceCounts(alertIDs: raised)
        #expect(counts[raised[0]] == (commits.first?.story == nil ? nil : 1 + noted.count))
    }

    @Test func storyPlacesAreKeptForTheWindowAndRebuildTheIndex() async throws {
        let store = try StateStore(path: directory + "/state.sqlite")
        defer { store.close() }
        let places = [
            StoryArticle(key: "old", storyID: 1, seenAt: t0, canonical: nil, signature: [1, 2, 3]),
            StoryArticle(
                key: "new", storyID: 2, seenAt: t0.addingTimeInterval(86400), canonical: "https://a.example/x",
                signature: [4, 5]),
        ]
        try await store.commitReporting(fetch("f", at: t0), stories: places)
        #expect(try await store.lastStoryID() == 2)
        #expect(try await store.storyArticles(since: t0) == places)
        #expect(try await store.storyIDs(articleKeys: ["old", "new", "none"]) == ["old": 1, "new": 2])
        #expect(try await store.storyCounts(since: t0) == (2, 0))
        #expect(try await store.forgetStories(seenBefore: t0.addingTimeInterval(3600)) == 1)
        #expect(try await store.storyArticles(since: .distantPast) == [places[1]])
    }

    /// A story whose articles the window dropped keeps its id while its alert is known: a new story never
    /// gets it again.
    @Test func storyIDsAreNeverGivenTwice() async throws {
        let store = try StateStore(path: directory + "/state.sqlite")
        defer { store.close() }
        let place = StoryArticle(key: "a1", storyID: 7, seenAt: t0, canonical: nil, signature: [1])
        try await store.commitReporting(
            fetch("yonhap", at: t0), seenKeys: ["a1"],
            alerts: [alert(rule: "r", article: "a1", feed: "yonhap", story: 7, at: t0)], sinks: ["log"],
            stories: [place])
        try await store.forgetStories(seenBefore: t0.addingTimeInterval(1))
        #expect(try await store.storyArticles(since: .distantPast).isEmpty)
        #expect(try await store.lastStoryID() == 7)
    }
}
