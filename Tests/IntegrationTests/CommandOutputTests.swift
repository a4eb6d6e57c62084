import Basics
import Foundation
import TestSupport
import Testing

/// What the analyst's commands print (README "Commands"): local times for people, ISO-8601 UTC in
/// JSON, no passwords, "warning" said once, and input problems named plainly.
@Suite(.serialized) struct CommandOutputTests {
    /// A harness whose feed URL carries a password, after one run of the service.
    func fetchedOnce() throws -> ProductHarness {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        let withPassword = h.server.url("/wire.xml").replacingOccurrences(
            of: "http://", with: "http://analyst:hunter2@")
        let config = try String(contentsOfFile: h.configPath, encoding: .utf8)
            .replacingOccurrences(of: h.server.url("/wire.xml"), with: withPassword)
        try config.write(toFile: h.configPath, atomically: true, encoding: .utf8)
        h.server.serve("/wire.xml", body: FeedText.rss(items: [FeedText.lethalAid]))
        #expect(try h.runOnce().status == 0)
        return h
    }

    @Test func statusShowsLocalTimesToPeopleAndUTCInJSONAndNoPassword() throws {
        let h = try fetchedOnce()
        let seoul = ["TZ": "Asia/Seoul"]
        let text = try h.run(["status", "--config", h.configPath], environment: seoul)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains(" KST"), "\(text.stdout)")
        #expect(!text.stdout.contains("Z "), "\(text.stdout)")
        #expect(text.stdout.contains("1 feed, 0 failing, 0 alerts pending delivery"), "\(text.stdout)")
        let json = try h.run(["status", "--json", "--config", h.configPath], environment: seoul)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let feed = try #require((report["feeds"] as? [[String: Any]])?.first)
        #expect((feed["last_fetch"] as? String)?.hasSuffix("Z") == true)
        #expect(
            feed["url"] as? String
                == h.server.url("/wire.xml").replacingOccurrences(of: "http://", with: "http://analyst:***@"))
        let check = try h.run(["check", "--config", h.configPath])
        for output in [text.stdout, text.stderr, json.stdout, json.stderr, check.stdout, check.stderr] {
            #expect(!output.contains("hunter2"), "\(output)")
        }
    }

    @Test func tailShowsLocalTimesInTextAndUTCInJSON() throws {
        let h = try fetchedOnce()
        let line = try #require(h.logLines().first)
        let utc = String(line.prefix { $0 != " " })
        let time = try #require(Timestamp.parse(utc))
        let text = try h.run(["tail", "--config", h.configPath], environment: ["TZ": "Asia/Seoul"])
        let shown = try #require(text.stdout.split(separator: "\n").first.map(String.init))
        #expect(shown.hasSuffix(line.drop { $0 != " " }), "\(shown)")
        // Seoul is UTC+9 all year (no daylight saving since 1988).
        let local = Timestamp.iso8601(time.addingTimeInterval(9 * 3600)).replacingOccurrences(of: "T", with: " ")
            .replacingOccurrences(of: "Z", with: " KST")
        #expect(shown.hasPrefix(local + " HIGH korea-lethal-aid "), "\(shown) vs \(local)")
        #expect(local.hasSuffix(" KST"))
        let json = try h.run(["tail", "--json", "--config", h.configPath], environment: ["TZ": "Asia/Seoul"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["time"] as? String == utc)
    }

    /// `tail -f` before the first alert says what it is waiting for, once.
    @Test func tailFollowSaysItWaitsForTheFirstAlert() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [])
        let tail = try h.start(["tail", "-f", "--config", h.configPath])
        defer { tail.signal(SIGKILL) }
        #expect(
            eventually { tail.stderr.contains("no alert log at \(h.logPath) yet; waiting for the first alert") },
            "\(tail.stderr)")
        usleep(600_000)
        #expect(tail.stderr.split(separator: "\n").count == 1, "\(tail.stderr)")
    }

    /// "warning" once: check says `FILE:LINE:COL: warning: ...`, the service's log line has its level.
    @Test func aWarningSaysWarningOnce() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [])
        var config = try String(contentsOfFile: h.configPath, encoding: .utf8)
        config = config.replacingOccurrences(
            of: "rules: [rules.d/*.yml]", with: "rules: [rules.d/*.yml, extra.d/*.yml]")
        try config.write(toFile: h.configPath, atomically: true, encoding: .utf8)
        let check = try h.run(["check", "--config", h.configPath])
        #expect(check.status == 0, "\(check.stdout)")
        let warning = try #require(check.stdout.split(separator: "\n").first { $0.contains("extra.d") })
        #expect(warning.hasPrefix(h.configPath + ":2:1: warning: rules pattern '"), "\(warning)")
        #expect(warning.components(separatedBy: "warning").count == 2, "\(warning)")
        let run = try h.runOnce()
        let logged = try #require(run.stderr.split(separator: "\n").first { $0.contains("extra.d") })
        #expect(!logged.lowercased().contains("warning: rules pattern"), "\(logged)")
    }

    @Test(arguments: [
        ("/etc", "newswatch parse: /etc: is a directory; name a feed file in it"),
        ("missing.xml", "newswatch parse: missing.xml: does not exist"),
    ])
    func parseSaysWhyItCannotReadAFile(input: String, expected: String) throws {
        let h = try ProductHarness()
        let run = try h.run(["parse", input])
        #expect(run.status == 1)
        #expect(run.stderr.contains(expected), "\(run.stderr)")
        #expect(!run.stderr.contains("permissions?"))
    }

    /// The severities `tail` takes are the rules' severities.
    @Test func tailSeveritiesAreTheRulesSeverities() throws {
        let h = try ProductHarness()
        try h.writeConfig(feeds: [])
        let run = try h.run(["tail", "--severity", "urgent", "--config", h.configPath])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--severity must be one of info, low, medium, high, critical"), "\(run.stderr)")
    }
}
