import Foundation
import GRDB

/// The outputs' side of the outbox (README "Outputs"): acknowledgements that count, failures that last,
/// and the figures `status` shows.
extension StateStore {
    /// Acknowledges `alertIDs` for `sink` in one transaction; `sent` of them count as delivered (the
    /// others were not for this output: its filter left them out). A success ends a failing episode.
    public func acknowledge(alertIDs: [String], sink: String, sent: Int, at now: Date) async throws(StoreError) {
        try await write("acknowledge \(alertIDs.count) alerts for \(sink)") { db in
            let delete = try db.cachedStatement(sql: "DELETE FROM outbox WHERE alert_id = ? AND sink = ?")
            for id in alertIDs { try delete.execute(arguments: [id, sink]) }
            guard sent > 0 else { return }
            try db.execute(
                sql: """
                    INSERT INTO output_state (sink, delivered, last_delivered_at) VALUES (?, ?, ?)
                    ON CONFLICT (sink) DO UPDATE SET delivered = delivered + excluded.delivered,
                        last_delivered_at = excluded.last_delivered_at, failing_since = NULL
                    """, arguments: [sink, sent, now])
        }
    }

    /// Notes that `sink` failed (`error`), and since when; with `dropping`, those alerts failed for good
    /// and leave the outbox.
    public func recordOutputFailure(
        sink: String, error: String, at now: Date, dropping alertIDs: [String] = []
    ) async throws(StoreError) {
        try await write("record a failure of \(sink)") { db in
            let delete = try db.cachedStatement(sql: "DELETE FROM outbox WHERE alert_id = ? AND sink = ?")
            for id in alertIDs { try delete.execute(arguments: [id, sink]) }
            try db.execute(
                sql: """
                    INSERT INTO output_state (sink, failed, failing_since, last_error, last_error_at)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (sink) DO UPDATE SET failed = failed + excluded.failed,
                        failing_since = COALESCE(failing_since, excluded.failing_since),
                        last_error = excluded.last_error, last_error_at = excluded.last_error_at
                    """, arguments: [sink, alertIDs.count, now, error, now])
        }
    }

    /// Every output that has delivered, failed or has alerts pending, by name.
    public func outputStates() async throws(StoreError) -> [String: OutputState] {
        try await read("read the outputs' state") { db in
            var states: [String: OutputState] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM output_state") {
                var state = OutputState(sink: row["sink"])
                state.delivered = row["delivered"]
                state.failed = row["failed"]
                state.lastDeliveredAt = row["last_delivered_at"]
                state.failingSince = row["failing_since"]
                state.lastError = row["last_error"]
                state.lastErrorAt = row["last_error_at"]
                states[state.sink] = state
            }
            for row in try Row.fetchAll(db, sql: "SELECT sink, COUNT(*) AS n FROM outbox GROUP BY sink") {
                let sink: String = row["sink"]
                states[sink, default: OutputState(sink: sink)].pending = row["n"]
            }
            return states
        }
    }
}
