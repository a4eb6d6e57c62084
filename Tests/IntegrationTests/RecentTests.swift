import Foundation
import Testing

/// `newswatch test --recent` over the articles a service kept (README "Hunt back").
@Suite struct RecentTests {
    /// Two feeds: wire (tag test) carries the lethal-aid and missile stories, other (tag other) special forces.
    func prepared() throws -> ProductHarness {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml"), ("other", "/other.xml")])
        // The second feed gets its own tag, to hunt by tag.
        var config = try String(contentsOfFile: h.configPath, encoding: .utf8)
        config = config.replacingOccurrences(
            of: "  - id: other\n    url: \(h.server.url("/other.xml"))\n    tags: [test]",
            with: "  - id: other\n    url: \(h.server.url("/other.xml"))\n    tags: [other]")
        try config.write(toFile: h.configPath, atomically: true, encoding: .utf8)
        h.server.serve(
            "/wire.xml", body: FeedText.rss(items: [FeedText.lethalAid, FeedText.missile, FeedText.weather]))
        h.server.serve("/other.xml", body: FeedText.rss(title: "Other", items: [FeedText.specialForces]))
        let once = try h.runOnce()
        #expect(once.status == 0, "stderr: \(once.stderr)")
        return h
    }

    @Test func aNewRuleHuntsBackOverTheKeptArticles() throws {
        let h = try prepared()
        try h.writeRules(
            "new.yml", "rules:\n  - id: seoul-snow\n    match: 'Seoul AND snow'\n  - id: never\n    match: 'zeppelin'\n"
        )
        let hunt = try h.run(["test", "--recent", "1d", "--config", h.configPath])
        #expect(hunt.status == 0, "stderr: \(hunt.stderr)")
        #expect(hunt.stdout.contains("\"Heavy snow expected in Seoul\""), "\(hunt.stdout)")
        #expect(hunt.stdout.contains("seoul-snow"))
        #expect(hunt.stdout.contains("Last 1d: 4 kept articles"), "\(hunt.stdout)")
        let lines = hunt.stdout.split(separator: "\n").map(String.init)
        func summary(_ rule: String) -> String? {
            lines.first { $0.hasPrefix("  \(rule) ") && $0.contains(" article") }
        }
        #expect(summary("seoul-snow")?.contains("1 article in 1 feed (wire 1); first ") == true, "\(hunt.stdout)")
        #expect(summary("dprk-forces-russia")?.contains("1 article in 1 feed (other 1)") == true, "\(hunt.stdout)")
        #expect(hunt.stdout.contains("1 other rule matched no article"))

        let named = try h.run(["test", "--recent", "1d", "--rule", "never", "--config", h.configPath])
        #expect(named.status == 1, "nothing matched")
        #expect(named.stdout.contains("  never  no article"), "\(named.stdout)")
    }

    @Test(arguments: [
        (["--feed", "wire"], ["dprk-missile", "korea-lethal-aid"]),
        (["--feed", "tag:other"], ["dprk-forces-russia"]),
        (["--feed", "wire", "--feed", "other"], ["dprk-forces-russia", "dprk-missile", "korea-lethal-aid"]),
    ])
    func feedLimitsAreHonoured(arguments: [String], rules: [String]) throws {
        let h = try prepared()
        let hunt = try h.run(["test", "--recent", "2h", "--json", "--config", h.configPath] + arguments)
        #expect(hunt.status == 0, "stderr: \(hunt.stderr)")
        let objects = try hunt.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let matchRules = objects.compactMap { $0["rule"] as? String }.sorted()
        #expect(matchRules == rules)
        let summaries = objects.compactMap { $0["summary"] as? [String: Any] }
        #expect(summaries.compactMap { $0["rule"] as? String }.sorted() == rules)
        #expect(summaries.allSatisfy { $0["articles"] as? Int == 1 })
    }

    @Test func badWindowsAndTagsAreClearErrors() throws {
        let h = try prepared()
        let noTag = try h.run(["test", "--recent", "1d", "--feed", "tag:othr", "--config", h.configPath])
        #expect(noTag.status == 2)
        #expect(
            noTag.stderr.contains("no configured feed has the tag 'othr' (did you mean tag:other?)"), "\(noTag.stderr)")
        let badWindow = try h.run(["test", "--recent", "yesterday", "--config", h.configPath])
        #expect(badWindow.status == 64)
        #expect(badWindow.stderr.contains("--recent 'yesterday' is not a duration"), "\(badWindow.stderr)")
    }
}
