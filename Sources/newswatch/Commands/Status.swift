import Alerts
import ArgumentParser
import Basics
import Configuration
import Foundation
import JSONOutput
import Store

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the health of every feed (works while the service runs).",
        discussion: """
            Reads the state database: for each configured feed its last fetch, HTTP status, last error, \
            consecutive failures, entries seen, alerts raised and next fetch (a feed whose next fetch is more \
            than 10 minutes past is shown overdue: is the service running, can it write its database?); its \
            article pages fetched, failed, and the share of those matched on the feed's text instead; the \
            alerts still pending delivery; each output (alerts delivered, pending and failed for good, since \
            when it fails and its last error); the stories of the story window; a catch-up under way; one line on the rules (see newswatch rules); \
            and the free space of the state directory's file system. Exit status 0 when every feed is healthy, \
            1 when some are failing, an output is failing, or the state directory's file system is (nearly) full.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print one JSON object.")
    var json = false

    struct FeedReport {
        var id: String
        var url: String
        var title: String?
        var configured: Bool
        var lastFetch: Date?
        var lastSuccess: Date?
        var httpStatus: Int?
        var lastError: String?
        var consecutiveFailures: Int
        var entriesSeen: Int
        var alertsRaised: Int
        var nextFetch: Date?
        var malformed: Bool
        /// What became of the feed's article pages (README "Full article text").
        var articles = ArticleTally()
        /// The health episode a `feed-health` alert was raised for, and a permanent redirect's target
        /// (README "Feed health").
        var health = FeedHealthState()
        /// Configured, not failing, and its next fetch is more than `overdueAfter` past.
        var overdue = false
    }

    /// What `status` shows besides the feeds.
    struct Extra {
        var catchUp: CatchUpProgress?
        var rules: [RuleReview.Line] = []
        var diskFree: Int?
        var diskFull = false
        /// Stories begun in the story window, and how many of them more than one article reported.
        var stories: (stories: Int, shared: Int)?
        /// The configured outputs and how they fare (README "Outputs").
        var outputs: [(config: OutputConfig, state: OutputState)] = []
    }

    static let overdueAfter: TimeInterval = 600

    /// `{"database", "feeds": [{"id", "url", "title", "configured", "last_fetch", "last_success",
    /// "http_status", "last_error", "consecutive_failures", "entries_seen", "alerts_raised", "next_fetch",
    /// "malformed", "overdue", "articles": {"fetched", "failed", "fallbacks", "fallback_rate", "skipped"},
    /// "health": {"kind", "since", "alert"} or null, "moved_to"}],
    /// "pending_alerts", "pending_deliveries", ...}`, keys in that order.
    static func json(
        database: String, feeds: [FeedReport], pendingAlerts: Int, pendingDeliveries: Int, extra: Extra = Extra()
    ) -> String {
        var w = JSONWriter()
        w.begin("{")
        w.field("database", database)
        w.key("feeds")
        w.begin("[")
        for feed in feeds {
            w.separator()
            w.begin("{")
            w.field("id", feed.id)
            w.field("url", feed.url)
            w.field("title", feed.title)
            w.key("configured")
            w.bool(feed.configured)
            w.field("last_fetch", feed.lastFetch.map(Timestamp.iso8601))
            w.field("last_success", feed.lastSuccess.map(Timestamp.iso8601))
            w.key("http_status")
            w.optional(feed.httpStatus)
            w.field("last_error", feed.lastError)
            w.field("consecutive_failures", feed.consecutiveFailures)
            w.field("entries_seen", feed.entriesSeen)
            w.field("alerts_raised", feed.alertsRaised)
            w.field("next_fetch", feed.nextFetch.map(Timestamp.iso8601))
            w.key("malformed")
            w.bool(feed.malformed)
            w.key("overdue")
            w.bool(feed.overdue)
            w.key("articles")
            w.begin("{")
            w.field("fetched", feed.articles.fetched)
            w.field("failed", feed.articles.failed)
            w.field("fallbacks", feed.articles.fellBack)
            w.key("fallback_rate")
            if let rate = feed.articles.fallbackRate { w.number(rate, decimals: 3) } else { w.null() }
            w.field("skipped", feed.articles.skipped)
            w.end("}")
            w.key("health")
            if let episode = feed.health.episode {
                w.begin("{")
                w.field("kind", episode.kind)
                w.field("since", Timestamp.iso8601(episode.since))
                w.field("alert", episode.alertID)
                w.end("}")
            } else {
                w.null()
            }
            w.field("moved_to", feed.health.movedTo.map(WebAddress.redacted))
            w.end("}")
        }
        w.end("]")
        w.field("pending_alerts", pendingAlerts)
        w.field("pending_deliveries", pendingDeliveries)
        w.key("catch_up")
        if let c = extra.catchUp {
            w.begin("{")
            w.field("rules", c.rules)
            w.field("articles_done", c.articlesDone)
            w.field("articles_total", c.articlesTotal)
            w.field("alerts", c.alerts)
            w.field("started", Timestamp.iso8601(c.startedAt))
            w.end("}")
        } else {
            w.null()
        }
        w.key("rules")
        w.begin("{")
        w.field("loaded", extra.rules.count)
        w.field("noisy", extra.rules.filter { $0.flags.contains(.noisy) }.count)
        w.field("never_fired_7d", extra.rules.filter { $0.flags.contains(.neverFired) }.count)
        w.end("}")
        w.key("stories")
        if let stories = extra.stories {
            w.begin("{")
            w.field("count", stories.stories)
            w.field("shared", stories.shared)
            w.end("}")
        } else {
            w.null()
        }
        w.key("outputs")
        w.begin("[")
        for (output, state) in extra.outputs {
            w.separator()
            w.begin("{")
            w.field("name", output.name)
            w.field("type", output.kind.rawValue)
            w.field("destination", output.destination)
            w.field("delivered", state.delivered)
            w.field("pending", state.pending)
            w.field("failed", state.failed)
            w.field("last_delivered", state.lastDeliveredAt.map(Timestamp.iso8601))
            w.field("failing_since", state.failingSince.map(Timestamp.iso8601))
            w.field("last_error", state.lastError)
            w.field("last_error_at", state.lastErrorAt.map(Timestamp.iso8601))
            w.end("}")
        }
        w.end("]")
        w.key("state_disk_free_bytes")
        w.optional(extra.diskFree)
        w.end("}")
        return w.text
    }

    func run() async throws {
        let config = try global.loadSettings()
        var states: [FeedState] = []
        var pending = 0
        var deliveries = 0
        var extra = Extra()
        let now = Date()
        if FileManager.default.fileExists(atPath: config.databasePath) {
            do {
                let store = try StateStore(path: config.databasePath, readOnly: true)
                states = try await store.feedStates()
                pending = try await store.pendingAlertCount()
                deliveries = try await store.pendingCount()
                extra.catchUp = try await store.catchUpProgress()
                let outputs = try await store.outputStates()
                extra.outputs = config.outputs.map { ($0, outputs[$0.name] ?? OutputState(sink: $0.name)) }
                if config.story.enabled {
                    extra.stories = try await store.storyCounts(
                        since: now.addingTimeInterval(-config.story.window.seconds))
                }
                let week = now.addingTimeInterval(-7 * 86400)
                let activity = try await store.ruleActivity(since: week, day: now.addingTimeInterval(-86400))
                extra.rules = RuleReview.lines(
                    rules: try await store.loadedRuleIDs().map { ($0, "", []) }, activity: activity,
                    entries: try await store.newEntryCount(since: week), noisyShare: 0.05,
                    feeds: config.feeds.map(\.id),
                    tags: [])
                store.close()
            } catch {
                printError("newswatch status: \(error)")
                throw ExitCode(1)
            }
        }
        let byID = Dictionary(states.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var reports: [FeedReport] = config.feeds.map { feed in
            report(byID[feed.id], id: feed.id, url: WebAddress.redacted(feed.url), configured: true)
        }
        let configured = Set(config.feeds.map(\.id))
        reports += states.filter { !configured.contains($0.id) }.map {
            report($0, id: $0.id, url: WebAddress.redacted($0.url), configured: false)
        }
        for i in reports.indices where reports[i].configured && reports[i].consecutiveFailures == 0 {
            if let next = reports[i].nextFetch, next < now.addingTimeInterval(-Self.overdueAfter) {
                reports[i].overdue = true
            }
        }
        let failing = reports.filter { $0.configured && $0.consecutiveFailures > 0 }.count
        (extra.diskFree, extra.diskFull) = Self.freeSpace(config.stateDirectory)

        if json {
            emit(
                Self.json(
                    database: config.databasePath, feeds: reports, pendingAlerts: pending,
                    pendingDeliveries: deliveries, extra: extra))
        } else {
            printTable(reports, pending: pending, database: config.databasePath, extra: extra)
        }
        if failing > 0 || extra.diskFull || extra.outputs.contains(where: { $0.state.failingSince != nil }) {
            throw ExitCode(1)
        }
    }

    /// The bytes free for the service in the file system of `directory`, and whether that is (nearly)
    /// full: less than 64 MiB or 1% left, where SQLite's writes start to fail.
    static func freeSpace(_ directory: String) -> (Int?, Bool) {
        var fs = statvfs()
        guard statvfs(directory, &fs) == 0 else { return (nil, false) }
        let free = Int(fs.f_bavail) * Int(fs.f_frsize)
        let total = Int(fs.f_blocks) * Int(fs.f_frsize)
        return (free, free < 64 << 20 || (total > 0 && free * 100 < total))
    }

    private func report(_ state: FeedState?, id: String, url: String, configured: Bool) -> FeedReport {
        FeedReport(
            id: id, url: url, title: state?.title, configured: configured,
            lastFetch: state?.lastFetchAt, lastSuccess: state?.lastSuccessAt,
            httpStatus: state?.lastStatus, lastError: state?.lastError.map(WebAddress.redactingURLs(in:)),
            consecutiveFailures: state?.consecutiveFailures ?? 0, entriesSeen: state?.entriesSeen ?? 0,
            alertsRaised: state?.alertsRaised ?? 0, nextFetch: state?.nextFetchAt,
            malformed: state?.malformed ?? false, articles: state?.articles ?? ArticleTally(),
            health: state?.health ?? FeedHealthState())
    }

    private func printTable(_ reports: [FeedReport], pending: Int, database: String, extra: Extra) {
        let term = Terminal.stdout
        let header = [
            "FEED", "HEALTH", "HTTP", "LAST FETCH", "FAILS", "ENTRIES", "ALERTS", "PAGES", "PAGE FAILS", "FALLBACK",
            "NEXT FETCH",
        ]
        var rows: [[String]] = []
        for r in reports {
            let health: String
            if r.lastFetch == nil {
                health = "never"
            } else if r.consecutiveFailures > 0 {
                health = "failing"
            } else if r.overdue {
                health = "overdue"
            } else if r.malformed {
                health = "malformed"
            } else {
                health = "ok"
            }
            rows.append([
                r.id + (r.configured ? "" : " (removed)"), health, r.httpStatus.map(String.init) ?? "-",
                r.lastFetch.map(Timestamp.local) ?? "-", String(r.consecutiveFailures), String(r.entriesSeen),
                String(r.alertsRaised), String(r.articles.fetched), String(r.articles.failed),
                r.articles.fallbackRate.map { String(format: "%.0f%%", $0 * 100) } ?? "-",
                r.nextFetch.map(Timestamp.local) ?? "-",
            ])
        }
        let lines = Self.aligned([header] + rows)
        emit(term.bold(lines[0]))
        for (text, r) in zip(lines.dropFirst(), reports) {
            emit(r.consecutiveFailures > 0 ? term.paint(text, "31") : text)
            if let error = r.lastError { emit("    " + term.dim(error)) }
            if let episode = r.health.episode {
                emit(
                    "    "
                        + term.paint(
                            "feed-health: \(episode.kind) since \(Timestamp.local(episode.since)) (alert \(episode.alertID))",
                            "33"))
            }
            if let moved = r.health.movedTo {
                emit(
                    "    "
                        + term.paint(
                            "moved permanently to \(WebAddress.redacted(moved)): change its url: in the config", "33"))
            }
        }
        emit("")
        let failing = reports.filter { $0.consecutiveFailures > 0 }.count
        emit(
            "\(Plural.count(reports.count, "feed")), \(failing) failing, \(Plural.count(pending, "alert")) pending delivery (\(database))"
        )
        let overdue = reports.filter(\.overdue).count
        if overdue > 0 {
            emit(
                term.paint(
                    "\(Plural.count(overdue, "feed is", "feeds are")) overdue: is the service running, and can it write its state database?",
                    "33"))
        }
        if !extra.outputs.isEmpty { printOutputs(extra.outputs) }
        if let c = extra.catchUp {
            emit(
                "catch-up: \(Plural.count(c.rules, "rule")) over \(Plural.grouped(c.articlesDone)) of \(Plural.count(c.articlesTotal, "kept article")), "
                    + "\(Plural.count(c.alerts, "alert")) so far (since \(Timestamp.local(c.startedAt)))")
        }
        if let stories = extra.stories {
            emit(
                "\(Plural.count(stories.stories, "story", "stories")) in the story window, \(stories.shared) reported by more than one article"
            )
        }
        if !extra.rules.isEmpty {
            emit(RuleReview.summary(extra.rules, window: .seconds(7 * 86400)) + " (newswatch rules)")
        }
        if extra.diskFull, let free = extra.diskFree {
            emit(
                term.paint(
                    "the state directory's file system is nearly full (\(free >> 20) MiB free): fetches cannot be recorded; free space",
                    "31"))
        }
    }

    /// One line per output, and its failure under it.
    private func printOutputs(_ outputs: [(config: OutputConfig, state: OutputState)]) {
        let term = Terminal.stdout
        let header = ["OUTPUT", "TYPE", "DESTINATION", "DELIVERED", "PENDING", "FAILED", "STATE"]
        let rows = outputs.map { output, state in
            [
                output.name, output.kind.rawValue + (output.digest.map { " (digest \($0))" } ?? ""), output.destination,
                String(state.delivered), String(state.pending), String(state.failed),
                state.failingSince.map { "failing since " + Timestamp.local($0) }
                    ?? state.lastDeliveredAt.map { "ok, last " + Timestamp.local($0) } ?? "ok",
            ]
        }
        let lines = Self.aligned([header] + rows)
        emit(term.bold(lines[0]))
        for (text, (_, state)) in zip(lines.dropFirst(), outputs) {
            emit(state.failingSince != nil ? term.paint(text, "31") : text)
            if let error = state.lastError, state.failingSince != nil || state.failed > 0 {
                emit("    " + term.dim(error + (state.lastErrorAt.map { " (" + Timestamp.local($0) + ")" } ?? "")))
            }
        }
        emit("")
    }

    /// The rows as lines with each column padded to its widest cell, two spaces apart.
    static func aligned(_ rows: [[String]]) -> [String] {
        var widths: [Int] = []
        for row in rows {
            for (i, cell) in row.enumerated() {
                if i == widths.count { widths.append(0) }
                widths[i] = max(widths[i], cell.count)
            }
        }
        return rows.map { cells in
            cells.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }
}
