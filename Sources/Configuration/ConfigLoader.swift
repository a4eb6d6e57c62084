import Basics
import Foundation
import Rules

/// Reads `newswatch.yml` and the rule files it names, validates everything, and compiles the rules.
/// Never stops at the first problem: every error in every file is reported.
public enum ConfigLoader {
    /// Loads and validates the config at `path` and its rules. The paths the service writes to are
    /// checked for what is wrong for every user (a file in the way, `/proc`, `/sys`); with
    /// `checkingWritability` (`newswatch check`), also whether this user may write there.
    public static func load(configPath path: String, checkingWritability: Bool = false) -> Result<
        LoadedConfiguration, ConfigurationError
    > {
        let file = PathResolver.absolute(path)
        let read = loadConfig(file: file)
        var diagnostics = read.diagnostics
        var warnings: [Diagnostic] = []
        guard let config = read.config else {
            return .failure(ConfigurationError(diagnostics: diagnostics))
        }
        for problem in pathProblems(config, locations: read.pathLocations, writable: checkingWritability) {
            if problem.isWarning { warnings.append(problem.diagnostic) } else { diagnostics.append(problem.diagnostic) }
        }
        var ruleFiles: [String] = []
        for pattern in config.rulePatterns {
            let matches = PathResolver.glob(pattern)
            if matches.isEmpty {
                if PathResolver.hasWildcard(pattern) {
                    warnings.append(Diagnostic(read.rulesLocation, "rules pattern '\(pattern)' matches no file"))
                } else {
                    diagnostics.append(Diagnostic(read.rulesLocation, "rules file '\(pattern)' does not exist"))
                }
            }
            ruleFiles.append(contentsOf: matches.filter { !ruleFiles.contains($0) })
        }
        var (ruleSet, ruleDiagnostics, feedLimits) = readRules(files: ruleFiles)
        // With errors in the config, its feed list may lack feeds that are meant: no guesses then.
        if read.diagnostics.isEmpty {
            ruleDiagnostics += unknownFeedLimits(feedLimits, feeds: config.feeds)
        }
        diagnostics += ruleDiagnostics.sorted { $0.location < $1.location }
        warnings.append(contentsOf: ruleSet.warnings)
        if !diagnostics.isEmpty {
            return .failure(ConfigurationError(diagnostics: diagnostics))
        }
        return .success(LoadedConfiguration(config: config, ruleSet: ruleSet, ruleFiles: ruleFiles, warnings: warnings))
    }

    /// The main config file's settings and feeds alone, validated, without its rules: no rule file is
    /// globbed or read (README "Commands": `status` and `tail` need only the feeds and the paths, and
    /// start at once whatever the number of rules). The paths are not checked: what reads them says
    /// what it finds.
    public static func loadSettings(configPath path: String) -> Result<ServiceConfig, ConfigurationError> {
        let result = loadConfig(file: PathResolver.absolute(path))
        guard let config = result.config, result.diagnostics.isEmpty else {
            return .failure(ConfigurationError(diagnostics: result.diagnostics))
        }
        return .success(config)
    }

    /// A rule limited to a feed id or tag that no configured feed has would never fire there, silently
    /// (README "Write rules"): an error at that item of its `feeds:` list.
    static func unknownFeedLimits(_ limits: [FeedLimit], feeds: [FeedConfig]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let ids = feeds.map(\.id)
        let tags = Set(feeds.flatMap(\.tags))
        for limit in limits {
            // An empty item is the compiler's to report.
            guard let selector = FeedSelector(parsing: limit.text) else { continue }
            guard !feeds.contains(where: { selector.selects(feedID: $0.id, feedTags: $0.tags) }) else { continue }
            let rule = limit.ruleID.isEmpty ? "this rule" : "rule '\(limit.ruleID)'"
            switch selector {
            case .id(let id):
                let hint = EditDistance.closest(to: id, in: ids, limit: 2).map { " (did you mean '\($0)'?)" } ?? ""
                problems.append(
                    Diagnostic(
                        limit.location,
                        "\(rule) is limited to feed '\(id)', which is not configured\(hint); name a feed of the config's feeds: or remove it"
                    ))
            case .tag(let tag):
                let hint =
                    EditDistance.closest(to: tag, in: tags, limit: 2).map { " (did you mean 'tag:\($0)'?)" } ?? ""
                problems.append(
                    Diagnostic(
                        limit.location,
                        "\(rule) is limited to tag:\(tag), which no configured feed has\(hint); tag a feed with it or remove it"
                    ))
            }
        }
        return problems
    }

    /// The paths the service writes to, each checked where it is set (or at the top of the file for a
    /// default).
    static func pathProblems(_ config: ServiceConfig, locations: [ConfigKey.Path: SourceLocation], writable: Bool) -> [(
        diagnostic: Diagnostic, isWarning: Bool
    )] {
        var problems: [(diagnostic: Diagnostic, isWarning: Bool)] = []
        for setting in ConfigKey.Path.allCases {
            let (path, kind): (String, UsablePath.Kind) =
                switch setting {
                case .stateDir: (config.stateDirectory, .directory)
                case .alertLog: (config.alertLog, .file)
                case .spool: (config.spool, .directory)
                }
            guard let problem = UsablePath.problem(path, kind: kind, writable: writable) else { continue }
            let location = locations[setting] ?? SourceLocation(file: config.file, line: 1, column: 1)
            let origin = locations[setting] == nil ? " (the default; set \(setting.rawValue) to choose another)" : ""
            problems.append(
                (Diagnostic(location, "\(setting.rawValue): \(problem.message)\(origin)"), problem.isWarning))
        }
        return problems
    }

    /// Parses the main config file alone (rules are not read). The config is nil only when the file could
    /// not be read or is not YAML; otherwise it holds every valid setting, with defaults for the rest.
    static func loadConfig(file: String) -> (
        config: ServiceConfig?, diagnostics: [Diagnostic], rulesLocation: SourceLocation,
        pathLocations: [ConfigKey.Path: SourceLocation]
    ) {
        var reader = YAMLReader(file: file)
        guard let root = reader.compose() else { return (nil, reader.diagnostics, reader.location(nil), [:]) }
        var config = ServiceConfig(
            file: file,
            stateDirectory: reader.path("../var/lib"),
            rulePatterns: [reader.path("rules.d/*.yml")],
            alertLog: reader.path("../var/log/alerts.log"),
            spool: reader.path("../var/spool"))
        var rulesLocation = reader.location(root)
        var feedNodes: [YAMLNode] = []
        var opmlFiles: [String] = []
        var pathLocations: [ConfigKey.Path: SourceLocation] = [:]
        for (key, keyNode, value) in reader.mapping(root, what: "the config", keys: ConfigKey.Top.self) {
            switch key {
            case .stateDir:
                if let s = reader.string(value, what: "state_dir") {
                    config.stateDirectory = reader.path(s)
                    pathLocations[.stateDir] = reader.location(value)
                }
            case .rules:
                rulesLocation = reader.location(keyNode)
                config.rulePatterns = reader.strings(value, what: "rules").map { reader.path($0) }
            case .logLevel:
                if let v = reader.choice(value, what: "log_level", as: ServiceConfig.LogLevel.self) {
                    config.logLevel = v
                }
            case .alerts:
                readAlerts(value, into: &config, locations: &pathLocations, reader: &reader)
            case .fetch:
                readFetch(value, into: &config.fetch, reader: &reader)
            case .backfill:
                if let d = reader.duration(value, what: "backfill") { config.backfill = d }
            case .retain:
                if let d = reader.durationOrOff(value, what: "retain") { config.retain = d }
            case .catchUp:
                if let d = reader.durationOrOff(value, what: "catch_up") { config.catchUp = d }
            case .story:
                readStory(value, into: &config.story, reader: &reader)
            case .health:
                for (key, _, item) in reader.mapping(value, what: "health", keys: ConfigKey.Health.self) {
                    switch key {
                    case .failingAfter:
                        if let d = reader.durationOrOff(item, what: "health.failing_after") {
                            config.health.failingAfter = d
                        }
                    case .quietAfter:
                        if let d = reader.durationOrOff(item, what: "health.quiet_after") {
                            config.health.quietAfter = d
                        }
                    case .severity:
                        if let s = reader.choice(item, what: "health.severity", as: Severity.self) {
                            config.health.severity = s
                        }
                    }
                }
            case .feeds:
                feedNodes = reader.sequence(value, what: "feeds")
            case .opml:
                opmlFiles = reader.strings(value, what: "opml").map { reader.path($0) }
            }
        }
        config.feeds = readFeeds(feedNodes, opmlFiles: opmlFiles, reader: &reader)
        // Returned even when there are problems, so that the rule files are checked too.
        return (config, reader.diagnostics, rulesLocation, pathLocations)
    }

    static func readAlerts(
        _ node: YAMLNode, into config: inout ServiceConfig, locations: inout [ConfigKey.Path: SourceLocation],
        reader: inout YAMLReader
    ) {
        for (key, _, value) in reader.mapping(node, what: "alerts", keys: ConfigKey.Alerts.self) {
            switch key {
            case .log:
                if let s = reader.string(value, what: "alerts.log") {
                    config.alertLog = reader.path(s)
                    locations[.alertLog] = reader.location(value)
                }
            case .logFormat:
                if let f = reader.choice(value, what: "alerts.log_format", as: AlertLogFormat.self) {
                    config.alertLogFormat = f
                }
            case .spool:
                if let s = reader.string(value, what: "alerts.spool") {
                    config.spool = reader.path(s)
                    locations[.spool] = reader.location(value)
                }
            case .outputs:
                config.outputs = readOutputs(reader.sequence(value, what: "alerts.outputs"), reader: &reader)
            }
        }
    }

    static func readFetch(_ node: YAMLNode, into fetch: inout ServiceConfig.Fetch, reader: inout YAMLReader) {
        for (key, _, value) in reader.mapping(node, what: "fetch", keys: ConfigKey.Fetch.self) {
            switch key {
            case .interval:
                if let d = reader.duration(
                    value, what: "fetch.interval", atLeast: .seconds(10), why: "to be polite to the feeds' servers")
                {
                    fetch.interval = d
                }
            case .timeout:
                if let d = reader.duration(value, what: "fetch.timeout", atLeast: .seconds(1)) { fetch.timeout = d }
            case .maxConcurrent:
                if let n = reader.integer(value, what: "fetch.max_concurrent", range: 1...1024) {
                    fetch.maxConcurrent = n
                }
            case .maxPerHost:
                if let n = reader.integer(value, what: "fetch.max_per_host", range: 1...64) { fetch.maxPerHost = n }
            case .maxBody:
                if let n = reader.size(value, what: "fetch.max_body", atLeast: 1024) { fetch.maxBody = n }
            case .article:
                if let m = reader.choice(value, what: "fetch.article", as: ArticleMode.self) { fetch.article = m }
            case .articleTimeout:
                if let d = reader.duration(value, what: "fetch.article_timeout", atLeast: .seconds(1)) {
                    fetch.articleTimeout = d
                }
            case .articleMaxBody:
                if let n = reader.size(value, what: "fetch.article_max_body", atLeast: 1024) {
                    fetch.articleMaxBody = n
                }
            case .caFile:
                if let path = reader.certificateFile(value, what: "fetch.ca_file") { fetch.caFile = path }
            case .userAgent:
                if let s = reader.string(value, what: "fetch.user_agent") {
                    if s.contains(where: { $0.isNewline }) {
                        reader.error(value, "fetch.user_agent must be one line")
                    } else {
                        fetch.userAgent = s.replacingOccurrences(of: "VERSION", with: NewswatchVersion.current)
                    }
                }
            }
        }
    }

    /// `story: off`, or a mapping of `window:` (0 = off) and `log_sources:`.
    static func readStory(_ node: YAMLNode, into story: inout StorySettings, reader: inout YAMLReader) {
        if case .scalar = node {
            if let on = reader.onOff(node, what: "story") { story.enabled = on }
            return
        }
        for (key, _, value) in reader.mapping(node, what: "story", keys: ConfigKey.Story.self) {
            switch key {
            case .window:
                if let d = reader.durationOrOff(value, what: "story.window") {
                    if d == .zero { story.enabled = false } else { story.window = d }
                }
            case .logSources:
                if let on = reader.onOff(value, what: "story.log_sources") { story.logSources = on }
            }
        }
    }

    static func readFeeds(_ nodes: [YAMLNode], opmlFiles: [String] = [], reader: inout YAMLReader) -> [FeedConfig] {
        var feeds: [FeedConfig] = []
        var ids: [String: SourceLocation] = [:]
        for node in nodes {
            var id: String?
            var idNode: YAMLNode?
            var url: String?
            var urlNode: YAMLNode = node
            var title: String?
            var interval: Duration?
            var tags: [String] = []
            var article: ArticleMode?
            var quietAfter: Duration?
            if case .scalar = node {
                url = reader.string(node, what: "a feed")
            } else {
                for (key, _, value) in reader.mapping(node, what: "a feed", keys: ConfigKey.Feed.self) {
                    switch key {
                    case .id: id = reader.string(value, what: "feed id"); idNode = value
                    case .url: url = reader.string(value, what: "feed url"); urlNode = value
                    case .title: title = reader.string(value, what: "feed title")
                    case .interval:
                        interval = reader.duration(value, what: "feed interval")
                        if let d = interval, d < .seconds(10) {
                            reader.error(value, "feed interval: at least 10s, to be polite to the feed's server")
                        }
                    case .tags: tags = reader.strings(value, what: "feed tags")
                    case .article: article = reader.choice(value, what: "feed article", as: ArticleMode.self)
                    case .quietAfter: quietAfter = reader.durationOrOff(value, what: "feed quiet_after")
                    }
                }
            }
            // Each problem is reported, also when the feed has others: a duplicate id as well as a bad URL.
            var ok = true
            if let id, !isValidID(id) {
                reader.error(idNode, "feed id '\(id)' may contain only letters, digits, '-', '_' and '.'")
                ok = false
            }
            if let url, let problem = urlProblem(url) {
                reader.error(urlNode, problem)
                ok = false
            } else if url == nil, case .mapping = node {
                reader.error(node, "this feed has no url; add `url: https://...`")
                ok = false
            }
            // An id made from a URL that is not valid would only add a confusing duplicate.
            guard let feedID = id ?? (ok ? url.map(FeedConfig.slug(for:)) : nil) else { continue }
            let location = reader.location(idNode ?? urlNode)
            if let first = ids[feedID] {
                reader.error(
                    location,
                    "duplicate feed id '\(feedID)' (first used at line \(first.line)); give one of them another `id:`")
                continue
            }
            ids[feedID] = location
            guard ok, let url else { continue }
            var feed = FeedConfig(
                id: feedID, url: url, title: title, interval: interval, tags: tags, location: location)
            feed.article = article
            feed.quietAfter = quietAfter
            feeds.append(feed)
        }
        readOPML(opmlFiles, into: &feeds, ids: &ids, reader: &reader)
        return feeds
    }

    /// Feeds from OPML lists, after those of `feeds:`; a feed whose id is taken already is reported where it stands.
    static func readOPML(
        _ opmlFiles: [String], into feeds: inout [FeedConfig], ids: inout [String: SourceLocation],
        reader: inout YAMLReader
    ) {
        for file in opmlFiles {
            let (items, diagnostics) = OPMLReader.read(file: file)
            for d in diagnostics { reader.error(d.location, d.message) }
            for item in items {
                if let problem = urlProblem(item.url) {
                    reader.error(item.location, problem)
                    continue
                }
                if feeds.contains(where: { $0.url == item.url }) { continue }  // listed twice: once is enough
                let id = FeedConfig.slug(for: item.url)
                if let first = ids[id] {
                    reader.error(
                        item.location,
                        "duplicate feed id '\(id)' (first used at \(first.file):\(first.line)); list it in `feeds:` with its own `id:`"
                    )
                    continue
                }
                ids[id] = item.location
                feeds.append(
                    FeedConfig(id: id, url: item.url, title: item.title, tags: item.tags, location: item.location))
            }
        }
    }

    /// Why `url` cannot be fetched (README "Bad input"), or nil. The URL is quoted without its password.
    static func urlProblem(_ url: String) -> String? {
        guard WebAddress.isHTTP(url) else {
            return "'\(WebAddress.redacted(url))' is not an http(s) URL; feeds are fetched over http or https only"
        }
        if let port = portText(url), !(UInt16(port).map { $0 >= 1 } ?? false) {
            return "'\(WebAddress.redacted(url))' has port \(port); a port is a number from 1 to 65535"
        }
        return nil
    }

    /// The port as written in `url`'s authority (after the host, or after `]` of an IPv6 address); nil
    /// when none is written.
    static func portText(_ url: String) -> Substring? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        var authority = rest[..<(rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex)]
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if let bracket = authority.lastIndex(of: "]") { authority = authority[authority.index(after: bracket)...] }
        guard let colon = authority.lastIndex(of: ":") else { return nil }
        let port = authority[authority.index(after: colon)...]
        return port.isEmpty ? nil : port
    }

    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty
            && id.utf8.allSatisfy { b in
                (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == 0x2D || b == 0x5F
                    || b == 0x2E
            }
    }
}
