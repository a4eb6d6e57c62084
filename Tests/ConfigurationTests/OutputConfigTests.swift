import Foundation
import Testing

@testable import Configuration

/// `alerts.outputs` (README "Outputs"): what each type needs, secrets from files and the environment,
/// digests; every mistake named at its line and column.
@Suite struct OutputConfigTests {
    /// A config whose only output is `lines` (indented under `- `).
    func fixture(_ lines: [String]) throws -> ConfigFixture {
        try ConfigFixture(
            config: "alerts:\n  outputs:\n    - " + lines.joined(separator: "\n      ") + "\nfeeds: []\n",
            rules: ["a.yml": validRules])
    }

    static let mail = [
        "name: desk-mail", "type: email", "url: smtps://mail.example.org:465", "from: newswatch@example.org",
        "to: [desk@example.org]",
    ]

    @Test func anEmailOutputWithItsPasswordFromAFile() throws {
        let f = try fixture(Self.mail + ["username: nw", "password_file: smtp.pass", "digest: daily 08:00 Asia/Seoul"])
        try "hunter2\nignored\n".write(toFile: f.directory + "/smtp.pass", atomically: true, encoding: .utf8)
        chmod(f.directory + "/smtp.pass", 0o640)
        let output = try #require(try f.load().get().config.outputs.first)
        #expect(output.kind == .email)
        #expect(output.password == "hunter2")
        #expect(output.to == ["desk@example.org"])
        #expect(output.digest?.description == "daily 08:00 Asia/Seoul")
        #expect(output.destination == "smtps://mail.example.org:465")
    }

    @Test func aWebhookWithHeadersFromTheEnvironmentAndItsTokenHiddenInStatus() throws {
        setenv("NEWSWATCH_TEST_HOOK_TOKEN", "Bearer abc", 1)
        let f = try fixture([
            "name: chat", "type: webhook", "url: https://hooks.example.org/services/T00/B00/XXXX", "format: slack",
            "headers: {Authorization: \"env:NEWSWATCH_TEST_HOOK_TOKEN\", X-Desk: osint}",
        ])
        let output = try #require(try f.load().get().config.outputs.first)
        #expect(output.headers == ["Authorization: Bearer abc", "X-Desk: osint"])
        #expect(output.format == .slack)
        #expect(output.destination == "https://hooks.example.org/…")
    }

    @Test(arguments: [
        (["type: email", "url: smtp://m.example.org", "from: a@example.org"], "3:7", "to: a list of addresses"),
        (
            ["type: email", "url: http://m.example.org", "from: a@example.org", "to: b@example.org"], "5:7",
            "url: smtp://HOST:587 (STARTTLS) or smtps://HOST:465 is required"
        ),
        (Array(mail.dropFirst()) + ["password: hunter2"], "8:17", "a secret is not written in the config"),
        (Array(mail.dropFirst()) + ["username: nw"], "8:7", "username without a password"),
        (
            Array(mail.dropFirst()) + ["password: env:NEWSWATCH_TEST_UNSET"], "8:17",
            "the environment variable NEWSWATCH_TEST_UNSET is not set"
        ),
        (Array(mail.dropFirst()) + ["password_file: missing.pass"], "8:22", "cannot read"),
        (Array(mail.dropFirst()) + ["digest: weekly"], "8:15", "is not a digest schedule"),
        (Array(mail.dropFirst()) + ["digest: daily 25:00"], "8:15", "a time of day HH:MM"),
        (Array(mail.dropFirst()) + ["digest: daily 08:00 Mars/Olympus"], "8:15", "time zone 'Mars/Olympus'"),
        (Array(mail.dropFirst()) + ["format: slack"], "8:7", "'format' does not apply to type email"),
        (["type: webhook", "url: ftp://x.example.org"], "5:7", "an http:// or https:// address is required"),
        (["type: webhook", "url: https://x.example.org", "format: xml"], "6:15", "is not one of json, slack, text"),
        (
            ["type: webhook", "url: https://x.example.org", "digest: 1h"], "6:7",
            "'digest' does not apply to type webhook"
        ),
        (["type: pager"], "4:13", "is not one of email, webhook, exec"),
    ])
    func mistakesAreNamedAtTheirLine(lines: [String], at: String, expected: String) throws {
        let f = try fixture(["name: out"] + lines)
        let messages = f.messages()
        #expect(
            messages.contains { $0.contains("newswatch.yml:\(at):") && $0.contains(expected) },
            "\(messages)")
    }

    @Test func aPasswordFileEveryoneCanReadIsRefused() throws {
        let f = try fixture(Self.mail + ["username: nw", "password_file: smtp.pass"])
        try "hunter2\n".write(toFile: f.directory + "/smtp.pass", atomically: true, encoding: .utf8)
        chmod(f.directory + "/smtp.pass", 0o644)
        let messages = f.messages()
        #expect(
            messages.contains { $0.contains(":9:22:") && $0.contains("can be read by every user (mode 644)") },
            "\(messages)")
    }

    @Test(arguments: [
        ("1h", "2026-12-04T07:30:00Z", "2026-12-04T08:00:00Z"),
        ("1h", "2026-12-04T08:00:00Z", "2026-12-04T09:00:00Z"),
        ("15m", "2026-12-04T07:59:59Z", "2026-12-04T08:00:00Z"),
        ("1d", "2026-12-04T23:00:00Z", "2026-12-05T00:00:00Z"),
        // 08:00 in Seoul is 23:00 UTC the day before.
        ("daily 08:00 Asia/Seoul", "2026-12-04T17:00:00Z", "2026-12-04T23:00:00Z"),
        ("daily 08:00 Asia/Seoul", "2026-12-04T23:00:00Z", "2026-12-05T23:00:00Z"),
        ("daily 08:00 Asia/Seoul", "2026-12-04T22:59:59Z", "2026-12-04T23:00:00Z"),
        ("daily 06:30 UTC", "2026-12-04T07:00:00Z", "2026-12-05T06:30:00Z"),
        // Europe/Berlin leaves summer time on 2026-10-25: 08:00 is then 07:00 UTC, the day before 06:00.
        ("daily 08:00 Europe/Berlin", "2026-10-24T12:00:00Z", "2026-10-25T07:00:00Z"),
    ])
    func digestPeriodsEndWhereTheyShould(schedule: String, at: String, end: String) throws {
        let parsed = try DigestSchedule.parse(schedule).get()
        let date = try #require(ISO8601DateFormatter().date(from: at))
        #expect(ISO8601DateFormatter().string(from: parsed.periodEnd(containing: date)) == end)
    }
}
