import Basics
import Foundation
import Store
import TestSupport
import Testing

/// `check`, `parse`, `test`, `tail` and `status`, run as a user runs them.
@Suite(.serialized) struct CommandLineTests {
    @Test func checkExitsZeroOnValidAndOneWithEveryProblem() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        let ok = try h.run(["check", "--config", h.configPath])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains("OK: 1 feed, 3 rules in 1 file"), "\(ok.stdout)")

        try h.writeRules(
            "bad.yml", "rules:\n  - id: korea-lethal-aid\n    match: '(a OR b'\n  - id: y\n    match: '@nobody'\n")
        let bad = try h.run(["check", "--config", h.configPath])
        #expect(bad.status == 1)
        let lines = bad.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count >= 3, "\(lines)")
        for line in lines {
            #expect(line.hasPrefix(h.directory + "/etc/rules.d/"), "\(line)")
        }
    }

    /// `check` finds what `run` would trip on, each at the offending value, and never shows a password.
    @Test func checkFindsWhatTheServiceWouldTripOn() throws {
        let h = try ProductHarness()
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        try h.writeRules("limited.yml", "rules:\n  - id: r\n    match: Seoul\n    feeds: [wier]\n")
        let limited = try h.run(["check", "--config", h.configPath])
        #expect(limited.status == 1)
        #expect(
            limited.stdout.contains(
                h.directory
                    + "/etc/rules.d/limited.yml:4:13: rule 'r' is limited to feed 'wier', which is not configured (did you mean 'wire'?)"
            ),
            "\(limited.stdout)")

        try h.writeRules("limited.yml", "rules:\n  - id: r\n    match: Seoul\n")
        try FileManager.default.createDirectory(atPath: h.directory + "/var/log", withIntermediateDirectories: true)
        try """
        state_dir: /proc/newswatch
        alerts:
          log: ../var/log
        feeds:
          - https://analyst:hunter2@127.0.0.1:99999/feed
        """.write(toFile: h.configPath, atomically: true, encoding: .utf8)
        let paths = try h.run(["check", "--config", h.configPath])
        #expect(paths.status == 1)
        let lines = paths.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.contains { $0.hasPrefix(h.configPath + ":1:12: state_dir: /proc/newswatch is under /proc") },
            "\(lines)")
        #expect(
            lines.contains { $0.hasPrefix(h.configPath + ":3:8: alerts.log: \(h.directory)/var/log is a directory") },
            "\(lines)")
        #expect(
            lines.contains {
                $0.hasPrefix(h.configPath + ":5:5: 'https://analyst:***@127.0.0.1:99999/feed' has port 99999")
            }, "\(lines)")
        #expect(!(paths.stdout + paths.stderr).contains("hunter2"))
    }

    @Test func checkUsesNewswatchConfigFromTheEnvironment() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [])
        let ok = try h.run(["check"], environment: ["NEWSWATCH_CONFIG": h.configPath])
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    /// A config file that is not there is named, with how its path was chosen (README "Commands").
    @Test(arguments: [
        (["check"], "option"), (["status"], "option"), (["tail"], "option"), (["check"], "environment"),
        (["status"], "default"),
    ])
    func aMissingConfigSaysHowItsPathWasChosen(command: [String], origin: String) throws {
        let h = try ProductHarness()
        let missing = h.directory + "/etc/nothere.yml"
        let run: ProductHarness.Outcome
        switch origin {
        case "option":
            run = try h.run(command + ["--config", missing], environment: ["NEWSWATCH_CONFIG": h.configPath])
            #expect(
                run.stderr.contains("the config file \(missing) does not exist; the path was given with --config"),
                "\(run.stderr)")
        case "environment":
            run = try h.run(command, environment: ["NEWSWATCH_CONFIG": missing])
            #expect(
                run.stderr.contains("the config file \(missing) does not exist; the path comes from $NEWSWATCH_CONFIG"),
                "\(run.stderr)")
        default:
            guard !FileManager.default.fileExists(atPath: "/etc/newswatch/newswatch.yml") else { return }
            run = try h.run(command, environment: ["NEWSWATCH_CONFIG": ""])
            #expect(
                run.stderr.contains(
                    "the config file /etc/newswatch/newswatch.yml does not exist; the path is the default, as neither --config nor $NEWSWATCH_CONFIG was given"
                ), "\(run.stderr)")
        }
        #expect(run.status == 1)
        #expect(!(run.stdout + run.stderr).contains(":1:1:"), "\(run.stdout)\(run.stderr)")
    }

    @Test func parseJSONShowsWhatTheServiceSees() throws {
        let h = try ProductHarness()
        h.server.serve("/wire.xml", body: FeedText.rss(items: [FeedText.lethalAid, FeedText.weather]))
        let path = h.directory + "/wire.xml"
        try FeedText.rss(items: [FeedText.specialForces]).write(toFile: path, atomically: true, encoding: .utf8)
        let run = try h.run(["parse", "--json", h.server.url("/wire.xml"), path, h.directory + "/missing.xml"])
        #expect(run.status == 1)
        let objects = try run.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.count == 3)
        #expect(objects[0]["input"] as? String == h.server.url("/wire.xml"))
        #expect(objects[0]["format"] as? String == "rss2.0")
        let entries = try #require(objects[0]["entries"] as? [[String: Any]])
        #expect(entries.count == 2)
        #expect(entries[0]["id"] as? String == "wire-1001")
        #expect(entries[0]["published"] as? String == "2026-11-26T09:30:00Z")
        #expect(
            entries[0]["text"] as? String
                == "South Korea is considering supplying Ukraine with lethal aid if North Korea\u{2019}s involvement deepens, officials said."
        )
        #expect(objects[1]["input"] as? String == path)
        #expect(objects[2]["format"] is NSNull)
        #expect(objects[2]["error"] is String)
    }

    @Test func testExplainsMatchesInJSONAndWritesNothing() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        let feed = h.directory + "/wire.xml"
        try FeedText.rss(items: [FeedText.lethalAid, FeedText.weather]).write(
            toFile: feed, atomically: true, encoding: .utf8)
        let run = try h.run(["test", "--rules", h.directory + "/etc/rules.d/*.yml", "--json", feed])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["rule"] as? String == "korea-lethal-aid")
        #expect(object["severity"] as? String == "high")
        #expect((object["entry"] as? [String: Any])?["id"] as? String == "wire-1001")
        let matches = try #require(object["matches"] as? [[String: Any]])
        let aid = try #require(
            matches.first { $0["term"] as? String == "\"lethal aid\"" && $0["field"] as? String == "text" })
        let text =
            "South Korea is considering supplying Ukraine with lethal aid if North Korea\u{2019}s involvement deepens, officials said."
        let offset = try #require(aid["offset"] as? Int)
        #expect(String(String.UnicodeScalarView(text.unicodeScalars.dropFirst(offset).prefix(10))) == "lethal aid")
        #expect(object["actors"] as? [String] == ["south_korea"])
        #expect(!FileManager.default.fileExists(atPath: h.directory + "/var"))

        let text1 = try h.run([
            "test", "--rules", h.directory + "/etc/rules.d/korea.yml", "--text",
            "Pyongyang test-fired a new missile on Friday.",
        ])
        #expect(text1.status == 0)
        #expect(text1.stdout.contains("dprk-missile"))
        let none = try h.run([
            "test", "--rules", h.directory + "/etc/rules.d/korea.yml", "--rule", "dprk-missile", "--text",
            "Nothing to see.",
        ])
        #expect(none.status == 1)

        let two = try h.run([
            "test", "--rules", h.directory + "/etc/rules.d/korea.yml", "--rule", "dprk-missile", "--rule",
            "korea-lethal-aid",
            "--text", "Pyongyang test-fired a new missile on Friday.",
        ])
        #expect(two.status == 0)
        #expect(two.stdout.contains("dprk-missile"))
        #expect(two.stderr.contains("1 match in 1 entry, 2 rules"), "\(two.stderr)")

        // A file named twice (overlapping globs) is read once; a glob that names nothing is an error.
        let twice = try h.run([
            "test", "--rules", h.directory + "/etc/rules.d/korea.yml", "--rules", h.directory + "/etc/rules.d/*.yml",
            "--text", "Pyongyang test-fired a new missile on Friday.",
        ])
        #expect(twice.status == 0, "\(twice.stderr)")
        // A command line that cannot be parsed is a usage error (64); a value starting with - needs `=`.
        let usage = try h.run([
            "test", "--rules", h.directory + "/etc/rules.d/korea.yml", "--text", "-30% for Pyongyang",
        ])
        #expect(usage.status == 64, "\(usage.stderr)")
        let dashed = try h.run([
            "test", "--rules", h.directory + "/etc/rules.d/korea.yml", "--text=-30% for Pyongyang missile*",
        ])
        #expect(dashed.status == 0 || dashed.status == 1, "\(dashed.stderr)")
        let nothing = try h.run(["test", "--rules", h.directory + "/etc/rules.d/*.yaml", "--text", "Pyongyang"])
        #expect(nothing.status == 2)
        #expect(nothing.stderr.contains("*.yaml' matches no file"), "\(nothing.stderr)")
    }

    /// Text given to `test` comes from no feed: a rule's feeds: limit is not applied (and the match says
    /// so) unless --feed names the configured feed to test as.
    @Test func testAppliesFeedLimitsOnlyAsANamedFeed() throws {
        let h = try ProductHarness()
        try h.writeConfig(feeds: [("wire", "/wire.xml"), ("blog", "/blog.xml")])
        try h.writeRules(
            "limited.yml",
            """
            rules:
              - id: seoul-on-the-wire
                feeds: [wire]
                match: Seoul
              - id: seoul-on-tagged
                feeds: [tag:test]
                match: Seoul
              - id: seoul-in-blog
                match: Seoul AND (feed:blog OR feed:text OR feed:test OR site:localhost)
            """)
        let text = ["--text", "Talks in Seoul resumed."]
        let free = try h.run(["test", "--config", h.configPath] + text)
        #expect(free.status == 0, "\(free.stderr)")
        #expect(free.stdout.contains("seoul-on-the-wire") && free.stdout.contains("seoul-on-tagged"))
        #expect(free.stdout.contains("limited to feeds wire: not applied here"))
        #expect(!free.stdout.contains("seoul-in-blog"), "text of no feed has no feed id or host: \(free.stdout)")

        let asBlog = try h.run(["test", "--config", h.configPath, "--feed", "blog", "--json"] + text)
        #expect(asBlog.status == 0, "\(asBlog.stderr)")
        let rules = asBlog.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["rule"] as? String
        }
        #expect(rules == ["seoul-on-tagged", "seoul-in-blog"])

        let asWire = try h.run(
            ["test", "--config", h.configPath, "--feed", "wire", "--rule", "seoul-on-the-wire"] + text)
        #expect(asWire.status == 0)
        #expect(!asWire.stdout.contains("not applied"))

        let unknown = try h.run(["test", "--config", h.configPath, "--feed", "nope"] + text)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no feed with id 'nope'") && unknown.stderr.contains("known: wire, blog"))
    }

    /// `newswatch test | head` and `tail -f | grep` end with their reader, as other tools do: status 141,
    /// no crash report.
    @Test func aClosedPipeEndsTheCommandQuietly() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProductHarness.binary)
        process.arguments = [
            "test", "--rules", h.directory + "/etc/rules.d/korea.yml", "--text", "Pyongyang test-fired a missile.",
        ]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try out.fileHandleForReading.close()  // nobody will read: the first write fails with EPIPE
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 141)
        #expect(!stderr.contains("Fatal error") && !stderr.contains("crashed"), "\(stderr)")
    }

    /// `status` and `tail` read the config's feeds and paths, not the rules: they start at once with any
    /// number of rules, and they still report while a rule file has an error (that is check's to say).
    @Test func statusAndTailDoNotReadTheRules() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        h.server.serve("/wire.xml", body: FeedText.rss(items: [FeedText.lethalAid]))
        #expect(try h.runOnce().status == 0)
        try h.writeRules("broken.yml", "rules:\n  - id: x\n    match: '(unclosed'\n")
        #expect(try h.run(["check", "--config", h.configPath]).status == 1)
        let status = try h.run(["status", "--config", h.configPath])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("wire"), "\(status.stdout)")
        #expect(status.stderr.isEmpty, "\(status.stderr)")
        let tail = try h.run(["tail", "--config", h.configPath])
        #expect(tail.status == 0, "\(tail.stderr)")
        #expect(tail.stdout.contains("korea-lethal-aid"))
        // A problem in the config itself still stops them.
        try h.writeConfig(feeds: [("wire", "/wire.xml")], extra: "bogus: 1")
        let bad = try h.run(["status", "--config", h.configPath])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("unknown key 'bogus'"), "\(bad.stderr)")
    }

    @Test func tailShowsRecentAlertsFiltered() async throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        h.server.serve(
            "/wire.xml", body: FeedText.rss(items: [FeedText.lethalAid, FeedText.specialForces, FeedText.missile]))
        #expect(try h.runOnce().status == 0)
        let all = try h.run(["tail", "--config", h.configPath])
        #expect(all.stdout.split(separator: "\n").count == 3)
        let last = try h.run(["tail", "-n", "1", "--config", h.configPath])
        #expect(last.stdout.split(separator: "\n").count == 1)
        let critical = try h.run(["tail", "--severity", "high", "--config", h.configPath])
        #expect(critical.stdout.split(separator: "\n").count == 2)
        let rule = try h.run(["tail", "--rule", "dprk-missile", "--json", "--config", h.configPath])
        let lines = rule.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect((object["rule"] as? [String: Any])?["id"] as? String == "dprk-missile")
        #expect(object["snippet"] != nil)

        // Records older than the database keeps them: what the text line says, and the line.
        let store = try StateStore(path: h.databasePath)
        #expect(try await store.compactAlerts(raisedBefore: Date().addingTimeInterval(60)) == 3)
        store.close()
        let old = try h.run(["tail", "--rule", "dprk-missile", "--json", "--config", h.configPath])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(old.stdout.utf8)) as? [String: Any])
        #expect((summary["rule"] as? [String: Any])?["severity"] as? String == "medium")
        #expect(summary["id"] as? String == object["id"] as? String)
        #expect((summary["log_line"] as? String)?.contains(" MEDIUM dprk-missile \"") == true)
        #expect(summary["snippet"] == nil)
    }

    /// A log of thousands of alerts is read from its end: the last alerts, the last of one rule
    /// near the top, a first line without a newline before it, and a line still being written.
    @Test func tailReadsBigLogsFromTheEnd() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        h.server.serve(
            "/wire.xml", body: FeedText.rss(items: [FeedText.lethalAid, FeedText.specialForces, FeedText.missile]))
        #expect(try h.runOnce().status == 0)
        let lines = try String(contentsOfFile: h.logPath, encoding: .utf8).split(separator: "\n").map(String.init)
        try #require(lines.count == 3)
        let missile = try #require(lines.first { $0.contains("dprk-missile") })
        let others = lines.filter { !$0.contains("dprk-missile") }
        // 6000 lines (about a megabyte): the missile alert first, then the two others over and over.
        var log = missile + "\n"
        for i in 0..<5999 { log += others[i % 2] + "\n" }
        try log.write(toFile: h.logPath, atomically: true, encoding: .utf8)

        let last = try h.run(["tail", "-n", "3", "--config", h.configPath])
        #expect(last.stdout.split(separator: "\n").count == 3)
        let first = try h.run(["tail", "--rule", "dprk-missile", "--config", h.configPath])
        let firstLines = first.stdout.split(separator: "\n")
        #expect(firstLines.count == 1)
        #expect(firstLines.first?.contains("dprk-missile") == true)
        let all = try h.run(["tail", "-n", "100000", "--config", h.configPath])
        #expect(all.stdout.split(separator: "\n").count == 6000)

        // A line still being written (no newline yet) is not shown.
        try (log + String(missile.prefix(20))).write(toFile: h.logPath, atomically: true, encoding: .utf8)
        let partial = try h.run(["tail", "-n", "100000", "--config", h.configPath])
        #expect(partial.stdout.split(separator: "\n").count == 6000)
        let none = try h.run(["tail", "-n", "0", "--config", h.configPath])
        #expect(none.stdout.isEmpty)
    }

    @Test func tailFollowsAcrossRotation() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        h.server.serve("/wire.xml", body: FeedText.rss(items: [FeedText.lethalAid]))
        #expect(try h.runOnce().status == 0)
        let tail = try h.start(["tail", "-f", "--config", h.configPath])
        defer { tail.signal(SIGKILL) }
        #expect(eventually { tail.stdout.contains("korea-lethal-aid") })
        try FileManager.default.moveItem(atPath: h.logPath, toPath: h.logPath + ".1")
        h.server.serve("/wire.xml", body: FeedText.rss(items: [FeedText.lethalAid, FeedText.missile]), etag: "\"x\"")
        #expect(try h.runOnce().status == 0)
        #expect(eventually { tail.stdout.contains("dprk-missile") }, "tail saw: \(tail.stdout)")
    }
}
