import Foundation
import GRDB
import Testing

/// `newswatch rules` and the rules line of `status` on a prepared state (README "See what rules do").
@Suite struct RulesCommandTests {
    /// 12 entries that all mention Seoul, one of them lethal aid; a rule on Seoul is noisy, one on a
    /// zeppelin never fires, one is limited to a tag that only the second feed has.
    func prepared() throws -> ProductHarness {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeRules(
            "review.yml",
            """
            rules:
              - id: seoul-all
                match: 'Seoul'
              - id: zeppelin
                match: 'zeppelin'
            """)
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        var items = [FeedText.lethalAid]
        for i in 0..<11 {
            items.append(
                .init(
                    guid: "s\(i)", title: "Seoul briefing \(i)", link: "https://wire.example/s\(i)",
                    description: "Seoul said."))
        }
        h.server.serve("/wire.xml", body: FeedText.rss(items: items))
        let once = try h.runOnce()
        #expect(once.status == 0, "stderr: \(once.stderr)")
        return h
    }

    @Test func countsFlagsAndOrder() throws {
        let h = try prepared()
        let run = try h.run(["rules", "--json", "--config", h.configPath])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(report["entries"] as? Int == 12)
        let rules = try #require(report["rules"] as? [[String: Any]])
        let byID = Dictionary(uniqueKeysWithValues: rules.map { ($0["id"] as? String ?? "", $0) })
        #expect(byID["seoul-all"]?["alerts"] as? Int == 12)
        #expect(byID["seoul-all"]?["alerts_24h"] as? Int == 12)
        #expect(byID["seoul-all"]?["flags"] as? [String] == ["noisy"])
        #expect((byID["seoul-all"]?["feeds"] as? [[String: Any]])?.first?["feed"] as? String == "wire")
        #expect(byID["korea-lethal-aid"]?["alerts"] as? Int == 1)
        #expect(byID["korea-lethal-aid"]?["flags"] as? [String] == [])
        #expect(byID["zeppelin"]?["flags"] as? [String] == ["never-fired"])
        #expect(byID["zeppelin"]?["last_alert"] is NSNull)
        // Problems first: noisy, then never fired, then the rest by alerts.
        let order = rules.compactMap { $0["id"] as? String }
        #expect(order.first == "seoul-all")
        #expect(
            Array(order.prefix(4)).sorted() == ["dprk-forces-russia", "dprk-missile", "seoul-all", "zeppelin"],
            "\(order)")
        #expect(order.last == "korea-lethal-aid")

        let text = try h.run(["rules", "--config", h.configPath])
        #expect(text.stdout.contains("5 rules: 1 noisy, 3 never fired in 7d"), "\(text.stdout)")
    }

    @Test func statusSummarisesTheRulesAndShowsOverdueFeeds() throws {
        let h = try prepared()
        let status = try h.run(["status", "--json", "--config", h.configPath])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let rules = try #require(report["rules"] as? [String: Any])
        #expect(rules["loaded"] as? Int == 5)
        #expect(rules["noisy"] as? Int == 1)
        #expect(rules["never_fired_7d"] as? Int == 3)
        #expect(report["catch_up"] is NSNull)
        #expect(report["state_disk_free_bytes"] as? Int ?? 0 > 0)
        #expect((report["feeds"] as? [[String: Any]])?.first?["overdue"] as? Bool == false)

        // The service stopped recording fetches an hour ago (not running, or its disk is full).
        let db = try DatabaseQueue(path: h.databasePath)
        try db.write { db in
            try db.execute(sql: "UPDATE feed SET next_fetch_at = ?", arguments: [Date().addingTimeInterval(-3600)])
        }
        try db.close()
        let late = try h.run(["status", "--config", h.configPath])
        #expect(late.stdout.contains("overdue"), "\(late.stdout)")
        #expect(late.stdout.contains("1 feed is overdue: is the service running"), "\(late.stdout)")
        #expect(late.stdout.contains("5 rules: 1 noisy, 3 never fired in 7d (newswatch rules)"), "\(late.stdout)")
    }
}
