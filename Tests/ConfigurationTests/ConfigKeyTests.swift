import Foundation
import Testing

@testable import Configuration

/// Every mapping of the config and the rule files knows its keys from one enum (README "Configure"):
/// an unknown key is reported with the closest known one and the whole list, in the enum's order.
@Suite struct ConfigKeyTests {
    @Test(arguments: [
        (
            "config", "stateDir: x\n", "",
            "DIR/newswatch.yml:1:1: unknown key 'stateDir' in the config (did you mean 'state_dir'?); known keys: \(known(ConfigKey.Top.self))"
        ),
        (
            "alerts", "alerts:\n  spol: x\n", "",
            "DIR/newswatch.yml:2:3: unknown key 'spol' in alerts (did you mean 'spool'?); known keys: \(known(ConfigKey.Alerts.self))"
        ),
        (
            "fetch", "fetch:\n  max_bdy: 1MiB\n", "",
            "DIR/newswatch.yml:2:3: unknown key 'max_bdy' in fetch (did you mean 'max_body'?); known keys: \(known(ConfigKey.Fetch.self))"
        ),
        (
            "feed", "feeds:\n  - url: https://a.example/\n    tag: [x]\n", "",
            "DIR/newswatch.yml:3:5: unknown key 'tag' in a feed (did you mean 'tags'?); known keys: \(known(ConfigKey.Feed.self))"
        ),
        (
            "rules file", "feeds: []\n", "actor:\n  nk: [Seoul]\n",
            "DIR/rules.d/r.yml:1:1: unknown key 'actor' in a rules file (did you mean 'actors'?); known keys: \(known(ConfigKey.RuleFile.self))"
        ),
        (
            "actor", "feeds: []\n", "actors:\n  nk:\n    name: [Seoul]\n",
            "DIR/rules.d/r.yml:3:5: unknown key 'name' in actor 'nk' (did you mean 'names'?); known keys: \(known(ConfigKey.Actor.self))"
        ),
        (
            "rule", "feeds: []\n", "rules:\n  - id: x\n    match: a\n    severty: high\n",
            "DIR/rules.d/r.yml:4:5: unknown key 'severty' in a rule (did you mean 'severity'?); known keys: \(known(ConfigKey.Rule.self))"
        ),
        ("no hint", "zzzzzz: 1\n", "", "DIR/newswatch.yml:1:1: unknown key 'zzzzzz' in the config; known keys: "),
    ])
    func unknownKeysAreNamedWithTheClosestKnownOne(mapping: String, config: String, rules: String, expected: String)
        throws
    {
        let fixture = try ConfigFixture(config: config, rules: rules.isEmpty ? ["a.yml": validRules] : ["r.yml": rules])
        let messages = fixture.messages()
        #expect(messages.contains { $0.hasPrefix(expected) }, "\(mapping): \(messages)")
    }

    /// Every key of every enum is taken (none falls through to another key's handling).
    @Test func everyKnownKeyIsAccepted() throws {
        let fixture = try ConfigFixture(
            config: """
                state_dir: state
                rules: [rules.d/*.yml]
                log_level: warning
                alerts: {log: a.log, log_format: json, spool: sp}
                fetch: {interval: 1h, timeout: 5s, max_concurrent: 3, max_per_host: 1, max_body: 2MiB, user_agent: ua}
                backfill: 2h
                feeds:
                  - {id: f, url: 'https://a.example/', title: A, interval: 20m, tags: [t]}
                opml: []
                """,
            rules: [
                "r.yml": """
                actors:
                  nk: {names: [Pyongyang], title: North Korea}
                rules:
                  - {id: r, title: R, severity: low, tags: [x], match: '@nk', feeds: [f]}
                """
            ])
        let loaded = try fixture.load().get()
        let dir = PathResolver.normalize(fixture.directory)
        #expect(loaded.config.alertLog == dir + "/a.log")
        #expect(loaded.config.alertLogFormat == .json)
        #expect(loaded.config.spool == dir + "/sp")
        #expect(loaded.config.fetch.userAgent == "ua")
        #expect(loaded.config.fetch.maxBody == 2 << 20)
        #expect(loaded.config.logLevel == .warning)
        #expect(loaded.config.feeds.first?.title == "A")
        #expect(loaded.ruleSet.rules.first?.severity == .low)
        #expect(loaded.ruleSet.rules.first?.tags == ["x"])
    }

    static func known<Key: RawRepresentable & CaseIterable>(_: Key.Type) -> String where Key.RawValue == String {
        Key.allCases.map(\.rawValue).joined(separator: ", ")
    }
}

private func known<Key: RawRepresentable & CaseIterable>(_ type: Key.Type) -> String where Key.RawValue == String {
    ConfigKeyTests.known(type)
}
