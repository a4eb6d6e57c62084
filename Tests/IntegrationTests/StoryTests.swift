import Foundation
import TestSupport
import Testing

/// One alert per story and rule (README "One alert per story"): five outlets carry the seed story in five
/// rewordings, and two genuinely new developments follow.
@Suite(.serialized) struct StoryTests {
    static let paragraphs = [
        "South Korea is weighing whether to send lethal aid to Ukraine after North Korea deployed special forces "
            + "to Russia, a senior presidential official said on Thursday.",
        "The National Intelligence Service said this week that about 1,500 North Korean special forces had been "
            + "moved to Russia's Far East aboard Russian navy ships, in the first phase of a deployment expected to "
            + "reach 12,000 troops.",
        "Seoul has so far supplied Ukraine with humanitarian aid and non-lethal equipment, in line with a "
            + "long-standing policy of not providing weapons to countries at war.",
        "The official said the government would review its options in stages, depending on how far military "
            + "cooperation between Pyongyang and Moscow goes, and did not rule out defensive weapons as a first step.",
        "The Kremlin has denied that North Korean troops are in Russia, while Ukrainian intelligence says the first "
            + "units have already reached training grounds near the border.",
    ]

    /// The five republications: another headline, a byline and outlet boilerplate, a paragraph cut, the
    /// first two paragraphs swapped, a dateline and a tracking link.
    static let copies: [(feed: String, title: String, text: [String], link: String)] = [
        (
            "yonhap", "S. Korea weighs lethal aid to Ukraine over N. Korean troop deployment", paragraphs,
            "https://yonhap.example/news/1"
        ),
        (
            "herald", "Seoul considers arming Kyiv as Pyongyang sends troops to Russia",
            ["By Lee Ji-hye, staff reporter"] + paragraphs + ["Copyright Herald Corp. All rights reserved."],
            "https://herald.example/view/2?utm_source=rss"
        ),
        (
            "times", "Lethal aid to Ukraine now an option, says presidential office", Array(paragraphs.prefix(4)),
            "https://times.example/www/nation/3.html"
        ),
        (
            "kbs", "Government reviews Ukraine weapons policy", [paragraphs[1], paragraphs[0]] + paragraphs.suffix(3),
            "https://kbs.example/news/view.do?ncd=4"
        ),
        (
            "mirror", "Korea may send weapons to Ukraine",
            ["SEOUL, Nov. 26 (Yonhap) -- " + paragraphs[0]] + paragraphs.dropFirst(),
            "https://mirror.example/r/5?ref=feed"
        ),
    ]

    /// Two new developments on the same topic: many shared words, another story.
    static let followUps: [(title: String, text: String, link: String)] = [
        (
            "Seoul to decide on lethal aid after envoy returns from Kyiv",
            "South Korea will decide whether to provide lethal aid to Ukraine after a special envoy returns from Kyiv "
                + "next week, the presidential office said on Monday. The envoy is to meet President Zelensky and "
                + "discuss what Ukraine needs most, including air defence systems and artillery shells. Officials said "
                + "no decision had been made and that parliament would be briefed first.",
            "https://yonhap.example/news/6"
        ),
        (
            "North Korean troops take losses in Kursk, NIS tells lawmakers",
            "North Korean soldiers fighting alongside Russian forces in the Kursk region have suffered their first "
                + "casualties, the National Intelligence Service told lawmakers on Tuesday. The agency said the troops "
                + "lacked drone warfare training and that Moscow was preparing to send more of them to the front.",
            "https://yonhap.example/news/7"
        ),
    ]

    func prepared(extra: String = "") throws -> ProductHarness {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: Self.copies.map { ($0.feed, "/\($0.feed).xml") }, extra: extra)
        for (index, copy) in Self.copies.enumerated() {
            var items = [
                FeedText.Item(
                    guid: "\(copy.feed)-\(index)", title: copy.title, link: copy.link,
                    description: copy.text.map { "<p>\($0)</p>" }.joined())
            ]
            if copy.feed == "yonhap" {
                items += Self.followUps.enumerated().map { n, story in
                    FeedText.Item(guid: "yonhap-f\(n)", title: story.title, link: story.link, description: story.text)
                }
            }
            h.server.serve("/\(copy.feed).xml", body: FeedText.rss(title: copy.feed, items: items))
        }
        return h
    }

    func rules(_ records: [[String: Any]]) -> [String] {
        records.compactMap { ($0["rule"] as? [String: Any])?["id"] as? String }.sorted()
    }

    func storyAlerts(_ h: ProductHarness) throws -> [[String: Any]] {
        try h.spoolRecords().filter { record in
            Self.copies.contains { $0.title == (record["article"] as? [String: Any])?["title"] as? String }
        }
    }

    @Test func fiveCopiesOfAStoryRaiseOneAlertPerRuleWithFiveSourcesAndFollowUpsTheirOwn() throws {
        let h = try prepared()
        let run = try h.runOnce()
        #expect(run.status == 0, "stderr: \(run.stderr)")

        // The story: one alert for each of the two rules; the follow-ups: one each.
        let story = try storyAlerts(h)
        let all = try h.spoolRecords()
        #expect(rules(story) == ["dprk-forces-russia", "korea-lethal-aid"], "\(all)")
        #expect(rules(all) == ["dprk-forces-russia", "dprk-forces-russia", "korea-lethal-aid", "korea-lethal-aid"])
        let ids = Set(story.compactMap { ($0["story"] as? [String: Any])?["id"] as? String })
        #expect(ids.count == 1, "\(story)")
        #expect(story.allSatisfy { ($0["story"] as? [String: Any])?["sources"] as? Int == 1 })

        // The text log: 4 alerts, and one ALSO line for each later source of each alert.
        let lines = h.logLines()
        #expect(lines.filter { !$0.contains(" ALSO ") }.count == 4, "\(lines)")
        #expect(lines.filter { $0.contains(" ALSO ") }.count == 8, "\(lines)")

        // tail shows +4 sources beside each story alert; --story lists the five sources.
        let tail = try h.run(["tail", "--config", h.configPath])
        #expect(tail.stdout.components(separatedBy: "+4 sources").count - 1 == 2, "\(tail.stdout)")
        let alertID = try #require(story.first?["id"] as? String)
        let sources = try h.run(["tail", "--story", alertID, "--json", "--config", h.configPath])
        #expect(sources.status == 0, "stderr: \(sources.stderr)")
        let rows = sources.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let alertRows = rows.filter { $0["alert"] as? String == alertID }
        #expect(Set(alertRows.compactMap { $0["feed"] as? String }) == Set(Self.copies.map(\.feed)), "\(rows)")
        #expect(rows.count == 10, "\(rows)")
        let unknown = try h.run(["tail", "--story", "0000000000000000", "--config", h.configPath])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("has no story"), "\(unknown.stderr)")

        // status counts the stories: the seed story (shared by five articles) and the two follow-ups.
        let status = try h.run(["status", "--json", "--config", h.configPath])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let stories = try #require(report["stories"] as? [String: Any], "\(report)")
        #expect(stories["count"] as? Int == 3, "\(stories)")
        #expect(stories["shared"] as? Int == 1, "\(stories)")

        // A restart: nothing new, nothing raised or noted again.
        #expect(try h.runOnce().status == 0)
        #expect(h.spoolFiles().count == 4)
        #expect(h.logLines().count == 12)
    }

    /// A rule added later catches up on the kept copies once per story too.
    @Test func aCatchUpOverTheKeptCopiesRaisesOneAlertForTheStory() throws {
        let h = try prepared()
        #expect(try h.runOnce().status == 0)
        try h.writeRules("kremlin.yml", "rules:\n  - id: kremlin-denies\n    match: 'Kremlin AND denied'\n")
        let caught = try h.runOnce()
        #expect(caught.status == 0, "stderr: \(caught.stderr)")
        let kremlin = try h.spoolRecords().filter {
            ($0["rule"] as? [String: Any])?["id"] as? String == "kremlin-denies"
        }
        // Four of the five copies keep the Kremlin's denial (the times cut it): one alert.
        #expect(kremlin.count == 1, "\(kremlin)")
        #expect(kremlin.first?["catch_up"] as? Bool == true)
    }

    @Test func aCrashBetweenCommitAndDeliveryChangesNothing() throws {
        let h = try prepared()
        let crashed = try h.runOnce(environment: ["NEWSWATCH_FAILPOINT": "after-commit"])
        #expect(crashed.status == 99, "stderr: \(crashed.stderr)")
        #expect(h.spoolFiles().isEmpty)

        // Restarted, the story index comes back from the database: the copies still join the story.
        let restarted = try h.runOnce()
        #expect(restarted.status == 0, "stderr: \(restarted.stderr)")
        let all = try h.spoolRecords()
        #expect(rules(try storyAlerts(h)) == ["dprk-forces-russia", "korea-lethal-aid"], "\(all)")
        #expect(h.spoolFiles().count == 4)
        #expect(try h.runOnce().status == 0)
        #expect(h.spoolFiles().count == 4)
    }

    @Test(arguments: [
        // Off for the whole service: one alert per article and rule.
        ("story: off", 5, 5),
        // Off for one rule only.
        ("", 1, 5),
    ])
    func storyOffKeepsOneAlertPerArticle(extra: String, lethalAid: Int, forces: Int) throws {
        let h = try prepared(extra: extra)
        if extra.isEmpty {
            try h.writeRules(
                "korea.yml",
                FeedText.rules.replacingOccurrences(
                    of: "    severity: critical\n", with: "    severity: critical\n    story: off\n"))
        }
        let run = try h.runOnce()
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let story = try storyAlerts(h)
        #expect(
            story.filter { ($0["rule"] as? [String: Any])?["id"] as? String == "korea-lethal-aid" }.count == lethalAid)
        #expect(
            story.filter { ($0["rule"] as? [String: Any])?["id"] as? String == "dprk-forces-russia" }.count == forces)
        #expect(!h.logLines().contains { $0.contains(" ALSO ") && $0.contains("dprk-forces-russia") })
    }
}
