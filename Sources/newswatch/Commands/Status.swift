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
            consecutive failures, entries seen, alerts raised and next fetch; and the alerts still pending \
            delivery. Exit status 0 when every feed is healthy, 1 when some are failing.
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
    }

    /// `{"database", "feeds": [{"id", "url", "title", "configured", "last_fetch", "last_success",
    /// "http_status", "last_error", "consecutive_failures", "entries_seen", "alerts_raised", "next_fetch",
    /// "malformed"}], "pending_alerts", "pending_deliveries"}`, keys in that order.
    static func json(database: String, feeds: [FeedReport], pendingAlerts: Int, pendingDeliveries: Int) -> String {
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
            w.end("}")
        }
        w.end("]")
        w.field("pending_alerts", pendingAlerts)
        w.field("pending_deliveries", pendingDeliveries)
        w.end("}")
        return w.text
    }

    func run() async throws {
        let config = try global.loadSettings()
        var states: [FeedState] = []
        var pending = 0
        var deliveries = 0
        if FileManager.default.fileExists(atPath: config.databasePath) {
            do {
                let store = try StateStore(path: config.databasePath, readOnly: true)
                states = try await store.feedStates()
                pending = try await store.pendingAlertCount()
                deliveries = try await store.pendingCount()
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
        reports += states.filter { !configured.contains($0.id) }.map { report($0, id: $0.id, url: WebAddress.redacted($0.url), configured: false) }
        let failing = reports.filter { $0.configured && $0.consecutiveFailures > 0 }.count

        if json {
            emit(Self.json(database: config.databasePath, feeds: reports, pendingAlerts: pending, pendingDeliveries: deliveries))
        } else {
            printTable(reports, pending: pending, database: config.databasePath)
        }
        if failing > 0 { throw ExitCode(1) }
    }

    private func report(_ state: FeedState?, id: String, url: String, configured: Bool) -> FeedReport {
        FeedReport(
            id: id, url: url, title: state?.title, configured: configured,
            lastFetch: state?.lastFetchAt, lastSuccess: state?.lastSuccessAt,
            httpStatus: state?.lastStatus, lastError: state?.lastError.map(WebAddress.redactingURLs(in:)),
            consecutiveFailures: state?.consecutiveFailures ?? 0, entriesSeen: state?.entriesSeen ?? 0,
            alertsRaised: state?.alertsRaised ?? 0, nextFetch: state?.nextFetchAt,
            malformed: state?.malformed ?? false)
    }

    private func printTable(_ reports: [FeedReport], pending: Int, database: String) {
        let term = Terminal.stdout
        let header = ["FEED", "HEALTH", "HTTP", "LAST FETCH", "FAILS", "ENTRIES", "ALERTS", "NEXT FETCH"]
        var rows: [[String]] = []
        for r in reports {
            let health: String
            if r.lastFetch == nil {
                health = "never"
            } else if r.consecutiveFailures > 0 {
                health = "failing"
            } else if r.malformed {
                health = "malformed"
            } else {
                health = "ok"
            }
            rows.append([
                r.id + (r.configured ? "" : " (removed)"), health, r.httpStatus.map(String.init) ?? "-",
                r.lastFetch.map(Timestamp.local) ?? "-", String(r.consecutiveFailures), String(r.entriesSeen), String(r.alertsRaised),
                r.nextFetch.map(Timestamp.local) ?? "-",
            ])
        }
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        emit(term.bold(line(header)))
        for (row, r) in zip(rows, reports) {
            let text = line(row)
            emit(r.consecutiveFailures > 0 ? term.paint(text, "31") : text)
            if let error = r.lastError { emit("    " + term.dim(error)) }
        }
        emit("")
        let failing = reports.filter { $0.consecutiveFailures > 0 }.count
        emit("\(Plural.count(reports.count, "feed")), \(failing) failing, \(Plural.count(pending, "alert")) pending delivery (\(database))")
    }
}
