import Alerts
import Basics
import Configuration
import Curl
import Foundation
import Logging
import Rules
import ServiceLifecycle
import Store
import UnixSignals

/// The long-running service (SPEC §7): schedules every feed by its interval, runs the refresh pipeline
/// within the global and per-host limits, delivers the outbox, reloads on SIGHUP, stops cleanly on
/// SIGTERM/SIGINT, and keeps systemd informed (READY, RELOADING, STOPPING, STATUS, WATCHDOG).
/// With `once`, it fetches every feed once, delivers, and returns.
public final class NewswatchService: Service, Sendable {
    public let configPath: String
    let initial: LoadedConfiguration
    let once: Bool
    let logger: Logger
    let notifier: SystemdNotifier
    let fetcherOverride: (any HTTPFetching)?

    /// How long in-flight transfers may take to finish after a stop request before they are cancelled.
    public static let stopGrace: Duration = .seconds(5)
    /// An entry that has not been in its feed for this long is forgotten (the state database would
    /// otherwise grow for ever); its alerts are kept, so it can never raise one twice. Alerts older than
    /// this keep their id but not their full record (`StateStore.compactAlerts`).
    public static let entryRetention: TimeInterval = 90 * 86400
    /// How often the running service prunes the state database (the first time a minute after start).
    static let pruneInterval: Duration = .seconds(6 * 3600)

    public init(
        configPath: String, configuration: LoadedConfiguration, once: Bool, logger: Logger,
        notifier: SystemdNotifier = SystemdNotifier(), fetcher: (any HTTPFetching)? = nil
    ) {
        self.configPath = configPath
        self.initial = configuration
        self.once = once
        self.logger = logger
        self.notifier = notifier
        self.fetcherOverride = fetcher
    }

    public func run() async throws {
        var current = initial
        let config = current.config
        do {
            try ServiceDirectories.prepare(stateDirectory: config.stateDirectory, sinks: Self.sinks(for: config))
        } catch {
            logger.critical("\(error)")
            throw error
        }
        let store: StateStore
        do {
            store = try StateStore(path: config.databasePath)
        } catch {
            logger.critical("\(error)")
            throw error
        }
        defer { store.close() }
        let client = fetcherOverride == nil
            ? CurlClient(maxTotalConnections: config.fetch.maxConcurrent, maxHostConnections: config.fetch.maxPerHost) : nil
        defer { client?.shutdown() }
        guard let fetcher: any HTTPFetching = fetcherOverride ?? client else { return }

        let delivery = AlertDelivery(store: store, sinks: Self.sinks(for: config), logger: logger)
        let refresher = FeedRefresher(fetcher: fetcher, store: store, sinkNames: await delivery.sinkNames, logger: logger)

        // Alerts committed by an earlier run but not delivered (crash, failing sink) go out first.
        let startup = await delivery.deliverPending()
        if startup.delivered > 0 {
            logger.notice("delivered \(startup.delivered) alerts left pending by an earlier run")
        }

        var schedule = FeedSchedule()
        var failing: Set<String> = []
        let stored = (try? await store.feedStates()) ?? []
        for state in stored where state.consecutiveFailures > 0 { failing.insert(state.id) }
        let storedDue: [String: Date] = once ? [:] : Dictionary(
            stored.compactMap { s in s.nextFetchAt.map { (s.id, $0) } }, uniquingKeysWith: { a, _ in a })
        let startedAt = Date()
        schedule.sync(feeds: config.feeds, stored: storedDue) { _ in
            self.once ? startedAt : startedAt.addingTimeInterval(Double.random(in: 0...2))
        }

        let (events, emit) = AsyncStream<RunEvent>.makeStream()
        // Trap SIGHUP before READY=1, so a reload that comes at once is not fatal.
        let hangups = await UnixSignalsSequence(trapping: .sighup)

        var lastFetch: Date?
        var lastWatchdog = ContinuousClock.now
        var deliveryBlocked = startup.blocked
        var lastDeliveryRetry = ContinuousClock.now
        var lastPrune = ContinuousClock.now - Self.pruneInterval + .seconds(60)
        func pruneState() async {
            let now = Date()
            let cutoff = now.addingTimeInterval(-Self.entryRetention)
            do {
                let forgotten = try await store.forgetEntries(notSeenSince: cutoff, fetchedSince: now.addingTimeInterval(-2 * 86400))
                if forgotten > 0 {
                    logger.notice("forgot \(forgotten) entries that have not been in their feed for 90 days")
                }
            } catch {
                logger.error("\(error)")
            }
            do {
                let compacted = try await store.compactAlerts(raisedBefore: cutoff)
                if compacted > 0 {
                    logger.info("kept only the ids of \(compacted) delivered alerts older than 90 days")
                }
            } catch {
                logger.error("\(error)")
            }
        }
        var stopping = false
        var lastStatus = ""

        func statusText() -> String {
            var text = "\(Self.grouped(current.config.feeds.count)) feeds, \(Self.grouped(current.ruleSet.rules.count)) rules"
            text += ", \(Self.grouped(failing.count)) failing"
            if let lastFetch { text += ", last fetch \(Timestamp.iso8601(lastFetch))" }
            if deliveryBlocked { text += ", alert delivery failing" }
            if stopping { text += ", stopping" }
            return text
        }
        func updateStatus() {
            let text = statusText()
            if text != lastStatus {
                notifier.status(text)
                lastStatus = text
            }
        }

        logger.notice(
            "newswatch started: \(config.feeds.count) feeds, \(current.ruleSet.rules.count) rules",
            metadata: ["config": "\(configPath)", "state": "\(config.databasePath)"])
        lastStatus = statusText()
        notifier.ready(status: lastStatus)

        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(1))
                        emit.yield(.tick)
                    }
                }
                group.addTask {
                    for await _ in hangups { emit.yield(.reload) }
                }

                func startDue() {
                    guard !stopping else { return }
                    let now = Date()
                    let cfg = current.config
                    for feed in schedule.takeDue(now: now, maxConcurrent: cfg.fetch.maxConcurrent, maxPerHost: cfg.fetch.maxPerHost) {
                        let ruleSet = current.ruleSet
                        group.addTask {
                            let result = await refresher.refresh(feed, config: cfg, ruleSet: ruleSet)
                            emit.yield(.finished(feed, result))
                        }
                    }
                }

                startDue()
                if once && schedule.inFlightCount == 0 { emit.yield(.shutdown) }

                eventLoop: for await event in events {
                    switch event {
                    case .tick:
                        let now = ContinuousClock.now
                        if let interval = notifier.watchdogInterval, now - lastWatchdog >= interval / 2 {
                            notifier.watchdog()
                            lastWatchdog = now
                        }
                        if deliveryBlocked && now - lastDeliveryRetry >= .seconds(30) {
                            lastDeliveryRetry = now
                            deliveryBlocked = await delivery.deliverPending().blocked
                        }
                        if !once && now - lastPrune >= Self.pruneInterval {
                            lastPrune = now
                            await pruneState()
                        }
                        startDue()
                    case .finished(let feed, let result):
                        schedule.finished(feed, next: once ? nil : result.nextFetchAt)
                        lastFetch = Date()
                        if result.failed { failing.insert(feed.id) } else { failing.remove(feed.id) }
                        if case .updated(_, let alerts, _) = result.outcome, alerts > 0 {
                            deliveryBlocked = await delivery.deliverPending().blocked
                            lastDeliveryRetry = ContinuousClock.now
                        }
                        if stopping || once {
                            if schedule.inFlightCount == 0 && (stopping || schedule.due.isEmpty) { break eventLoop }
                        }
                        startDue()
                    case .reload:
                        notifier.reloading()
                        logger.notice("reloading configuration", metadata: ["config": "\(configPath)"])
                        if let loaded = await reloadedConfiguration(replacing: current, delivery: delivery) {
                            let (old, new) = (current.config.fetch, loaded.config.fetch)
                            if old.maxConcurrent != new.maxConcurrent || old.maxPerHost != new.maxPerHost {
                                client?.setConnectionLimits(
                                    maxTotalConnections: new.maxConcurrent, maxHostConnections: new.maxPerHost)
                                logger.notice("fetch limits are now \(new.maxConcurrent) transfers, \(new.maxPerHost) per host")
                            }
                            current = loaded
                            schedule.sync(feeds: loaded.config.feeds, stored: [:]) { _ in Date() }
                        }
                        await delivery.reopen()
                        deliveryBlocked = await delivery.deliverPending().blocked
                        notifier.ready(status: statusText())
                        lastStatus = statusText()
                        startDue()
                    case .shutdown:
                        if stopping { continue }
                        stopping = true
                        notifier.stopping()
                        if !once {
                            logger.notice("stopping: \(schedule.inFlightCount) transfers in flight")
                        }
                        if schedule.inFlightCount == 0 { break eventLoop }
                        group.addTask {
                            try? await Task.sleep(for: Self.stopGrace)
                            emit.yield(.shutdownDeadline)
                        }
                    case .shutdownDeadline:
                        logger.warning("cancelling \(schedule.inFlightCount) transfers that did not finish in time")
                        break eventLoop
                    }
                    updateStatus()
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            emit.yield(.shutdown)
        }
        emit.finish()

        let final = await delivery.deliverPending()
        if once { await pruneState() }
        if final.blocked {
            let pending = (try? await store.pendingAlertCount()) ?? 0
            logger.error("\(pending) alerts are still pending; they will be delivered on the next start")
        }
        if !once { logger.notice("newswatch stopped") }
    }

    /// Reads the config and rules again (SIGHUP). Invalid: every problem is logged and nil is returned, so
    /// the service keeps the configuration it has. Valid: the sinks follow a changed log or spool path.
    func reloadedConfiguration(replacing current: LoadedConfiguration, delivery: AlertDelivery) async -> LoadedConfiguration? {
        switch ConfigLoader.load(configPath: configPath) {
        case .failure(let error):
            for diagnostic in error.diagnostics { logger.error("\(diagnostic)") }
            logger.error(
                "reload failed: \(error.diagnostics.count) problems; still running with the previous configuration (fix them and reload again)")
            return nil
        case .success(let loaded):
            let before = current.config
            if loaded.config.stateDirectory != before.stateDirectory {
                logger.warning("state_dir changed; it takes effect after a restart")
            }
            if loaded.config.logLevel != before.logLevel {
                JournalLogHandler.processLevel = Logger.Level(loaded.config.logLevel)
                logger.notice("log_level is now \(loaded.config.logLevel.rawValue)")
            }
            if loaded.config.alertLog != before.alertLog || loaded.config.spool != before.spool
                || loaded.config.alertLogFormat != before.alertLogFormat
            {
                do {
                    try ServiceDirectories.prepare(stateDirectory: loaded.config.stateDirectory, sinks: Self.sinks(for: loaded.config))
                } catch {
                    logger.error("\(error)")
                }
                await delivery.replaceSinks(Self.sinks(for: loaded.config))
            }
            for warning in loaded.warnings { logger.warning("\(warning)") }
            logger.notice("reloaded: \(loaded.config.feeds.count) feeds, \(loaded.ruleSet.rules.count) rules")
            return loaded
        }
    }

    /// `1204` → `1,204`, for the STATUS= line.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    static func sinks(for config: ServiceConfig) -> [any AlertSink] {
        [
            AlertLogSink(path: config.alertLog, format: config.alertLogFormat),
            MaildirSpool(directory: config.spool, ledger: config.stateDirectory + "/spool-delivered"),
        ]
    }
}
