import Alerts
import Basics
import Configuration
import Foundation
import Logging
import Store

/// One output's queue (README "Outputs"): takes the alerts the outbox holds for the output, sends those
/// its filter takes (each alone, or a digest per period) and acknowledges them in the state database.
/// It runs on its own, so a slow or failing destination never holds the log, the spool or another
/// output: a failure keeps the alert pending and waits — `Retry-After` when the destination gave one,
/// else 30 s, doubling to at most 15 minutes — and a permanent failure is logged and counted, and the
/// next alerts go on. An alert sent but not yet acknowledged when the service dies is sent once more,
/// with the same `Message-ID` or `Idempotency-Key`.
actor OutputLane {
    nonisolated let config: OutputConfig
    private let sender: any OutputSender
    private let store: StateStore
    private let logger: Logger
    private let doorbell = Doorbell()
    /// Failures in a row, and when the next attempt may be.
    private var failures = 0
    private var notBefore: ContinuousClock.Instant?
    private var lastLogged: String?
    /// A digest period is sent this long after it ends, so that an alert committed at its end is in it.
    static let digestSettle: Duration = .seconds(2)
    /// The most alerts in one digest message; a busier period is sent in several.
    static let digestLimit = 500

    init(config: OutputConfig, sender: any OutputSender, store: StateStore, logger: Logger) {
        self.config = config
        self.sender = sender
        self.store = store
        self.logger = logger
    }

    nonisolated func kick() { doorbell.ring() }

    /// Sends until cancelled, waking on `kick`, at a backoff's end and at a digest period's end. The only
    /// caller of `drain` while it runs (two drains at once could send an alert twice).
    func run() async {
        while !Task.isCancelled {
            let next = await drain()
            if Task.isCancelled { return }
            await doorbell.wait(until: next)
        }
    }

    /// The delay before the next attempt after `failures` failures in a row.
    static func backoff(failures: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return min(max(retryAfter, .seconds(1)), .seconds(3600)) }
        let doublings = min(max(failures - 1, 0), 5)
        return min(.seconds(30 * (1 << doublings)), .seconds(900))
    }

    /// One pass over what is pending: returns when it should run again by itself (a backoff's end or
    /// a digest period's end), or nil when only new alerts can give it work.
    func drain() async -> ContinuousClock.Instant? {
        if let notBefore, ContinuousClock.now < notBefore { return notBefore }
        notBefore = nil
        while !Task.isCancelled {
            let batch: [PendingDelivery]
            do {
                batch = try await store.pending(sink: config.name, limit: config.digest == nil ? 200 : 20_000)
            } catch {
                return await fail("\(error)", retryAfter: nil)
            }
            if batch.isEmpty { return nil }
            var skipped: [String] = []
            var taken: [(PendingDelivery, AlertRecord)] = []
            for item in batch {
                guard let record = AlertFormatter.decode(jsonLine: item.record) else {
                    logger.error("alert \(item.alertID) in the state database cannot be decoded; skipping it")
                    skipped.append(item.alertID)
                    continue
                }
                if config.accepts(rule: record.rule.id, severity: record.rule.severity, tags: record.rule.tags) {
                    taken.append((item, record))
                } else {
                    skipped.append(item.alertID)
                }
            }
            if !skipped.isEmpty {
                do {
                    try await store.acknowledge(alertIDs: skipped, sink: config.name, sent: 0, at: Date())
                } catch {
                    return await fail("\(error)", retryAfter: nil)
                }
            }
            if let schedule = config.digest {
                return await sendDigests(taken, schedule: schedule)
            }
            for (item, record) in taken {
                if Task.isCancelled { return nil }
                if let wait = await send([item.alertID], { await self.sender.send(record) }) { return wait }
            }
            if batch.count < 200 { return nil }
        }
        return nil
    }

    /// Sends each ended period's alerts as one message (or several of `digestLimit`); returns when the
    /// next period ends, or the backoff's end after a failure.
    private func sendDigests(_ taken: [(PendingDelivery, AlertRecord)], schedule: DigestSchedule) async
        -> ContinuousClock.Instant?
    {
        let periods = Dictionary(grouping: taken) { schedule.periodEnd(containing: $0.0.createdAt) }
        let now = Date()
        var next: Date?
        for end in periods.keys.sorted() {
            let due = end.addingTimeInterval(Double(Self.digestSettle.components.seconds))
            guard due <= now else {
                next = min(next ?? due, due)
                continue
            }
            let items = periods[end] ?? []
            var start = 0
            while start < items.count {
                let part = items[start..<min(start + Self.digestLimit, items.count)]
                start += Self.digestLimit
                let records = part.map(\.1)
                if let wait = await send(
                    part.map(\.0.alertID), { await self.sender.send(digest: records, periodEnd: end) })
                {
                    return wait
                }
            }
        }
        return next.map { ContinuousClock.now + .seconds(max(0, $0.timeIntervalSince(Date()))) }
    }

    /// Sends one message for `alertIDs` and records the outcome; returns when to try again after a
    /// failure that may pass, or nil to go on.
    private func send(_ alertIDs: [String], _ attempt: () async -> OutputOutcome) async -> ContinuousClock.Instant? {
        let outcome = await attempt()
        switch outcome {
        case .delivered:
            Failpoint.hit(.afterOutputDelivery)
            do {
                try await store.acknowledge(alertIDs: alertIDs, sink: config.name, sent: alertIDs.count, at: Date())
            } catch {
                return await fail("\(error)", retryAfter: nil)
            }
            if failures > 0 {
                logger.notice(
                    "\(config.name): delivering again after \(Plural.count(failures, "failed attempt"))",
                    metadata: ["sink": "\(config.name)"])
            }
            failures = 0
            lastLogged = nil
            return nil
        case .retry(let message, let after):
            return await fail(message, retryAfter: after)
        case .permanent(let message):
            logger.error(
                "\(config.name): alert \(alertIDs.joined(separator: ", ")) not delivered: \(message)",
                metadata: ["sink": "\(config.name)"])
            try? await store.recordOutputFailure(sink: config.name, error: message, at: Date(), dropping: alertIDs)
            return nil
        }
    }

    /// Keeps what is pending, logs the failure (once per distinct message) and sets the next attempt.
    private func fail(_ message: String, retryAfter: Duration?) async -> ContinuousClock.Instant {
        failures += 1
        let delay = Self.backoff(failures: failures, retryAfter: retryAfter)
        if message != lastLogged {
            logger.error(
                "\(config.name): \(message); the alerts stay pending, next attempt in \(Quantity.format(delay))",
                metadata: ["sink": "\(config.name)"])
            lastLogged = message
        }
        try? await store.recordOutputFailure(sink: config.name, error: message, at: Date())
        let wake = ContinuousClock.now + delay
        notBefore = wake
        return wake
    }
}
