import Foundation
import GRDB
import Testing

@testable import Store

@Suite struct StateStoreTests {
    let directory: String
    init() throws {
        directory = NSTemporaryDirectory() + "newswatch-store-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func open() throws -> StateStore { try StateStore(path: directory + "/state.sqlite") }

    func fetch(_ outcome: FetchRecord.Outcome, status: Int? = 200, at: Date = Date()) -> FetchRecord {
        FetchRecord(
            feedID: "f1", url: "https://example.org/feed", status: status, fetchedAt: at, duration: 0.1,
            nextFetchAt: at.addingTimeInterval(900), outcome: outcome)
    }

    func alert(_ id: String) -> NewAlert {
        NewAlert(id: id, createdAt: Date(), ruleID: "r1", feedID: "f1", record: "{\"id\":\"\(id)\"}")
    }

    /// Entries gone from their feed for the retention period are forgotten; entries still in the feed,
    /// and entries of a feed that is down, are kept.
    @Test func entriesGoneFromTheirFeedAreForgotten() async throws {
        let store = try open()
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let day: TimeInterval = 86400
        let parsed = FetchRecord.Outcome.parsed(title: nil, etag: nil, lastModified: nil, malformed: false)
        try await store.commit(fetch(parsed, at: t0), seenKeys: ["stays", "goes"])
        // Two days later only "stays" is still in the feed; an hour after that again (no second write).
        try await store.commit(fetch(parsed, at: t0.addingTimeInterval(2 * day)), presentKeys: ["stays"])
        try await store.commit(fetch(parsed, at: t0.addingTimeInterval(2 * day + 3600)), presentKeys: ["stays"])
        store.close()
        let raw = try DatabaseQueue(path: directory + "/state.sqlite")
        let lastSeen = try await raw.read { db in
            try Date.fetchOne(db, sql: "SELECT last_seen_at FROM seen_entry WHERE key = 'stays'")
        }
        #expect(lastSeen == t0.addingTimeInterval(2 * day))
        try raw.close()

        let reopened = try open()
        // A feed whose last success is older than `fetchedSince` keeps everything.
        let none = try await reopened.forgetEntries(
            notSeenSince: t0.addingTimeInterval(day), fetchedSince: t0.addingTimeInterval(3 * day))
        #expect(none == 0)
        let forgotten = try await reopened.forgetEntries(
            notSeenSince: t0.addingTimeInterval(day), fetchedSince: t0.addingTimeInterval(day))
        #expect(forgotten == 1)
        #expect(try await reopened.unseenKeys(feedID: "f1", keys: ["stays", "goes"]) == ["goes"])
    }

    /// A database from before last_seen_at: its entries count as seen at the upgrade, so none is
    /// forgotten before it has had 90 days to show up in its feed again.
    @Test func entriesKnownAtTheUpgradeGetTheFullRetention() async throws {
        let old = try DatabaseQueue(path: directory + "/state.sqlite")
        try StateStore.migrator.migrate(old, upTo: "v1")
        let now = Date()
        try await old.write { db in
            try db.execute(
                sql: "INSERT INTO feed (id, url, last_success_at) VALUES ('f1', 'https://example.org/feed', ?)",
                arguments: [now])
            try db.execute(
                sql: "INSERT INTO seen_entry (feed_id, key, first_seen_at) VALUES ('f1', 'ancient', ?)",
                arguments: [now.addingTimeInterval(-200 * 86400)])
        }
        try old.close()
        let store = try open()
        let forgotten = try await store.forgetEntries(
            notSeenSince: now.addingTimeInterval(-90 * 86400), fetchedSince: now.addingTimeInterval(-2 * 86400))
        #expect(forgotten == 0)
        #expect(try await store.unseenKeys(feedID: "f1", keys: ["ancient"]).isEmpty)
    }

    /// Old alerts delivered to every sink keep their id (no second alert) but not their record; an old
    /// alert still pending somewhere, and a recent one, keep everything.
    @Test func oldDeliveredAlertsKeepOnlyTheirID() async throws {
        let store = try open()
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        func at(_ id: String, _ date: Date) -> NewAlert {
            NewAlert(id: id, createdAt: date, ruleID: "r1", feedID: "f1", record: "{\"id\":\"\(id)\"}")
        }
        let parsed = FetchRecord.Outcome.parsed(title: nil, etag: nil, lastModified: nil, malformed: false)
        try await store.commit(
            fetch(parsed, at: t0), seenKeys: ["k1"],
            alerts: [at("old", t0), at("stuck", t0), at("new", t0.addingTimeInterval(100 * 86400))],
            sinks: ["log", "spool"])
        for id in ["old", "stuck", "new"] { try await store.markDelivered(alertID: id, sink: "log") }
        for id in ["old", "new"] { try await store.markDelivered(alertID: id, sink: "spool") }

        #expect(try await store.compactAlerts(raisedBefore: t0.addingTimeInterval(90 * 86400)) == 1)
        #expect(try await store.compactAlerts(raisedBefore: t0.addingTimeInterval(90 * 86400)) == 0)
        #expect(
            try await store.alertRecords(ids: ["old", "stuck", "new"]) == [
                "stuck": "{\"id\":\"stuck\"}", "new": "{\"id\":\"new\"}",
            ])
        #expect(try await store.pending(sink: "spool").map(\.record) == ["{\"id\":\"stuck\"}"])
        // The compacted alert still counts as raised: the same story gives nothing new.
        let again = try await store.commit(
            fetch(parsed, at: t0.addingTimeInterval(200 * 86400)), alerts: [at("old", t0)], sinks: ["log"])
        #expect(again.isEmpty)
        #expect(try await store.pendingCount() == 1)
    }

    /// A database edited by hand (a date that is no date) is reported, not a crash.
    @Test func aValueOfTheWrongTypeIsAnError() async throws {
        let store = try open()
        try await store.commit(fetch(.notModified))
        store.close()
        let raw = try DatabaseQueue(path: directory + "/state.sqlite")
        try await raw.write { db in try db.execute(sql: "UPDATE feed SET last_fetch_at = 'yesterday, roughly'") }
        try raw.close()
        let reopened = try open()
        await #expect(throws: StoreError.self) { _ = try await reopened.feedStates() }
        await #expect(throws: StoreError.self) { _ = try await reopened.feedState(id: "f1") }
    }

    @Test func commitMarksSeenAndQueuesEachAlertOncePerSink() async throws {
        let store = try open()
        let parsed = FetchRecord.Outcome.parsed(
            title: "Feed", etag: "\"v1\"", lastModified: "Wed, 21 Oct 2026 07:28:00 GMT", malformed: false)
        let first = try await store.commit(
            fetch(parsed), seenKeys: ["k1", "k2"], alerts: [alert("a1")], sinks: ["log", "spool"])
        #expect(first == ["a1"])
        #expect(try await store.unseenKeys(feedID: "f1", keys: ["k1", "k3", "k2"]) == ["k3"])
        #expect(try await store.unseenKeys(feedID: "other", keys: ["k1"]) == ["k1"])
        // The same alert again (the story in another feed) is not queued twice.
        let second = try await store.commit(
            fetch(parsed), seenKeys: ["k3"], alerts: [alert("a1"), alert("a2")], sinks: ["log", "spool"])
        #expect(second == ["a2"])
        #expect(try await store.pending(sink: "log").map(\.alertID) == ["a1", "a2"])
        #expect(try await store.pendingCount() == 4)
        #expect(try await store.pendingAlertCount() == 2)
        try await store.markDelivered(alertID: "a1", sink: "log")
        #expect(try await store.pending(sink: "log").map(\.alertID) == ["a2"])
        #expect(try await store.pending(sink: "spool").map(\.alertID) == ["a1", "a2"])
        #expect(try await store.pendingCount() == 3)
        #expect(try await store.pendingAlertCount() == 2)
        try await store.markDelivered(alertID: "a1", sink: "spool")
        #expect(try await store.pendingAlertCount() == 1)
        let state = try #require(try await store.feedState(id: "f1"))
        #expect(state.etag == "\"v1\"")
        #expect(state.entriesSeen == 3)
        #expect(state.alertsRaised == 2)
        #expect(state.title == "Feed")
    }

    @Test func failuresCountUpAndSuccessResets() async throws {
        let store = try open()
        try await store.commit(fetch(.failed(error: "HTTP 503", kind: "http-503"), status: 503))
        try await store.commit(fetch(.failed(error: "HTTP 503", kind: "http-503"), status: 503))
        var state = try #require(try await store.feedState(id: "f1"))
        #expect(state.consecutiveFailures == 2)
        #expect(state.lastError == "HTTP 503")
        #expect(state.lastErrorKind == "http-503")
        #expect(state.lastSuccessAt == nil)
        try await store.commit(fetch(.notModified, status: 304))
        state = try #require(try await store.feedState(id: "f1"))
        #expect(state.consecutiveFailures == 0)
        #expect(state.lastErrorKind == nil)
        #expect(state.lastError == nil)
        #expect(state.lastStatus == 304)
        #expect(state.lastSuccessAt != nil)
    }

    @Test func stateSurvivesReopenAndReadOnlyReaderSeesIt() async throws {
        do {
            let store = try open()
            try await store.commit(
                fetch(.parsed(title: nil, etag: nil, lastModified: nil, malformed: true)), seenKeys: ["k"],
                alerts: [alert("a9")], sinks: ["spool"])
            store.close()
        }
        let reader = try StateStore(path: directory + "/state.sqlite", readOnly: true)
        #expect(try await reader.feedState(id: "f1")?.malformed == true)
        #expect(try await reader.pending(sink: "spool").map(\.alertID) == ["a9"])
        #expect(try await reader.alertRecords(ids: ["a9", "zz"]) == ["a9": "{\"id\":\"a9\"}"])
    }

    @Test func manyKeysAreCheckedInChunks() async throws {
        let store = try open()
        let keys = (0..<1300).map { "key-\($0)" }
        try await store.commit(
            fetch(.parsed(title: nil, etag: nil, lastModified: nil, malformed: false)),
            seenKeys: Array(keys.prefix(1200)))
        #expect(try await store.unseenKeys(feedID: "f1", keys: keys) == Array(keys.suffix(100)))
    }

    @Test func unopenableDatabaseNamesThePath() {
        #expect {
            _ = try StateStore(path: "/nonexistent-dir/x/state.sqlite")
        } throws: { error in
            (error as? StoreError)?.description.contains("/nonexistent-dir/x/state.sqlite") == true
        }
    }
}
