import Alerts
import ArgumentParser
import Configuration
import Foundation
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

    struct FeedReport: Encodable {
        var id: String
        var url: String
        var title: String?
        var configured: Bool
        var lastFetch: String?
        var lastSuccess: String?
        var httpStatus: Int?
        var lastError: String?
        var consecutiveFailures: Int
        var entriesSeen: Int
        var alertsRaised: Int
        var nextFetch: String?
        var malformed: Bool

        enum CodingKeys: String, CodingKey {
            case id, url, title, configured, malformed
            case lastFetch = "last_fetch", lastSuccess = "last_success", httpStatus = "http_status"
            case lastError = "last_error", consecutiveFailures = "consecutive_failures"
            case entriesSeen = "entries_seen", alertsRaised = "alerts_raised", nextFetch = "next_fetch"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(url, forKey: .url)
            try c.encode(title, forKey: .title)
            try c.encode(configured, forKey: .configured)
            try c.encode(lastFetch, forKey: .lastFetch)
            try c.encode(lastSuccess, forKey: .lastSuccess)
            try c.encode(httpStatus, forKey: .httpStatus)
            try c.encode(lastError, forKey: .lastError)
            try c.encode(consecutiveFailures, forKey: .consecutiveFailures)
            try c.encode(entriesSeen, forKey: .entriesSeen)
            try c.encode(alertsRaised, forKey: .alertsRaised)
            try c.encode(nextFetch, forKey: .nextFetch)
            try c.encode(malformed, forKey: .malformed)
        }
    }

    struct Report: Encodable {
        var database: String
        var feeds: [FeedReport]
        /// Alerts not yet delivered to every sink.
        var pendingAlerts: Int
        /// Deliveries not yet made: one per alert and sink.
        var pendingDeliveries: Int
        enum CodingKeys: String, CodingKey {
            case database, feeds
            case pendingAlerts = "pending_alerts"
            case pendingDeliveries = "pending_deliveries"
        }
    }

    func run() async throws {
        let config = try global.loadConfiguration().config
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
            report(byID[feed.id], id: feed.id, url: feed.url, configured: true)
        }
        let configured = Set(config.feeds.map(\.id))
        reports += states.filter { !configured.contains($0.id) }.map { report($0, id: $0.id, url: $0.url, configured: false) }
        let failing = reports.filter { $0.configured && $0.consecutiveFailures > 0 }.count

        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            let data = try encoder.encode(Report(database: config.databasePath, feeds: reports, pendingAlerts: pending, pendingDeliveries: deliveries))
            emit(String(decoding: data, as: UTF8.self))
        } else {
            printTable(reports, pending: pending, database: config.databasePath)
        }
        if failing > 0 { throw ExitCode(1) }
    }

    private func report(_ state: FeedState?, id: String, url: String, configured: Bool) -> FeedReport {
        FeedReport(
            id: id, url: url, title: state?.title, configured: configured,
            lastFetch: state?.lastFetchAt.map(Timestamp.iso8601), lastSuccess: state?.lastSuccessAt.map(Timestamp.iso8601),
            httpStatus: state?.lastStatus, lastError: state?.lastError,
            consecutiveFailures: state?.consecutiveFailures ?? 0, entriesSeen: state?.entriesSeen ?? 0,
            alertsRaised: state?.alertsRaised ?? 0, nextFetch: state?.nextFetchAt.map(Timestamp.iso8601),
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
                r.lastFetch ?? "-", String(r.consecutiveFailures), String(r.entriesSeen), String(r.alertsRaised),
                r.nextFetch ?? "-",
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
        emit("\(reports.count) feeds, \(reports.filter { $0.consecutiveFailures > 0 }.count) failing, \(pending) alert\(pending == 1 ? "" : "s") pending delivery (\(database))")
    }
}
