import Alerts
import Configuration
import Foundation
import Logging
import Store

/// The outbox's consumer: takes the alerts each sink has not acknowledged, delivers them in order, and
/// acknowledges each one in the database. A failing sink keeps its alerts pending (logged once per
/// distinct problem) and is retried on the next round; the other sinks go on.
///
/// The log and the spool are delivered in the round; each output (README "Outputs") has a lane of its
/// own that the round only wakes, so that a slow or failing destination never holds them. With
/// `lanesRun` false (`run --once`) the lanes do not run by themselves: `finish` drains each once.
public actor AlertDelivery {
    private let store: StateStore
    private var sinks: [any AlertSink]
    private let logger: Logger
    private let lanesRun: Bool
    private var lanes: [(lane: OutputLane, task: Task<Void, Never>?)] = []
    private var lastError: [String: String] = [:]
    /// Later sources of alerts' stories, noted after the next round's alerts (README "One alert per
    /// story"). Kept in memory only: a crash may lose a note, never the source, which is in the database.
    private var notes: [SourceNote] = []

    public init(store: StateStore, sinks: [any AlertSink], logger: Logger, lanesRun: Bool = true) {
        self.store = store
        self.sinks = sinks
        self.logger = logger
        self.lanesRun = lanesRun
    }

    /// The names alerts are queued for: the log, the spool and the outputs.
    public var sinkNames: [String] { sinks.map(\.name) + lanes.map(\.lane.config.name) }

    /// Replaces the outputs (start, reload): an output whose config did not change keeps its lane (and
    /// its backoff); the others are stopped (a send in flight ends first) and started afresh.
    public func replaceOutputs(_ outputs: [(config: OutputConfig, sender: any OutputSender)]) async {
        var kept: [(lane: OutputLane, task: Task<Void, Never>?)] = []
        var stopped: [Task<Void, Never>] = []
        for old in lanes {
            if outputs.contains(where: { $0.config == old.lane.config }) {
                kept.append(old)
            } else if let task = old.task {
                task.cancel()
                stopped.append(task)
            }
        }
        for task in stopped { await task.value }
        lanes = outputs.map { output in
            if let old = kept.first(where: { $0.lane.config == output.config }) { return old }
            let lane = OutputLane(config: output.config, sender: output.sender, store: store, logger: logger)
            return (lane, lanesRun ? Task { await lane.run() } : nil)
        }
    }

    /// Ends the outputs' lanes. `run --once` drains each lane once (concurrently) first; a stopping
    /// service waits for sends in flight at most `grace`: what is left is sent at the next start.
    public func finish(grace: Duration) async {
        if !lanesRun {
            await withTaskGroup(of: Void.self) { group in
                for (lane, _) in lanes { group.addTask { _ = await lane.drain() } }
            }
            return
        }
        let tasks = lanes.compactMap(\.task)
        for task in tasks { task.cancel() }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for task in tasks { await task.value } }
            group.addTask { try? await Task.sleep(for: grace) }
            await group.next()
            group.cancelAll()
        }
        lanes = []
    }

    /// Replaces the sinks (after a reload that changed the alert log or spool).
    public func replaceSinks(_ newSinks: [any AlertSink]) {
        sinks = newSinks
    }

    /// Asks every sink to reopen its files (SIGHUP, log rotation).
    public func reopen() {
        for sink in sinks { sink.reopen() }
    }

    /// Delivers everything pending. Returns how many deliveries succeeded and whether any sink still has
    /// alerts pending because it failed.
    @discardableResult
    public func deliverPending() async -> (delivered: Int, blocked: Bool) {
        var delivered = 0
        var blocked = false
        for sink in sinks {
            sinkLoop: while true {
                let batch: [PendingDelivery]
                do {
                    batch = try await store.pending(sink: sink.name, limit: 500)
                } catch {
                    report(sink.name, "\(error)")
                    blocked = true
                    break
                }
                if batch.isEmpty { break }
                for item in batch {
                    guard let record = AlertFormatter.decode(jsonLine: item.record) else {
                        logger.error("alert \(item.alertID) in the state database cannot be decoded; skipping it")
                        try? await store.markDelivered(alertID: item.alertID, sink: sink.name)
                        continue
                    }
                    do {
                        try sink.deliver(record)
                        if sink.name == "spool" { Failpoint.hit(.afterSpoolDelivery) }
                    } catch {
                        report(sink.name, error.description)
                        try? await store.markFailed(alertID: item.alertID, sink: sink.name, error: error.description)
                        blocked = true
                        break sinkLoop
                    }
                    do {
                        try await store.markDelivered(alertID: item.alertID, sink: sink.name)
                    } catch {
                        report(sink.name, "\(error)")
                        blocked = true
                        break sinkLoop
                    }
                    sink.acknowledged(record)
                    delivered += 1
                }
                if lastError[sink.name] != nil {
                    logger.notice("\(sink.name): delivering again")
                    lastError[sink.name] = nil
                }
                if batch.count < 500 { break }
            }
        }
        for (lane, _) in lanes { lane.kick() }
        writeNotes()
        return (delivered, blocked)
    }

    /// Queues notes of later sources for the end of the next delivery round.
    public func queue(_ sources: [SourceNote]) {
        notes += sources
    }

    /// Writes the queued notes; a sink that fails keeps them for the next round.
    private func writeNotes() {
        guard !notes.isEmpty else { return }
        for sink in sinks {
            do {
                for note in notes { try sink.note(note) }
            } catch {
                report(sink.name, error.description)
                return
            }
        }
        notes = []
    }

    private func report(_ sink: String, _ message: String) {
        if lastError[sink] != message {
            logger.error("\(message)", metadata: ["sink": "\(sink)"])
            lastError[sink] = message
        }
    }
}
