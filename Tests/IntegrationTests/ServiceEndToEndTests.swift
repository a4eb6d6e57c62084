import Basics
import Foundation
import GRDB
import Store
import TestSupport
import Testing

/// The whole product, as a user runs it: the real binary, a real HTTP server, real files and SQLite.
@Suite(.serialized) struct ServiceEndToEndTests {
    /// `run --once` prunes the state at its end: an entry gone from its feed for 90 days is forgotten, an
    /// alert older than 90 days keeps only its id, and the story coming back raises nothing again.
    @Test func onceForgetsOldEntriesAndCompactsOldAlerts() async throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        h.server.serve("/wire.xml", body: FeedText.rss(items: [FeedText.lethalAid, FeedText.weather]))
        let first = try h.runOnce()
        #expect(first.status == 0, "stderr: \(first.stderr)")
        #expect(h.logLines().count == 1)
        #expect(!first.stderr.contains("forgot"), "stderr: \(first.stderr)")

        // A hundred days pass (written into the database), and the story leaves the feed.
        let database = try DatabaseQueue(path: h.databasePath)
        let old = Date().addingTimeInterval(-100 * 86400)
        try await database.write { db in
            try db.execute(sql: "UPDATE seen_entry SET first_seen_at = ?, last_seen_at = ?", arguments: [old, old])
            try db.execute(sql: "UPDATE alert SET created_at = ?", arguments: [old])
        }
        let alertID = try #require(
            try await database.read { db in try String.fetchOne(db, sql: "SELECT id FROM alert") })
        try database.close()
        h.server.serve("/wire.xml", body: FeedText.rss(items: [FeedText.weather]))
        let second = try h.runOnce()
        #expect(second.status == 0, "stderr: \(second.stderr)")
        #expect(second.stderr.contains("forgot 1 entry "), "stderr: \(second.stderr)")
        #expect(second.stderr.contains("kept only the ids of 1 delivered alert "), "stderr: \(second.stderr)")
        let store = try StateStore(path: h.databasePath, readOnly: true)
        #expect(try await store.alertRecords(ids: [alertID]).isEmpty)
        store.close()

        // The story is back: a new entry for the feed, but its alert was raised already.
        h.server.serve("/wire.xml", body: FeedText.rss(items: [FeedText.lethalAid, FeedText.weather]))
        let third = try h.runOnce()
        #expect(third.status == 0, "stderr: \(third.stderr)")
        #expect(third.stderr.contains("feed wire: 2 entries, 1 new, 0 alerts"), "stderr: \(third.stderr)")
        #expect(h.logLines().count == 1)
        #expect(h.spoolFiles().count == 1)
    }

    @Test func onceRaisesExactlyTheAlertsTheRulesAskForAndNeverTwice() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        h.server.serve(
            "/wire.xml", body: FeedText.rss(items: [FeedText.lethalAid, FeedText.specialForces, FeedText.weather]),
            etag: "\"v1\"", lastModified: "Thu, 26 Nov 2026 10:00:00 GMT")

        let first = try h.runOnce()
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let lines = h.logLines()
        #expect(lines.count == 2, "log: \(lines)")
        #expect(
            lines.contains {
                $0.contains(
                    " HIGH korea-lethal-aid \"Seoul weighs lethal aid to Ukraine\" https://wire.example/news/1001?utm_source=rss "
                )
            })
        #expect(lines.contains { $0.contains(" CRITICAL dprk-forces-russia ") })
        #expect(!lines.contains { $0.contains("1003") })

        // Spool: one JSON file per alert, named <unix-seconds>.<id>.json, id = sha256(rule \n canonical link).
        let records = try h.spoolRecords()
        #expect(records.count == 2)
        let expectedID = sha256Prefix("korea-lethal-aid\nhttps://wire.example/news/1001")
        let aid = try #require(records.first { ($0["rule"] as? [String: Any])?["id"] as? String == "korea-lethal-aid" })
        #expect(aid["id"] as? String == expectedID)
        #expect(h.spoolFiles().contains { $0.hasSuffix(".\(expectedID).json") })
        #expect(lines.contains { $0.hasSuffix("id=\(expectedID)") })
        let article = try #require(aid["article"] as? [String: Any])
        #expect(article["title"] as? String == "Seoul weighs lethal aid to Ukraine")
        #expect(article["entry_id"] as? String == "wire-1001")
        #expect(article["published"] as? String == "2026-11-26T09:30:00Z")
        let feed = try #require(aid["feed"] as? [String: Any])
        #expect(feed["id"] as? String == "wire")
        #expect(feed["title"] as? String == "Test Wire")
        #expect((aid["actors"] as? [String]) == ["south_korea"])
        let matches = try #require(aid["matches"] as? [[String: Any]])
        #expect(matches.contains { $0["term"] as? String == "\"lethal aid\"" && $0["text"] as? String == "lethal aid" })
        #expect((aid["snippet"] as? String)?.contains("[lethal aid]") == true)
        let mode =
            try FileManager.default.attributesOfItem(atPath: h.spoolNew + "/" + h.spoolFiles()[0])[.posixPermissions]
            as? Int
        #expect(mode == 0o640)

        // Rerun: nothing new, and the server saw a conditional request.
        let second = try h.runOnce()
        #expect(second.status == 0, "stderr: \(second.stderr)")
        #expect(h.logLines().count == 2)
        #expect(h.spoolFiles().count == 2)
        let requests = h.server.requests(to: "/wire.xml")
        #expect(requests.count == 2)
        #expect(requests.last?.headers["if-none-match"] == "\"v1\"")
        #expect(requests.last?.headers["if-modified-since"] == "Thu, 26 Nov 2026 10:00:00 GMT")

        // One new matching entry (and an edited title of an old one): exactly one more alert.
        var edited = FeedText.lethalAid
        edited.title = "UPDATE: Seoul weighs lethal aid to Ukraine"
        h.server.serve(
            "/wire.xml",
            body: FeedText.rss(items: [FeedText.missile, edited, FeedText.specialForces, FeedText.weather]),
            etag: "\"v2\"")
        let third = try h.runOnce()
        #expect(third.status == 0, "stderr: \(third.stderr)")
        #expect(h.logLines().count == 3)
        #expect(h.logLines().last?.contains(" MEDIUM dprk-missile ") == true)
        #expect(h.spoolFiles().count == 3)
    }

    @Test func theSameStoryInAnotherFeedRaisesNoSecondAlert() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("a", "/a.xml"), ("b", "/b.xml")])
        var copy = FeedText.lethalAid
        copy.guid = "other-wire-77"
        copy.link = "https://wire.example/news/1001?utm_medium=partner#top"
        h.server.serve("/a.xml", body: FeedText.rss(items: [FeedText.lethalAid]))
        h.server.serve("/b.xml", body: FeedText.rss(title: "Partner", items: [copy]))
        let run = try h.runOnce()
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(h.logLines().count == 1, "log: \(h.logLines())")
        #expect(h.spoolFiles().count == 1)
    }

    @Test func aCrashBetweenCommitAndDeliveryLosesNothingAndDuplicatesNothing() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        h.server.serve("/wire.xml", body: FeedText.rss(items: [FeedText.lethalAid, FeedText.specialForces]))

        // The process dies right after the transaction that marks the entries seen and queues the alerts.
        let crashed = try h.runOnce(environment: ["NEWSWATCH_FAILPOINT": "after-commit"])
        #expect(crashed.status == 99)
        #expect(h.logLines().isEmpty)
        #expect(h.spoolFiles().isEmpty)

        // Restarted, it delivers the pending outbox once; another run adds nothing.
        let restarted = try h.runOnce()
        #expect(restarted.status == 0, "stderr: \(restarted.stderr)")
        #expect(h.logLines().count == 2)
        #expect(h.spoolFiles().count == 2)
        #expect(restarted.stderr.contains("left pending by an earlier run"))
        _ = try h.runOnce()
        #expect(h.logLines().count == 2)
        #expect(h.spoolFiles().count == 2)
    }

    /// The process dies after the spool wrote an alert's file but before that delivery was acknowledged,
    /// and the consumer has already taken (deleted) the file: the restart writes the other alert only.
    @Test func aCrashAfterASpoolWriteNeverWritesThatFileAgain() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        h.server.serve("/wire.xml", body: FeedText.rss(items: [FeedText.lethalAid, FeedText.specialForces]))

        let crashed = try h.runOnce(environment: ["NEWSWATCH_FAILPOINT": "after-spool-delivery"])
        #expect(crashed.status == 99)
        let first = h.spoolFiles()
        #expect(first.count == 1)
        for file in first { try FileManager.default.removeItem(atPath: h.spoolNew + "/" + file) }

        let restarted = try h.runOnce()
        #expect(restarted.status == 0, "stderr: \(restarted.stderr)")
        let second = h.spoolFiles()
        #expect(second.count == 1)
        #expect(Set(second).isDisjoint(with: first), "the taken file came back: \(second)")
        #expect(h.logLines().count == 2)
        #expect(
            ((try? FileManager.default.contentsOfDirectory(atPath: h.directory + "/var/lib/spool-delivered")) ?? ["?"])
                .isEmpty)
    }

    @Test func aFailingSpoolKeepsItsAlertsPendingWhileTheLogGetsThem() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        // The spool breaks while the service runs (a spool unusable at start is a config error, exit 78):
        // when the feed is requested, new/ becomes a regular file and the spool cannot deliver.
        let spoolNew = h.spoolNew
        h.server.route("/wire.xml") { _ in
            try? FileManager.default.removeItem(atPath: spoolNew)
            _ = FileManager.default.createFile(atPath: spoolNew, contents: Data())
            return .text(FeedText.rss(items: [FeedText.lethalAid]), contentType: "application/rss+xml")
        }
        let broken = try h.runOnce()
        #expect(broken.status == 0, "stderr: \(broken.stderr)")
        #expect(h.logLines().count == 1)
        #expect(broken.stderr.contains("<3>"))
        #expect(broken.stderr.contains(h.spoolNew))
        // One alert waits, for the spool only: one pending alert, one pending delivery.
        let status = try h.run(["status", "--json", "--config", h.configPath])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect(report["pending_alerts"] as? Int == 1)
        #expect(report["pending_deliveries"] as? Int == 1)

        try FileManager.default.removeItem(atPath: h.spoolNew)
        h.server.serve("/wire.xml", body: FeedText.rss(items: [FeedText.lethalAid]))
        let fixed = try h.runOnce()
        #expect(fixed.status == 0, "stderr: \(fixed.stderr)")
        #expect(h.spoolFiles().count == 1)
        #expect(h.logLines().count == 1)
    }

    @Test func brokenFeedsAreRecordedAndTheOthersGoOn() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [
            ("good", "/good.xml"), ("gone", "/gone.xml"), ("html", "/html"), ("slow", "/slow.xml"),
        ])
        h.server.serve("/good.xml", body: FeedText.rss(items: [FeedText.specialForces]))
        h.server.route("/html") { _ in .text("<html><body><h1>Login</h1></body></html>", contentType: "text/html") }
        h.server.route("/slow.xml") { _ in TestResponse(text: "<rss/>", delay: .seconds(30)) }
        try h.writeConfig(
            feeds: [("good", "/good.xml"), ("gone", "/gone.xml"), ("html", "/html"), ("slow", "/slow.xml")],
            extra: "")
        // A short timeout for the slow feed.
        var config = try String(contentsOfFile: h.configPath, encoding: .utf8)
        config = config.replacingOccurrences(of: "timeout: 10s", with: "timeout: 2s")
        try config.write(toFile: h.configPath, atomically: true, encoding: .utf8)

        let run = try h.runOnce()
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(h.logLines().count == 1)
        #expect(run.stderr.contains("<4>feed gone failed: HTTP 404"))
        #expect(run.stderr.contains("<4>feed html failed"))
        #expect(run.stderr.contains("<4>feed slow failed"))

        let status = try h.run(["status", "--json", "--config", h.configPath])
        #expect(status.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let feeds = try #require(object["feeds"] as? [[String: Any]])
        let byID = Dictionary(uniqueKeysWithValues: feeds.map { ($0["id"] as? String ?? "", $0) })
        #expect(byID["good"]?["consecutive_failures"] as? Int == 0)
        #expect(byID["good"]?["alerts_raised"] as? Int == 1)
        #expect(byID["gone"]?["http_status"] as? Int == 404)
        #expect(byID["gone"]?["consecutive_failures"] as? Int == 1)
        #expect((byID["html"]?["last_error"] as? String)?.isEmpty == false)
        #expect(byID["slow"]?["consecutive_failures"] as? Int == 1)
    }
}
