import Foundation
import TestSupport
import Testing

/// A feed that goes dark raises a `feed-health` alert through the log and the spool, once per episode,
/// and one more line when it recovers (README "Feed health").
@Suite(.serialized) struct FeedHealthAlertTests {
    func health(_ h: ProductHarness) throws -> [[String: Any]] {
        try h.spoolRecords().filter { ($0["rule"] as? [String: Any])?["id"] as? String == "feed-health" }
    }

    func kinds(_ records: [[String: Any]]) -> [String] {
        records.map {
            (($0["health"] as? [String: Any])?["kind"] as? String ?? "?")
                + ($0["recovered"] as? Bool == true ? "+" : "")
        }.sorted()
    }

    @Test func aFeedFailingPastFailingAfterAlertsOnceAndRecovers() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml")], extra: "health: {failing_after: 1s, severity: high}")
        h.server.route("/wire.xml") { _ in .status(503) }
        #expect(try h.runOnce().status == 0)
        #expect(try health(h).isEmpty)
        Thread.sleep(forTimeInterval: 1.2)
        #expect(try h.runOnce().status == 0)
        #expect(try h.runOnce().status == 0)
        let failing = try health(h)
        #expect(kinds(failing) == ["failing"], "\(failing)")
        #expect((failing.first?["rule"] as? [String: Any])?["severity"] as? String == "high")
        #expect((failing.first?["snippet"] as? String)?.contains("has been failing for") == true)
        let status = try h.run(["status", "--config", h.configPath])
        #expect(status.stdout.contains("feed-health: failing since"), "\(status.stdout)")

        h.server.serve("/wire.xml", body: FeedText.rss(items: [FeedText.weather]))
        #expect(try h.runOnce().status == 0)
        #expect(kinds(try health(h)) == ["failing", "failing+"])
        #expect(h.logLines().filter { $0.contains(" feed-health ") }.count == 2, "\(h.logLines())")
        #expect(h.logLines().contains { $0.contains(" feed-health ") && $0.contains(" recovered ") })
    }

    @Test func a410AndAPermanentRedirectAlertOnce() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("gone", "/gone.xml"), ("moved", "/old.xml")])
        h.server.route("/gone.xml") { _ in .status(410) }
        h.server.route("/old.xml") { _ in .redirect(to: "/new.xml", status: 301) }
        h.server.serve("/new.xml", body: FeedText.rss(items: [FeedText.weather]))
        for _ in 0..<2 { #expect(try h.runOnce().status == 0) }
        let records = try health(h)
        #expect(kinds(records) == ["gone", "moved"], "\(records)")
        let moved = records.first { ($0["feed"] as? [String: Any])?["id"] as? String == "moved" }
        #expect(
            (moved?["snippet"] as? String)?.contains("/new.xml: change its url: in ") == true,
            "\(String(describing: moved))")
        let status = try h.run(["status", "--json", "--config", h.configPath])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let feeds = report["feeds"] as? [[String: Any]] ?? []
        #expect(feeds.first { $0["id"] as? String == "moved" }?["moved_to"] as? String == h.server.url("/new.xml"))
        #expect(
            (feeds.first { $0["id"] as? String == "gone" }?["health"] as? [String: Any])?["kind"] as? String == "gone")
    }

    @Test func aQuietFeedAlertsAndANewEntryEndsIt() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        let config = try String(contentsOfFile: h.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "    tags: [test]\n", with: "    tags: [test]\n    quiet_after: 1s\n")
            .write(toFile: h.configPath, atomically: true, encoding: .utf8)
        h.server.serve("/wire.xml", body: FeedText.rss(items: [FeedText.weather]))
        #expect(try h.runOnce().status == 0)
        Thread.sleep(forTimeInterval: 1.2)
        #expect(try h.runOnce().status == 0)
        #expect(try h.runOnce().status == 0)
        #expect(kinds(try health(h)) == ["quiet"])
        h.server.serve("/wire.xml", body: FeedText.rss(items: [FeedText.weather, FeedText.missile]))
        #expect(try h.runOnce().status == 0)
        #expect(kinds(try health(h)) == ["quiet", "quiet+"])
    }
}
