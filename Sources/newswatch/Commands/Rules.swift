import ArgumentParser
import Basics
import Configuration
import Foundation
import JSONOutput
import Store

struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "What each rule does: its alerts, last alert, top feeds, and flags (noisy, never fired).",
        discussion: """
            Lists every rule of the config with its alerts in the last 24 hours and in the window (--since, \
            default 7d), its last alert, the feeds its alerts came from, and flags: noisy (its alerts are more \
            than --noisy percent of all new entries in the window, and at least 10), never-fired (no alert in \
            the window), unknown-feeds (limited to feeds no configured feed is). Rules with problems come \
            first. Reads the state database while the service runs.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The window for counts, top feeds and never-fired (default 7d).", valueName: "duration"))
    var since: String = "7d"

    @Option(
        help: ArgumentHelp(
            "The share of new entries (percent) above which a rule is flagged noisy.", valueName: "percent"))
    var noisy: Double = 5

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        guard let window = Quantity.duration(since), window > .zero else {
            throw ValidationError("--since '\(since)' is not a duration; write a number and a unit, like 24h or 7d")
        }
        guard noisy > 0, noisy <= 100 else { throw ValidationError("--noisy is a percentage above 0, at most 100") }
    }

    func run() async throws {
        try global.requireConfigFile()
        let loaded: LoadedConfiguration
        switch ConfigLoader.load(configPath: global.configPath) {
        case .failure(let error):
            for d in error.diagnostics { printError(d.description) }
            printError("newswatch rules: the config has problems; fix them (newswatch check)")
            throw ExitCode(1)
        case .success(let value):
            loaded = value
        }
        let window = Quantity.duration(since) ?? .seconds(7 * 86400)
        let now = Date()
        let review = try await Self.review(
            loaded.config,
            rules: loaded.ruleSet.rules.map { ($0.id, $0.severity.rawValue, $0.feeds.map(\.description)) },
            window: window, now: now, noisyShare: noisy / 100)
        if json {
            emit(Self.json(review.lines, entries: review.entries, window: window, now: now))
        } else {
            printTable(review.lines, entries: review.entries, window: window)
        }
    }

    /// The review of `rules` from the state database (none yet: every rule never fired).
    static func review(
        _ config: ServiceConfig, rules: [(id: String, severity: String, feedLimits: [String])], window: Duration,
        now: Date,
        noisyShare: Double
    ) async throws -> (lines: [RuleReview.Line], entries: Int) {
        var activity: [String: RuleActivity] = [:]
        var entries = 0
        if FileManager.default.fileExists(atPath: config.databasePath) {
            do {
                let store = try StateStore(path: config.databasePath, readOnly: true)
                defer { store.close() }
                activity = try await store.ruleActivity(
                    since: now.adding(.zero - window), day: now.addingTimeInterval(-86400))
                entries = try await store.newEntryCount(since: now.adding(.zero - window))
            } catch {
                printError("newswatch rules: \(error)")
                throw ExitCode(1)
            }
        }
        let lines = RuleReview.lines(
            rules: rules, activity: activity, entries: entries, noisyShare: noisyShare, feeds: config.feeds.map(\.id),
            tags: Set(config.feeds.flatMap(\.tags)))
        return (lines, entries)
    }

    /// `{"since", "window", "entries", "rules": [{"id", "severity", "alerts_24h", "alerts", "share", "last_alert",
    /// "feeds": [{"feed", "alerts"}], "flags": [...]}]}`.
    static func json(_ lines: [RuleReview.Line], entries: Int, window: Duration, now: Date) -> String {
        var w = JSONWriter()
        w.begin("{")
        w.field("since", Timestamp.iso8601(now.adding(.zero - window)))
        w.field("window", Quantity.format(window))
        w.field("entries", entries)
        w.key("rules")
        w.begin("[")
        for line in lines {
            w.separator()
            w.begin("{")
            w.field("id", line.id)
            w.field("severity", line.severity)
            w.field("alerts_24h", line.activity.lastDay)
            w.field("alerts", line.activity.window)
            w.key("share")
            w.number(line.share, decimals: 4)
            w.field("last_alert", line.activity.lastAlert.map(Timestamp.iso8601))
            w.key("feeds")
            w.begin("[")
            for feed in line.activity.feeds {
                w.separator()
                w.begin("{")
                w.field("feed", feed.feed)
                w.field("alerts", feed.alerts)
                w.end("}")
            }
            w.end("]")
            w.key("flags")
            w.strings(line.flags.map(\.rawValue))
            w.end("}")
        }
        w.end("]")
        w.end("}")
        return w.text
    }

    private func printTable(_ lines: [RuleReview.Line], entries: Int, window: Duration) {
        let term = Terminal.stdout
        let span = Quantity.format(window)
        let header = ["RULE", "SEVERITY", "24H", span.uppercased(), "SHARE", "LAST ALERT", "TOP FEEDS", "FLAGS"]
        let rows: [[String]] = lines.map { line in
            [
                line.id, line.severity, String(line.activity.lastDay), String(line.activity.window),
                String(format: "%.1f%%", line.share * 100), line.activity.lastAlert.map(Timestamp.local) ?? "never",
                line.activity.feeds.prefix(3).map { "\($0.feed) \($0.alerts)" }.joined(separator: ", "),
                line.flags.map(\.rawValue).joined(separator: ","),
            ]
        }
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        emit(term.bold(format(header)))
        for (row, line) in zip(rows, lines) {
            let text = format(row)
            emit(line.flags.contains(.noisy) || line.flags.contains(.unknownFeeds) ? term.paint(text, "33") : text)
        }
        emit("")
        emit(
            RuleReview.summary(lines, window: window)
                + " (\(Plural.count(entries, "new entry", "new entries")) in \(span))")
    }
}
