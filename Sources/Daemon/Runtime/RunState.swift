import Alerts
import Basics
import Configuration
import Foundation
import Logging

/// The run loop's state, as a pure value: it takes one `RunEvent` at a time and returns the
/// `RunAction`s the shell (`NewswatchService`) performs. Scheduling, when to deliver, when to stop,
/// what to log about failing feeds and what to tell systemd are all decided here, so they are tested
/// without a clock, a network or a database (README "As a systemd service" describes the behaviour).
public struct RunState: Sendable {
    public enum Mode: Sendable { case service, once }

    public let mode: Mode
    public private(set) var configuration: LoadedConfiguration
    public private(set) var schedule = FeedSchedule()
    /// Feeds whose last refresh failed, with why.
    public private(set) var failing: [String: FeedFailure] = [:]
    public private(set) var stopping = false
    public private(set) var isFinished = false
    public private(set) var summary = Summary()

    /// The failure last logged for each feed by this process: a failure is logged when it differs in
    /// kind from that one, so each failing feed is logged once per start (and again when it changes).
    private var logged: [String: FeedFailure.Kind] = [:]
    /// Feeds refreshed since the last all-feeds-failing check began: that line is written once every
    /// feed has had its turn.
    private var refreshedSinceCheck: Set<String> = []
    private var reportedAllFailing = false
    private var delivering = false
    private var deliverAgain = false
    private var catchingUp = false
    private var catchUpAgain = false
    /// A stop was asked for (a signal), as opposed to `--once` having fetched everything.
    private var signalled = false
    private var deliveryBlocked = false
    /// The first delivery round delivers what an earlier run left pending.
    private var firstDelivery = true
    private var lastFetch: Date?
    private var lastStatus = ""

    /// What `run --once` did, for its closing line.
    public struct Summary: Sendable, Equatable {
        public var refreshed = 0
        public var notModified = 0
        public var failed = 0
        public var newEntries = 0
        public var alerts = 0

        public init(refreshed: Int = 0, notModified: Int = 0, failed: Int = 0, newEntries: Int = 0, alerts: Int = 0) {
            self.refreshed = refreshed
            self.notModified = notModified
            self.failed = failed
            self.newEntries = newEntries
            self.alerts = alerts
        }
    }

    /// - Parameters:
    ///   - storedFailures: feeds the state database shows failing (they count as failing in STATUS=
    ///     until they are fetched; their failure is logged again when it recurs).
    ///   - due: when each feed is due (`stored` next-fetch times of the database, else `start(id)`).
    public init(
        mode: Mode, configuration: LoadedConfiguration, storedDue: [String: Date],
        storedFailures: [String: FeedFailure],
        start: (String) -> Date
    ) {
        self.mode = mode
        self.configuration = configuration
        failing = storedFailures.filter { id, _ in configuration.config.feeds.contains { $0.id == id } }
        schedule.sync(feeds: configuration.config.feeds, stored: mode == .once ? [:] : storedDue, start: start)
        lastStatus = statusText()  // sent with READY=1
    }

    public mutating func handle(_ event: RunEvent, now: Date) -> [RunAction] {
        var actions: [RunAction] = []
        switch event {
        case .started:
            actions.append(contentsOf: requestDelivery())
            actions.append(contentsOf: requestCatchUp())
            actions.append(contentsOf: startDue(now: now))
            if mode == .once && schedule.inFlightCount == 0 {
                actions.append(contentsOf: beginStop(notify: false))
            }
        case .tick:
            actions.append(contentsOf: startDue(now: now))
        case .watchdogDue:
            actions.append(.pingWatchdog)
        case .deliveryRetryDue:
            if deliveryBlocked { actions.append(contentsOf: requestDelivery()) }
        case .pruneDue:
            if mode == .service && !stopping { actions.append(.prune) }
        case .finished(let feed, let result):
            actions.append(contentsOf: feedFinished(feed, result, now: now))
        case .deliveryFinished(let delivered, let blocked):
            delivering = false
            deliveryBlocked = blocked
            if firstDelivery {
                firstDelivery = false
                if delivered > 0 {
                    actions.append(
                        .log(.notice, "delivered \(Plural.count(delivered, "alert")) left pending by an earlier run"))
                }
            }
            if deliverAgain {
                deliverAgain = false
                actions.append(contentsOf: requestDelivery())
            }
            actions.append(contentsOf: finishIfIdle())
        case .catchUpProgress(let alerts):
            if alerts > 0 { actions.append(contentsOf: requestDelivery()) }
        case .catchUpFinished(let outcome):
            catchingUp = false
            if let outcome, outcome.rules > 0 {
                actions.append(
                    .log(
                        .notice,
                        "catch-up: \(Plural.count(outcome.rules, "new or changed rule")) over \(Plural.count(outcome.articles, "kept article")) raised \(Plural.count(outcome.alerts, "alert"))"
                    ))
            }
            if catchUpAgain && !stopping {
                catchUpAgain = false
                actions.append(contentsOf: requestCatchUp())
            }
            actions.append(contentsOf: finishIfIdle())
        case .reload:
            if !stopping { actions += [.notify(.reloading), .readConfiguration] }
        case .reloaded(let loaded):
            actions.append(contentsOf: reloaded(loaded, now: now))
        case .shutdown:
            signalled = true
            actions.append(contentsOf: beginStop(notify: true))
        case .shutdownDeadline:
            if !isFinished {
                actions.append(
                    .log(
                        .warning,
                        "cancelling \(Plural.count(schedule.inFlightCount, "transfer")) that did not finish in time"))
                isFinished = true
                actions.append(.finish)
            }
        }
        if let status = statusUpdate() { actions.append(status) }
        return actions
    }

    // MARK: Feeds

    private mutating func startDue(now: Date) -> [RunAction] {
        guard !stopping else { return [] }
        let fetch = configuration.config.fetch
        let feeds = schedule.takeDue(now: now, maxConcurrent: fetch.maxConcurrent, maxPerHost: fetch.maxPerHost)
        return feeds.isEmpty ? [] : [.startFeeds(feeds)]
    }

    private mutating func feedFinished(_ feed: FeedConfig, _ result: RefreshResult, now: Date) -> [RunAction] {
        var actions: [RunAction] = []
        schedule.finished(feed, next: mode == .once ? nil : result.nextFetchAt, now: now)
        let stillConfigured = schedule.feeds[feed.id] != nil
        let meta = ["feed": feed.id, "url": WebAddress.redacted(feed.url)]
        switch result.outcome {
        case .cancelled:
            break
        case .failed(let failure):
            lastFetch = now
            summary.failed += 1
            refreshedSinceCheck.insert(feed.id)
            if stillConfigured { failing[feed.id] = failure }
            if result.healthAlerts > 0 { actions.append(contentsOf: requestDelivery()) }
            if logged[feed.id] != failure.kind {
                logged[feed.id] = failure.kind
                var fields = meta
                fields["kind"] = failure.kindName
                fields["failures"] = "\(result.consecutiveFailures)"
                fields["next"] = Timestamp.iso8601(result.nextFetchAt)
                actions.append(
                    .log(
                        .warning, "feed \(feed.id) failed: \(WebAddress.redactingURLs(in: failure.message))",
                        metadata: fields))
            }
        case .notModified, .updated:
            lastFetch = now
            refreshedSinceCheck.insert(feed.id)
            if case .updated(let new, let alerts, _) = result.outcome {
                summary.refreshed += 1
                summary.newEntries += new
                summary.alerts += alerts
            } else {
                summary.notModified += 1
            }
            if failing.removeValue(forKey: feed.id) != nil || logged[feed.id] != nil {
                actions.append(.log(.notice, "feed \(feed.id) works again", metadata: meta))
            }
            logged[feed.id] = nil
            reportedAllFailing = false
            if !result.addedSources.isEmpty && configuration.config.story.logSources {
                actions.append(
                    .noteSources(
                        result.addedSources.map {
                            SourceNote(
                                alertID: $0.alertID, ruleID: $0.ruleID, feedID: $0.source.feedID, url: $0.source.url,
                                title: $0.source.title, time: Timestamp.iso8601($0.source.seenAt))
                        }))
            }
            if result.alerts > 0 || !result.addedSources.isEmpty || result.healthAlerts > 0 {
                actions.append(contentsOf: requestDelivery())
            }
        }
        actions.append(contentsOf: checkAllFailing())
        if stopping || mode == .once {
            if mode == .once && !stopping && schedule.inFlightCount == 0 && schedule.due.isEmpty {
                actions.append(contentsOf: beginStop(notify: false))
            } else {
                actions.append(contentsOf: finishIfIdle())
            }
        } else {
            actions.append(contentsOf: startDue(now: now))
        }
        return actions
    }

    /// One line when every configured feed has failed on its latest refresh since the last check: most
    /// likely the machine, not the feeds. Written once until some feed works again.
    private mutating func checkAllFailing() -> [RunAction] {
        let ids = Set(schedule.feeds.keys)
        guard !ids.isEmpty, !reportedAllFailing, ids.isSubset(of: refreshedSinceCheck) else { return [] }
        refreshedSinceCheck = []
        guard ids.allSatisfy({ failing[$0] != nil }) else { return [] }
        reportedAllFailing = true
        var kinds: [String: Int] = [:]
        for id in ids { kinds[failing[id]?.kindName ?? "?", default: 0] += 1 }
        let breakdown = kinds.sorted { $0.value == $1.value ? $0.key < $1.key : $0.value > $1.value }
            .map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        let allTransport = ids.allSatisfy { id in
            if case .transport = failing[id]?.kind { return true }
            return false
        }
        let hint =
            allTransport
            ? "is the machine offline, or its DNS or proxy broken? Feeds are retried with backoff"
            : "check the feeds' URLs and the network; feeds are retried with backoff"
        return [.log(.error, "every feed is failing (\(Plural.count(ids.count, "feed")): \(breakdown)); \(hint)")]
    }

    // MARK: Delivery

    /// The one place that starts delivery: a request while a round runs makes one more round after it.
    private mutating func requestDelivery() -> [RunAction] {
        if delivering {
            deliverAgain = true
            return []
        }
        delivering = true
        return [.deliver]
    }

    /// A catch-up runs at start and after each reload; one asked for while one runs follows it.
    private mutating func requestCatchUp() -> [RunAction] {
        if catchingUp {
            catchUpAgain = true
            return []
        }
        catchingUp = true
        return [.catchUp]
    }

    // MARK: Reload

    private mutating func reloaded(_ loaded: LoadedConfiguration?, now: Date) -> [RunAction] {
        var actions: [RunAction] = []
        if let loaded {
            let before = configuration.config
            let after = loaded.config
            let sinksChanged =
                after.alertLog != before.alertLog || after.spool != before.spool
                || after.alertLogFormat != before.alertLogFormat || after.outputs != before.outputs
            let limitsChanged =
                after.fetch.maxConcurrent != before.fetch.maxConcurrent
                || after.fetch.maxPerHost != before.fetch.maxPerHost
            configuration = loaded
            // First, so that the lines below are written at the new log level.
            actions.append(.apply(sinksChanged: sinksChanged, limitsChanged: limitsChanged))
            if after.stateDirectory != before.stateDirectory {
                actions.append(.log(.warning, "state_dir changed; it takes effect after a restart"))
            }
            if after.logLevel != before.logLevel {
                actions.append(.log(.notice, "log_level is now \(after.logLevel.rawValue)"))
            }
            if limitsChanged {
                actions.append(
                    .log(
                        .notice,
                        "fetch limits are now \(Plural.count(after.fetch.maxConcurrent, "transfer")), \(after.fetch.maxPerHost) per host"
                    ))
            }
            schedule.sync(feeds: after.feeds, stored: [:]) { _ in now }
            let configured = Set(after.feeds.map(\.id))
            failing = failing.filter { configured.contains($0.key) }
            logged = logged.filter { configured.contains($0.key) }
            for warning in loaded.warnings { actions.append(.log(.warning, "\(warning)")) }
            actions.append(
                .log(
                    .notice,
                    "reloaded: \(Plural.count(after.feeds.count, "feed")), \(Plural.count(loaded.ruleSet.rules.count, "rule"))"
                ))
        }
        actions.append(.reopenSinks)
        actions.append(contentsOf: requestDelivery())
        if loaded != nil { actions.append(contentsOf: requestCatchUp()) }
        lastStatus = statusText()
        actions.append(.notify(.ready(status: lastStatus)))
        actions.append(contentsOf: startDue(now: now))
        return actions
    }

    // MARK: Stopping

    private mutating func beginStop(notify: Bool) -> [RunAction] {
        guard !stopping else { return [] }
        stopping = true
        var actions: [RunAction] = []
        if notify {
            actions.append(.notify(.stopping))
            if mode == .service {
                actions.append(.log(.notice, "stopping: \(Plural.count(schedule.inFlightCount, "transfer")) in flight"))
            }
        }
        if schedule.inFlightCount > 0 { actions.append(.armShutdownDeadline) }
        actions.append(contentsOf: finishIfIdle())
        return actions
    }

    /// The loop ends when nothing it started still runs; a catch-up is waited for only by `--once` (a
    /// stop request leaves it to the next start, which runs it again).
    private mutating func finishIfIdle() -> [RunAction] {
        guard stopping, !isFinished, schedule.inFlightCount == 0, !delivering else { return [] }
        if catchingUp && mode == .once && !signalled { return [] }
        isFinished = true
        return [.finish]
    }

    // MARK: Status

    /// The STATUS= line: `12 feeds, 40 rules, 1 failing, last fetch 2026-12-03T21:00:00Z`.
    public func statusText() -> String {
        var text =
            "\(Plural.count(configuration.config.feeds.count, "feed")), \(Plural.count(configuration.ruleSet.rules.count, "rule"))"
        text += ", \(Plural.grouped(failing.count)) failing"
        if let lastFetch { text += ", last fetch \(Timestamp.iso8601(lastFetch))" }
        if catchingUp { text += ", catching up" }
        if deliveryBlocked { text += ", alert delivery failing" }
        if stopping { text += ", stopping" }
        return text
    }

    private mutating func statusUpdate() -> RunAction? {
        let text = statusText()
        guard text != lastStatus else { return nil }
        lastStatus = text
        return .notify(.status(text))
    }

}
