import Foundation
import GRDB
import TestSupport
import Testing

/// A rule added or changed catches up with the kept articles (README "Catch up").
@Suite(.serialized) struct CatchUpTests {
    func prepared() throws -> ProductHarness {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        h.server.serve(
            "/wire.xml",
            body: FeedText.rss(items: [FeedText.lethalAid, FeedText.specialForces, FeedText.missile, FeedText.weather]))
        return h
    }

    func records(_ h: ProductHarness, rule: String) throws -> [[String: Any]] {
        try h.spoolRecords().filter { ($0["rule"] as? [String: Any])?["id"] as? String == rule }
    }

    func title(_ record: [String: Any]) -> String? { (record["article"] as? [String: Any])?["title"] as? String }

    /// Moves a kept article's fetch time back, as if it had been fetched that long ago.
    func age(_ h: ProductHarness, titled title: String, by seconds: TimeInterval) throws {
        let db = try DatabaseQueue(path: h.databasePath)
        try db.write { db in
            try db.execute(
                sql: "UPDATE article SET fetched_at = ? WHERE title = ?",
                arguments: [Date().addingTimeInterval(-seconds), title])
            #expect(db.changesCount == 1)
        }
        try db.close()
    }

    @Test func aRuleAddedOnReloadCatchesUpInsideItsWindowOnceAndAnEditRaisesOnlyWhatIsNew() throws {
        let h = try prepared()
        let service = try h.start(["run", "--config", h.configPath])
        #expect(eventually { h.spoolFiles().count == 3 }, "stderr: \(service.stderr)")
        // The lethal-aid story was fetched two days ago: outside the default 24h catch-up.
        try age(h, titled: FeedText.lethalAid.title, by: 2 * 86400)

        try h.writeRules("seoul.yml", "rules:\n  - id: seoul-any\n    match: 'Seoul'\n")
        service.signal(SIGHUP)
        #expect(eventually { (try? records(h, rule: "seoul-any").count) == 2 }, "stderr: \(service.stderr)")
        let caught = try records(h, rule: "seoul-any")
        #expect(
            caught.compactMap(title).sorted() == [FeedText.weather.title, FeedText.specialForces.title].sorted(),
            "\(caught)")
        #expect(caught.first?["catch_up"] as? Bool == true)
        #expect(
            eventually {
                service.stderr.contains("catch-up: 1 new or changed rule over 3 kept articles raised 2 alerts")
            }, "stderr: \(service.stderr)")
        #expect(h.logLines().contains { $0.contains(" seoul-any ") && $0.contains(" catch_up ") }, "\(h.logLines())")

        // Edited: it runs again over the window, and raises only for the article it had not alerted.
        try h.writeRules("seoul.yml", "rules:\n  - id: seoul-any\n    match: 'Seoul OR Pyongyang'\n")
        service.signal(SIGHUP)
        #expect(eventually { (try? records(h, rule: "seoul-any").count) == 3 }, "stderr: \(service.stderr)")
        #expect(
            try records(h, rule: "seoul-any").compactMap(title).sorted()
                == [FeedText.missile.title, FeedText.specialForces.title, FeedText.weather.title].sorted())
        service.signal(SIGTERM)
        #expect(service.wait() == 0, "stderr: \(service.stderr)")

        // A restart: nothing is new, nothing is raised again.
        let again = try h.runOnce()
        #expect(again.status == 0, "stderr: \(again.stderr)")
        #expect(!again.stderr.contains("catch-up:"), "stderr: \(again.stderr)")
        #expect(h.spoolFiles().count == 6)
        #expect(h.logLines().count == 6)
    }

    @Test func aCatchUpCutShortByACrashRunsAgainAndRaisesEachAlertOnce() throws {
        let h = try prepared()
        #expect(try h.runOnce().status == 0)
        #expect(h.spoolFiles().count == 3)
        try h.writeRules("seoul.yml", "rules:\n  - id: seoul-any\n    match: 'Seoul OR Pyongyang'\n")
        let crashed = try h.runOnce(environment: ["NEWSWATCH_FAILPOINT": "during-catch-up"])
        #expect(crashed.status == 99, "stderr: \(crashed.stderr)")
        let resumed = try h.runOnce()
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        // lethal aid, special forces (Seoul's intelligence), missile (Pyongyang), weather: each once.
        #expect(try records(h, rule: "seoul-any").count == 4)
        #expect(h.spoolFiles().count == 7)
        #expect(h.logLines().filter { $0.contains(" seoul-any ") }.count == 4, "\(h.logLines())")
        let last = try h.runOnce()
        #expect(!last.stderr.contains("catch-up:"), "stderr: \(last.stderr)")
        #expect(h.spoolFiles().count == 7)
    }

    @Test func catchUpZeroTurnsItOffForARule() throws {
        let h = try prepared()
        #expect(try h.runOnce().status == 0)
        try h.writeRules("seoul.yml", "rules:\n  - id: seoul-any\n    match: 'Seoul'\n    catch_up: 0\n")
        let run = try h.runOnce()
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(try records(h, rule: "seoul-any").isEmpty)
    }
}
