import Foundation
import TestSupport
import Testing

/// `newswatch test --rule ID` explains a rule that does not fire; with `--feed`, an entry older than
/// `backfill` is marked; `check` prints rule warnings and exits 0.
@Suite(.serialized) struct TestExplainTests {
    @Test func aNamedRuleThatDoesNotFireIsExplained() throws {
        let h = try ProductHarness()
        try h.writeRules(
            "r.yml",
            FeedText.rules + "\n  - id: near-aid\n    match: 'lethal NEAR/5 aid AND NOT Tokyo'\n")
        let run = try h.run([
            "test", "--rules", h.directory + "/etc/rules.d/r.yml", "--rule", "near-aid", "--rule", "dprk-missile",
            "--text", "Lethal weapons were sent today, and after long talks then aid to Tokyo.",
        ])
        #expect(run.status == 1, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains("near-aid  did not fire:"), "\(run.stdout)")
        #expect(lines.contains("NEAR/5: 'lethal' and 'aid' are 9 words apart at best"), "\(run.stdout)")
        #expect(lines.contains("NOT Tokyo: 'Tokyo' is present (text@65)"), "\(run.stdout)")
        #expect(lines.contains("dprk-missile  did not fire:"), "\(run.stdout)")
        #expect(lines.contains("missing: '@north_korea'"), "\(run.stdout)")
        #expect(lines.contains("missing: 'missile*'"), "\(run.stdout)")
    }

    @Test func anEntryOlderThanBackfillIsMarkedWithFeed() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        let config = """
            state_dir: ../var/lib
            rules: [rules.d/*.yml]
            backfill: 24h
            feeds:
              - id: wire
                url: \(h.server.url("/wire.xml"))

            """
        try config.write(toFile: h.configPath, atomically: true, encoding: .utf8)
        var fresh = FeedText.lethalAid
        fresh.guid = "fresh"
        fresh.published = Self.rfc822(Date())
        var old = FeedText.lethalAid
        old.published = "Mon, 01 Jan 2001 09:30:00 GMT"
        let path = h.directory + "/wire.xml"
        try FeedText.rss(items: [fresh, old]).write(toFile: path, atomically: true, encoding: .utf8)
        let run = try h.run(["test", "--config", h.configPath, "--feed", "wire", "--rule", "korea-lethal-aid", path])
        #expect(run.status == 0, "\(run.stderr)")
        let notes = run.stdout.split(separator: "\n").filter { $0.contains("note:") }
        #expect(notes.count == 1, "\(run.stdout)")
        #expect(notes.first?.contains("dated 2001-01-01T09:30:00Z, older than backfill (1d)") == true, "\(run.stdout)")
        #expect(notes.first?.contains("would not alert on it") == true)
        // Without --feed nothing is said about backfill.
        let plain = try h.run(["test", "--config", h.configPath, "--rule", "korea-lethal-aid", path])
        #expect(!plain.stdout.contains("note:"), "\(plain.stdout)")
    }

    @Test func checkPrintsLowerCaseNearWarningsAndExitsZero() throws {
        let h = try ProductHarness()
        try h.writeRules("r.yml", "rules:\n  - id: lower\n    match: 'lethal near/5 aid'\n")
        try h.writeConfig(feeds: [])
        let run = try h.run(["check", "--config", h.configPath])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("r.yml:3:20: warning: 'near/5' is matched as plain words"), "\(run.stdout)")
        #expect(run.stdout.contains("did you mean NEAR/5?"))
    }

    private static func rfc822(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f.string(from: date)
    }
}
