import Foundation
import Rules
import Testing

@testable import Configuration

/// Writes a config (and rule files) into a fresh directory and loads it, as the service does.
struct ConfigFixture {
    let directory: String

    init(config: String, rules: [String: String] = [:]) throws {
        directory = NSTemporaryDirectory() + "newswatch-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/rules.d", withIntermediateDirectories: true)
        try config.write(toFile: directory + "/newswatch.yml", atomically: true, encoding: .utf8)
        for (name, text) in rules {
            try text.write(toFile: directory + "/rules.d/" + name, atomically: true, encoding: .utf8)
        }
    }

    var configPath: String { directory + "/newswatch.yml" }

    func load() -> Result<LoadedConfiguration, ConfigurationError> {
        ConfigLoader.load(configPath: configPath)
    }

    /// Diagnostics with the directory replaced by `DIR`, for exact comparison.
    func messages() -> [String] {
        guard case .failure(let error) = load() else { return [] }
        return error.diagnostics.map { $0.description.replacingOccurrences(of: directory, with: "DIR") }
    }
}

let validRules = """
    actors:
      south_korea:
        names: ["South Korea", Seoul]
    rules:
      - id: r1
        severity: high
        match: '@south_korea AND "lethal aid"'
    """

@Suite struct ConfigLoaderTests {
    @Test func defaultsAndRelativePaths() throws {
        let fixture = try ConfigFixture(
            config: """
                feeds:
                  - url: https://example.org/feed.atom
                  - id: yonhap
                    url: https://en.yna.co.kr/RSS/news.xml
                    interval: 10m
                    tags: [korea]
                """, rules: ["a.yml": validRules])
        let loaded = try fixture.load().get()
        let dir = PathResolver.normalize(fixture.directory)
        #expect(loaded.config.stateDirectory == PathResolver.normalize(dir + "/../var/lib"))
        #expect(loaded.config.spool == PathResolver.normalize(dir + "/../var/spool"))
        #expect(loaded.config.feeds.map(\.id) == ["example-org-feed-atom", "yonhap"])
        #expect(loaded.config.feeds[1].interval == .seconds(600))
        #expect(loaded.config.feeds[1].tags == ["korea"])
        #expect(loaded.config.fetch.interval == .seconds(900))
        #expect(loaded.config.fetch.maxBody == 10 << 20)
        #expect(loaded.ruleSet.rules.map(\.id) == ["r1"])
        #expect(loaded.ruleFiles == [dir + "/rules.d/a.yml"])
    }

    @Test func everyFieldOfTheSpecExampleIsRead() throws {
        let fixture = try ConfigFixture(
            config: """
                state_dir: state
                rules: [rules.d/*.yml]
                log_level: debug
                alerts:
                  log: logs/alerts.log
                  log_format: json
                  spool: spool
                fetch:
                  interval: 2h
                  timeout: 45s
                  max_concurrent: 8
                  max_per_host: 1
                  max_body: 512KiB
                  user_agent: "newswatch/VERSION (+https://example.org)"
                backfill: 1d
                retain: 3d
                feeds: []
                """, rules: ["a.yml": validRules])
        let config = try fixture.load().get().config
        let dir = PathResolver.normalize(fixture.directory)
        #expect(config.stateDirectory == dir + "/state")
        #expect(config.alertLog == dir + "/logs/alerts.log")
        #expect(config.alertLogFormat == .json)
        #expect(config.logLevel == .debug)
        #expect(config.fetch.interval == .seconds(7200))
        #expect(config.fetch.timeout == .seconds(45))
        #expect(config.fetch.maxConcurrent == 8)
        #expect(config.fetch.maxPerHost == 1)
        #expect(config.fetch.maxBody == 512 * 1024)
        #expect(config.fetch.userAgent == "newswatch/\(NewswatchVersion.current) (+https://example.org)")
        #expect(config.backfill == .seconds(86400))
        #expect(config.retain == .seconds(3 * 86400))
    }

    @Test(arguments: [
        ("", ArticleMode.auto, Duration.seconds(20), 5 << 20, nil as ArticleMode?),
        (
            "fetch: {article: never, article_timeout: 45s, article_max_body: 1MiB}\n", .never, .seconds(45), 1 << 20,
            nil
        ),
        ("fetch: {article: always}\n", .always, .seconds(20), 5 << 20, .never),
    ])
    func articleSettingsHaveDefaultsAndAFeedMayOverrideTheMode(
        config: String, mode: ArticleMode, timeout: Duration, maxBody: Int, feedMode: ArticleMode?
    ) throws {
        let feed =
            feedMode.map { "feeds:\n  - {url: 'https://a.example/', article: \($0.rawValue)}\n" } ?? "feeds: []\n"
        let loaded = try ConfigFixture(config: config + feed, rules: ["a.yml": validRules]).load().get().config
        #expect(loaded.fetch.article == mode)
        #expect(loaded.fetch.articleTimeout == timeout)
        #expect(loaded.fetch.articleMaxBody == maxBody)
        #expect(loaded.feeds.first?.article == feedMode)
    }

    @Test(arguments: [
        ("", true, Duration.seconds(72 * 3600), true),
        ("story: off\n", false, .seconds(72 * 3600), true),
        ("story:\n  window: 0\n", false, .seconds(72 * 3600), true),
        ("story:\n  window: 24h\n  log_sources: false\n", true, .seconds(86400), false),
    ])
    func storySettingsHaveDefaultsAndOffTurnsThemOff(config: String, enabled: Bool, window: Duration, logSources: Bool)
        throws
    {
        let loaded = try ConfigFixture(config: config + "feeds: []\n", rules: ["a.yml": validRules]).load().get()
        #expect(loaded.config.story.enabled == enabled)
        #expect(loaded.config.story.window == window)
        #expect(loaded.config.story.logSources == logSources)
    }

    @Test func healthHasDefaultsAndAFeedMaySetItsQuietAfter() throws {
        let defaults = try ConfigFixture(config: "feeds: []\n", rules: ["a.yml": validRules]).load().get().config
        #expect(defaults.health.failingAfter == .seconds(6 * 3600))
        #expect(defaults.health.quietAfter == .zero)
        #expect(defaults.health.severity == .medium)
        let set = try ConfigFixture(
            config: "health: {failing_after: 2h, quiet_after: 1d, severity: high}\n"
                + "feeds:\n  - {url: 'https://a.example/', quiet_after: 3d}\n",
            rules: ["a.yml": validRules]
        ).load().get().config
        #expect(set.health.failingAfter == .seconds(7200))
        #expect(set.health.quietAfter == .seconds(86400))
        #expect(set.health.severity == .high)
        #expect(set.feeds.first?.quietAfter == .seconds(3 * 86400))
    }

    @Test func aRuleMayTurnStoriesOff() throws {
        let loaded = try ConfigFixture(
            config: "feeds: []\n",
            rules: ["a.yml": "rules:\n  - {id: a, match: x, story: off}\n  - {id: b, match: y}\n"]
        ).load().get()
        #expect(loaded.ruleSet.rules.map(\.story) == [false, true])
    }

    @Test(arguments: [
        ("retain: 0\n", Duration.zero), ("retain: off\n", .zero), ("retain: 12h\n", .seconds(43200)),
        ("", .seconds(7 * 86400)),
    ])
    func retainDefaultsToAWeekAndZeroTurnsItOff(config: String, expected: Duration) throws {
        let fixture = try ConfigFixture(config: config + "feeds: []\n", rules: ["a.yml": validRules])
        #expect(try fixture.load().get().config.retain == expected)
    }

    @Test(arguments: [
        ("statedir: x\n", "DIR/newswatch.yml:1:1: unknown key 'statedir' in the config (did you mean 'state_dir'?)"),
        (
            "fetch:\n  interval: 15 minutes\n",
            "DIR/newswatch.yml:2:13: fetch.interval: '15 minutes' is not a duration; write a number and a unit, like 45s, 15m, 2h or 1d"
        ),
        (
            "fetch:\n  max_body: ten MiB\n",
            "DIR/newswatch.yml:2:13: fetch.max_body: 'ten MiB' is not a size; write a number and a unit, like 512KiB or 10MiB"
        ),
        (
            "fetch:\n  max_concurrent: lots\n",
            "DIR/newswatch.yml:2:19: fetch.max_concurrent: 'lots' must be a whole number from 1 to 1024"
        ),
        (
            "log_level: loud\n",
            "DIR/newswatch.yml:1:12: log_level: 'loud' is not one of trace, debug, info, notice, warning, error"
        ),
        (
            "feeds:\n  - url: ftp://example.org/feed\n",
            "DIR/newswatch.yml:2:10: 'ftp://example.org/feed' is not an http(s) URL; feeds are fetched over http or https only"
        ),
        (
            "feeds:\n  - id: a\n    url: https://a.example/\n  - id: a\n    url: https://b.example/\n",
            "DIR/newswatch.yml:4:9: duplicate feed id 'a' (first used at line 2); give one of them another `id:`"
        ),
        (
            "feeds:\n  - id: a\n    urll: https://a.example/\n",
            "DIR/newswatch.yml:3:5: unknown key 'urll' in a feed (did you mean 'url'?); known keys: id, url, title, interval, tags"
        ),
        (
            "feeds: [\n",
            "DIR/newswatch.yml:2:1: YAML syntax error: did not find expected node content while parsing a flow node"
        ),
        (
            "backfill: soon\n",
            "DIR/newswatch.yml:1:11: backfill: 'soon' is not a duration; write a number and a unit, like 45s, 15m, 2h or 1d"
        ),
        (
            "retain: a week\n",
            "DIR/newswatch.yml:1:9: retain: 'a week' is not a duration; write a number and a unit, like 12h or 7d, or 0 to turn it off"
        ),
        (
            "fetch:\n  article: sometimes\n",
            "DIR/newswatch.yml:2:12: fetch.article: 'sometimes' is not one of auto, always, never"
        ),
        ("fetch:\n  article_timeout: 0s\n", "DIR/newswatch.yml:2:20: fetch.article_timeout: at least 1s"),
        ("fetch:\n  article_max_body: 10\n", "DIR/newswatch.yml:2:21: fetch.article_max_body: at least 1KiB"),
        (
            "feeds:\n  - url: https://a.example/\n    article: maybe\n",
            "DIR/newswatch.yml:3:14: feed article: 'maybe' is not one of auto, always, never"
        ),
        ("story: maybe\n", "DIR/newswatch.yml:1:8: story: 'maybe' is not a switch; write on or off"),
        (
            "story:\n  window: soon\n",
            "DIR/newswatch.yml:2:11: story.window: 'soon' is not a duration; write a number and a unit, like 12h or 7d, or 0 to turn it off"
        ),
        (
            "story:\n  log_sources: sometimes\n",
            "DIR/newswatch.yml:2:16: story.log_sources: 'sometimes' is not a switch"
        ),
        (
            "health:\n  failing_after: soon\n",
            "DIR/newswatch.yml:2:18: health.failing_after: 'soon' is not a duration; write a number and a unit, like 12h or 7d, or 0 to turn it off"
        ),
        (
            "health:\n  severity: urgent\n",
            "DIR/newswatch.yml:2:13: health.severity: 'urgent' is not one of info, low, medium, high, critical"
        ),
        (
            "feeds:\n  - url: https://a.example/\n    quiet_after: never\n",
            "DIR/newswatch.yml:3:18: feed quiet_after: 'never' is not a duration"
        ),
    ])
    func configErrorsNameFileLineAndColumn(config: String, expected: String) throws {
        let fixture = try ConfigFixture(config: config, rules: ["a.yml": validRules])
        let messages = fixture.messages()
        #expect(messages.contains { $0.hasPrefix(expected) }, "got: \(messages)")
    }

    @Test func allProblemsAreReportedNotJustTheFirst() throws {
        let fixture = try ConfigFixture(
            config: "log_level: loud\nbackfill: soon\nfeeds:\n  - url: gopher://x\n",
            rules: [
                "a.yml": validRules + "\n  - id: r1\n    match: 'x'\n",
                "b.yml": "rules:\n  - id: r2\n    match: '@nobody'\n",
            ])
        let messages = fixture.messages()
        #expect(messages.count >= 5, "got: \(messages)")
        #expect(messages.contains { $0.hasPrefix("DIR/newswatch.yml:1:") })
        #expect(messages.contains { $0.hasPrefix("DIR/newswatch.yml:2:") })
        #expect(messages.contains { $0.hasPrefix("DIR/newswatch.yml:4:") })
        #expect(messages.contains { $0.hasPrefix("DIR/rules.d/b.yml:3:") && $0.contains("nobody") })
        #expect(messages.contains { $0.hasPrefix("DIR/rules.d/a.yml:") && $0.contains("r1") })
    }

    /// A rule or feed with one problem still has its others reported: its expression, its duplicate id.
    @Test func aRuleOrFeedWithOneProblemHasItsOthersReportedToo() throws {
        let fixture = try ConfigFixture(
            config: "feeds:\n  - {id: f1, url: ftp://example.org/feed.xml}\n  - {id: f1, url: https://example.org/x}\n",
            rules: [
                "r.yml": """
                rules:
                  - id: a
                    match: "aa"
                  - id: a
                    severity: urgent
                    match: "(bb AND @nope"
                  - title: no id
                    bogus: 1
                    match: 'cc AND @nope2'
                """
            ])
        let messages = fixture.messages()
        for expected in [
            "DIR/newswatch.yml:2:19: 'ftp://example.org/feed.xml' is not an http(s) URL",
            "DIR/newswatch.yml:3:10: duplicate feed id 'f1'",
            "DIR/rules.d/r.yml:4:5: duplicate rule id 'a'",
            "DIR/rules.d/r.yml:5:15: severity: 'urgent' is not one of",
            "DIR/rules.d/r.yml:6:13: ",
            "DIR/rules.d/r.yml:6:21: unknown actor @nope",
            "DIR/rules.d/r.yml:7:5: this rule has no id",
            "DIR/rules.d/r.yml:8:5: unknown key 'bogus' in a rule",
            "DIR/rules.d/r.yml:9:20: unknown actor @nope2",
        ] {
            #expect(messages.contains { $0.hasPrefix(expected) }, "\(expected) not in \(messages)")
        }
        #expect(messages.count == 9, "\(messages)")
    }

    /// Two bad URLs that would give the same made-up id are two URL problems, not also a duplicate.
    @Test func badURLsMakeNoIDs() throws {
        let fixture = try ConfigFixture(
            config: "feeds:\n  - ftp://a.example/feed\n  - gopher://a.example/feed\n", rules: ["a.yml": validRules])
        let messages = fixture.messages()
        #expect(messages.count == 2, "\(messages)")
        #expect(!messages.contains { $0.contains("duplicate") })
    }

    @Test(arguments: [
        // Column 15 is the '@' right after the opening quote of the match string.
        ("rules:\n  - id: x\n    match: '@nobody AND y'\n", "DIR/rules.d/r.yml:3:13:"),
        ("rules:\n  - id: x\n    match: \"a AND (b OR c\"\n", "DIR/rules.d/r.yml:3:"),
        (
            "rules:\n  - id: x\n    severity: urgent\n    match: 'a'\n",
            "DIR/rules.d/r.yml:3:15: severity: 'urgent' is not one of info, low, medium, high, critical"
        ),
        ("rules:\n  - title: no id\n    match: 'a'\n", "DIR/rules.d/r.yml:2:5: this rule has no id"),
        ("rules:\n  - id: x\n", "DIR/rules.d/r.yml:2:5: rule 'x' has no match expression"),
        (
            "rules:\n  - id: x\n    matches: 'a'\n",
            "DIR/rules.d/r.yml:3:5: unknown key 'matches' in a rule (did you mean 'match'?)"
        ),
        ("actors:\n  nk:\n    names: []\n", "DIR/rules.d/r.yml:2:3: actor 'nk' has no names"),
        // A rule that uses an actor with problems says so (not "unknown actor").
        (
            "actors:\n  nk:\n    names: []\nrules:\n  - id: x\n    match: '@nk'\n",
            "DIR/rules.d/r.yml:5:5: rule 'x' uses @nk, whose definition has errors"
        ),
        // Problems of a name point at the name.
        (
            "actors:\n  nk:\n    names: [Seoul, 'su*']\n",
            "DIR/rules.d/r.yml:3:21: actor 'nk': '*' needs at least 3 characters before it in name 'su*'"
        ),
        (
            "actors:\n  nk:\n    names:\n      - Seoul\n      - '('\n",
            "DIR/rules.d/r.yml:5:10: actor 'nk': name '(' has no letters or digits to match"
        ),
        (
            "actors:\n  nk: [Seoul, Pyong*yang]\n",
            "DIR/rules.d/r.yml:2:15: actor 'nk': '*' is only allowed at the end of a word"
        ),
        (
            "rules:\n  - id: x\n    match: 'a'\n    match: 'b'\n",
            "DIR/rules.d/r.yml:4:5: duplicate key 'match' (first at line 3) in the same mapping; keep one"
        ),
        (
            "rules:\n  - id: x\n    match: 'a'\n---\nrules: []\n",
            "DIR/rules.d/r.yml:4:1: a second YAML document starts here"
        ),
        ("rules:\n  - id: x\n    match: *m\n", "DIR/rules.d/r.yml:3:12: the alias *m has no anchor &m before it"),
    ])
    func ruleFileErrors(rules: String, expectedPrefix: String) throws {
        let fixture = try ConfigFixture(config: "feeds: []\n", rules: ["r.yml": rules])
        let messages = fixture.messages()
        #expect(messages.contains { $0.hasPrefix(expectedPrefix) }, "got: \(messages)")
    }

    /// A config with nothing but comments takes every default; so does a rules file, which then holds no rules.
    @Test func emptyFilesAreEmptyMappings() throws {
        let fixture = try ConfigFixture(
            config: "# nothing set yet\n",
            rules: ["a.yml": validRules, "empty.yml": "", "dashes.yml": "---\n", "null.yml": "~\n"])
        let loaded = try fixture.load().get()
        #expect(loaded.config.feeds.isEmpty)
        #expect(
            loaded.config.spool == PathResolver.normalize(PathResolver.normalize(fixture.directory) + "/../var/spool"))
        #expect(loaded.ruleSet.rules.map(\.id) == ["r1"])
        #expect(loaded.ruleFiles.count == 4)
    }

    /// Anchors, aliases and merge keys work in rule files: one list of feeds, or a rule's settings, shared.
    @Test func aliasesShareValuesBetweenRules() throws {
        let rules = """
            rules:
              - id: a
                feeds: &asia [yonhap]
                match: 'Seoul'
              - &korea
                id: b
                feeds: *asia
                severity: high
                tags: [korea]
                match: 'Pyongyang'
              - <<: *korea
                id: c
                match: 'Kaesong'
            """
        let fixture = try ConfigFixture(
            config: "feeds:\n  - id: yonhap\n    url: https://en.yna.co.kr/RSS/news.xml\n", rules: ["a.yml": rules])
        let loaded = try fixture.load().get()
        let byID = Dictionary(uniqueKeysWithValues: loaded.ruleSet.rules.map { ($0.id, $0) })
        #expect(loaded.ruleSet.rules.map(\.feeds) == [[.id("yonhap")], [.id("yonhap")], [.id("yonhap")]])
        #expect(byID["c"]?.severity == .high)
        #expect(byID["c"]?.tags == ["korea"])
        #expect(byID["c"]?.canonical == "Kaesong")
        #expect(byID["a"]?.severity == .medium)
    }

    /// A config path that names nothing, or a directory, says so (not "does it exist?").
    @Test(arguments: [("nothere.yml", "this file does not exist"), ("rules.d", "this is a directory, not a file")])
    func anUnreadableConfigSaysWhy(name: String, expected: String) throws {
        let fixture = try ConfigFixture(config: "feeds: []\n")
        guard case .failure(let error) = ConfigLoader.load(configPath: fixture.directory + "/" + name) else {
            Issue.record("loaded \(name)")
            return
        }
        #expect(error.diagnostics.map(\.message) == [expected])
    }

    @Test func missingNamedRulesFileIsAnError() throws {
        let fixture = try ConfigFixture(config: "rules: [nothere.yml]\n")
        #expect(
            fixture.messages().contains {
                $0.contains("rules file") && $0.contains("nothere.yml") && $0.contains("does not exist")
            })
    }

    @Test(arguments: [
        ("45s", 45.0), ("15m", 900.0), ("2h", 7200.0), ("1d", 86400.0), ("1.5h", 5400.0), ("500ms", 0.5),
    ])
    func durations(text: String, seconds: Double) throws {
        let d = try #require(Quantity.duration(text))
        #expect(Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 == seconds)
    }

    @Test(arguments: ["", "15", "m", "15 minutes", "-5m", "1w"])
    func badDurations(text: String) {
        #expect(Quantity.duration(text) == nil)
    }

    @Test(arguments: [
        ("512KiB", 524_288), ("10MiB", 10_485_760), ("1GiB", 1_073_741_824), ("2048", 2048), ("1MB", 1_000_000),
    ])
    func sizes(text: String, bytes: Int) {
        #expect(Quantity.size(text) == bytes)
    }

    @Test(arguments: [
        ("https://example.org/feed.atom", "example-org-feed-atom"),
        ("https://www.theguardian.com/world/rss", "theguardian-com-world-rss"),
        ("https://en.yna.co.kr/RSS/news.xml", "en-yna-co-kr-rss-news-xml"),
    ])
    func feedSlugs(url: String, slug: String) {
        #expect(FeedConfig.slug(for: url) == slug)
    }

    @Test func shippedDefaultConfigIsValid() throws {
        // The repository's own Config/ must always pass `newswatch check`.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let result = ConfigLoader.load(configPath: root.path + "/Config/newswatch.yml")
        if case .failure(let error) = result { Issue.record("Config/ is invalid:\n\(error)") }
        let loaded = try result.get()
        #expect(loaded.config.feeds.count >= 10)
        #expect(loaded.ruleSet.rules.count >= 5)
    }
}

/// What `run` would trip on, or silently never do, is an error where it is written (README "Configure").
@Suite struct StartUpProblemTests {
    /// A rule limited to a feed id or tag that no feed has: an error at that item of `feeds:`.
    @Test func ruleLimitedToAnUnknownFeedIsAnErrorAtTheItem() throws {
        let fixture = try ConfigFixture(
            config: "feeds:\n  - id: yonhap\n    url: https://en.yna.co.kr/RSS/news.xml\n    tags: [korea]\n",
            rules: [
                "r.yml": """
                rules:
                  - id: ok
                    match: 'Seoul'
                    feeds: [yonhap, tag:korea]
                  - id: typo
                    match: 'Seoul'
                    feeds: [yonhapp, tag:koreaa]
                  - id: block
                    match: 'Seoul'
                    feeds:
                      - yonhap
                      - reuters
                  - id: alone
                    match: 'Seoul'
                    feeds: yonhap2
                """
            ])
        let messages = fixture.messages()
        #expect(
            messages == [
                "DIR/rules.d/r.yml:7:13: rule 'typo' is limited to feed 'yonhapp', which is not configured (did you mean 'yonhap'?); name a feed of the config's feeds: or remove it",
                "DIR/rules.d/r.yml:7:22: rule 'typo' is limited to tag:koreaa, which no configured feed has (did you mean 'tag:korea'?); tag a feed with it or remove it",
                "DIR/rules.d/r.yml:12:9: rule 'block' is limited to feed 'reuters', which is not configured; name a feed of the config's feeds: or remove it",
                "DIR/rules.d/r.yml:15:12: rule 'alone' is limited to feed 'yonhap2', which is not configured (did you mean 'yonhap'?); name a feed of the config's feeds: or remove it",
            ], "\(messages)")
    }

    /// While the config itself has errors, its feed list may lack what the rules mean: no second guess.
    @Test func feedLimitsWaitForAValidFeedList() throws {
        let fixture = try ConfigFixture(
            config: "feeds:\n  - id: wire\n    url: ftp://example.org/\n",
            rules: ["r.yml": "rules:\n  - id: r\n    match: a\n    feeds: [wire]\n"])
        let messages = fixture.messages()
        #expect(messages.count == 1 && messages[0].contains("not an http(s) URL"), "\(messages)")
    }

    @Test(
        arguments: [
            (
                "http://a.example:99999/feed",
                "'http://a.example:99999/feed' has port 99999; a port is a number from 1 to 65535"
            ),
            (
                "https://a.example:65536/",
                "'https://a.example:65536/' has port 65536; a port is a number from 1 to 65535"
            ),
            ("http://a.example:0/feed", "'http://a.example:0/feed' has port 0; a port is a number from 1 to 65535"),
            (
                "http://user:secret@a.example:99999/",
                "'http://user:***@a.example:99999/' has port 99999; a port is a number from 1 to 65535"
            ),
            ("ftp://user:secret@a.example/", "'ftp://user:***@a.example/' is not an http(s) URL"),
            ("http://a.example:65535/feed", nil),
            ("http://a.example:8080/feed", nil),
            ("http://[::1]:8080/feed", nil),
            ("http://user:pw@a.example/feed?x=a:b", nil),
        ] as [(String, String?)])
    func feedURLsNeedAPortFrom1To65535(url: String, expected: String?) throws {
        let fixture = try ConfigFixture(config: "feeds:\n  - id: f\n    url: '\(url)'\n", rules: ["a.yml": validRules])
        let messages = fixture.messages()
        if let expected {
            #expect(messages.count == 1 && messages[0].hasPrefix("DIR/newswatch.yml:3:10: " + expected), "\(messages)")
            #expect(!messages.joined().contains("secret"))
        } else {
            #expect(messages.isEmpty, "\(messages)")
        }
    }

    /// A state, log or spool path the service could not use: a file in the way, a directory where the
    /// log file should be, a path under /proc or /sys. (Tests run as root: permissions cannot fail here.)
    @Test(arguments: [
        (
            "state_dir: blocker/state\n",
            "DIR/newswatch.yml:1:12: state_dir: cannot create DIR/blocker/state: DIR/blocker is a file, not a directory"
        ),
        ("state_dir: blocker\n", "DIR/newswatch.yml:1:12: state_dir: DIR/blocker exists and is not a directory"),
        (
            "alerts:\n  log: rules.d\n",
            "DIR/newswatch.yml:2:8: alerts.log: DIR/rules.d is a directory; name a file in it"
        ),
        (
            "alerts:\n  log: blocker/alerts.log\n",
            "DIR/newswatch.yml:2:8: alerts.log: cannot create DIR/blocker/alerts.log: DIR/blocker is a file"
        ),
        (
            "alerts:\n  spool: /proc/newswatch/spool\n",
            "DIR/newswatch.yml:2:10: alerts.spool: /proc/newswatch/spool is under /proc"
        ),
        ("state_dir: /sys\n", "DIR/newswatch.yml:1:12: state_dir: /sys is under /sys"),
    ])
    func unusablePathsAreErrorsAtTheirValue(config: String, expected: String) throws {
        let fixture = try ConfigFixture(config: config, rules: ["a.yml": validRules])
        try "in the way".write(toFile: fixture.directory + "/blocker", atomically: true, encoding: .utf8)
        let messages = fixture.messages()
        #expect(messages.contains { $0.hasPrefix(expected) }, "\(messages)")
        let checked = ConfigLoader.load(configPath: fixture.configPath, checkingWritability: true)
        #expect(throws: ConfigurationError.self) { try checked.get() }
    }

    /// A default path is reported at the top of the file, and says how to choose another.
    @Test func anUnusableDefaultPathSaysItIsTheDefault() throws {
        let fixture = try ConfigFixture(config: "feeds: []\n", rules: ["a.yml": validRules])
        // conf/newswatch.yml: the default state_dir and spool are ../var/lib and ../var/spool from conf/,
        // and DIR/var is a file.
        try FileManager.default.createDirectory(
            atPath: fixture.directory + "/conf/rules.d", withIntermediateDirectories: true)
        try validRules.write(toFile: fixture.directory + "/conf/rules.d/a.yml", atomically: true, encoding: .utf8)
        try "alerts:\n  log: log/alerts.log\n".write(
            toFile: fixture.directory + "/conf/newswatch.yml", atomically: true, encoding: .utf8)
        try "x".write(toFile: fixture.directory + "/var", atomically: true, encoding: .utf8)
        guard case .failure(let error) = ConfigLoader.load(configPath: fixture.directory + "/conf/newswatch.yml") else {
            Issue.record("a file in the way of the default paths is an error")
            return
        }
        let messages = error.diagnostics.map { $0.description.replacingOccurrences(of: fixture.directory, with: "DIR") }
        #expect(
            messages == [
                "DIR/conf/newswatch.yml:1:1: state_dir: cannot create DIR/var/lib: DIR/var is a file, not a directory; move it away or choose another path (the default; set state_dir to choose another)",
                "DIR/conf/newswatch.yml:1:1: alerts.spool: cannot create DIR/var/spool: DIR/var is a file, not a directory; move it away or choose another path (the default; set alerts.spool to choose another)",
            ], "\(messages)")
    }
}

/// Feed, actor and rule ids: ASCII letters, digits, `-`, `_` and `.`.
@Suite struct IDTests {
    @Test(arguments: [
        ("korea-lethal-aid", true), ("a.b_c-9", true), ("A", true), ("Z9", true), ("", false), ("a b", false),
        ("ünï", false), ("a/b", false), ("@x", false), ("x[1]", false), ("`", false), ("{", false), ("a:b", false),
    ])
    func validIDs(id: String, valid: Bool) {
        #expect(ConfigLoader.isValidID(id) == valid)
    }
}
