import Alerts
import Configuration
import Curl
import Daemon
import Foundation
import Logging
import Store
import Synchronization
import Testing

/// A fetcher that answers from a table, in process: no server, no sockets. Records what was asked.
final class TableFetcher: HTTPFetching {
    let pages: Mutex<[String: (status: Int, body: String)]>
    let requested = Mutex<[String]>([])

    init(_ pages: [String: (status: Int, body: String)]) {
        self.pages = Mutex(pages)
    }

    func fetch(_ request: HTTPRequest) async throws(FetchError) -> HTTPResponse {
        requested.withLock { $0.append(request.url) }
        guard let page = pages.withLock({ $0[request.url] }) else {
            throw FetchError.connectFailed("Failed to connect to \(request.url)")
        }
        return HTTPResponse(
            status: page.status, url: request.url, headers: ["content-type": "application/rss+xml"],
            body: Data(page.body.utf8))
    }
}

/// A sink that keeps what it is given, in memory.
final class MemorySink: AlertSink {
    let name: String
    let records = Mutex<[AlertRecord]>([])

    init(name: String = "memory") { self.name = name }

    func deliver(_ alert: AlertRecord) throws(SinkError) {
        records.withLock { $0.append(alert) }
    }
}

/// Keeps every log line, for assertions.
struct CapturingLogHandler: LogHandler {
    let lines: Lines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    final class Lines: Sendable {
        let all = Mutex<[(Logger.Level, String)]>([])
        func contains(_ level: Logger.Level, _ text: String) -> Bool {
            all.withLock { $0.contains { $0.0 == level && $0.1.contains(text) } }
        }
        func count(_ text: String) -> Int { all.withLock { $0.filter { $0.1.contains(text) }.count } }
        var text: String { all.withLock { $0.map { "\($0.0) \($0.1)" }.joined(separator: "\n") } }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lines.all.withLock { $0.append((event.level, event.message.description)) }
    }
}

@Suite(.serialized) struct InProcessServiceTests {
    static func rss(_ items: [(guid: String, title: String, text: String)]) -> String {
        var xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title>"
        for item in items {
            xml +=
                "<item><guid>\(item.guid)</guid><title>\(item.title)</title><link>https://wire.example/\(item.guid)</link>"
            xml += "<description>\(item.text)</description></item>"
        }
        return xml + "</channel></rss>"
    }

    func run(_ config: TestConfiguration, fetcher: TableFetcher, sink: MemorySink) async throws
        -> CapturingLogHandler.Lines
    {
        let lines = CapturingLogHandler.Lines()
        let logger = Logger(label: "test") { _ in CapturingLogHandler(lines: lines) }
        let service = NewswatchService(
            configPath: config.configPath, configuration: config.loaded, once: true, logger: logger,
            notifier: SystemdNotifier(environment: [:]), fetcher: fetcher, sinks: { _ in [sink] })
        try await service.run()
        return lines
    }

    @Test func onceDeliversEachAlertOnceAndSaysWhatItDid() async throws {
        let wire = "https://wire.example/feed.xml"
        let gone = "https://gone.example/feed.xml"
        let config = try TestConfiguration(feeds: [("wire", wire), ("gone", gone)])
        defer { config.remove() }
        let fetcher = TableFetcher([
            wire: (
                200,
                Self.rss([
                    ("1", "Seoul weighs lethal aid", "Officials discussed lethal aid to Ukraine."),
                    ("2", "Snow", "Heavy snow."),
                ])
            ),
            gone: (404, "not here"),
        ])
        let sink = MemorySink()

        let first = try await run(config, fetcher: fetcher, sink: sink)
        #expect(sink.records.withLock { $0.map(\.rule.id) } == ["lethal-aid"])
        #expect(first.contains(.warning, "feed gone failed: HTTP 404"), "\(first.text)")
        #expect(
            first.contains(
                .notice, "run --once: 2 feeds fetched (1 updated, 0 not modified, 1 failed), 2 new entries, 1 alert"),
            "\(first.text)")

        // Again, as after a restart: nothing is delivered twice, and the feed that still fails is said again.
        let second = try await run(config, fetcher: fetcher, sink: sink)
        #expect(sink.records.withLock { $0.count } == 1)
        #expect(second.contains(.warning, "feed gone failed: HTTP 404"), "\(second.text)")
        #expect(second.contains(.notice, "0 new entries, 0 alerts"), "\(second.text)")
    }

    @Test func anEntryUpdatedInPlaceIsMatchedAgainAndOnlyNewAlertsAreRaised() async throws {
        let wire = "https://wire.example/feed.xml"
        let config = try TestConfiguration(feeds: [("wire", wire)])
        defer { config.remove() }
        let fetcher = TableFetcher([wire: (200, Self.rss([("1", "Seoul talks", "Officials discussed lethal aid.")]))])
        let sink = MemorySink()
        _ = try await run(config, fetcher: fetcher, sink: sink)
        #expect(sink.records.withLock { $0.map(\.rule.id) } == ["lethal-aid"])
        #expect(sink.records.withLock { $0.first?.updated } == nil)

        // The same link, developed in place: the rule that alerted raises nothing again; the one that
        // fires only now raises its alert, marked updated.
        fetcher.pages.withLock {
            $0[wire] = (
                200, Self.rss([("1", "Seoul talks", "Officials discussed lethal aid. Special forces were seen too.")])
            )
        }
        let lines = try await run(config, fetcher: fetcher, sink: sink)
        let records = sink.records.withLock { $0 }
        #expect(records.map(\.rule.id) == ["lethal-aid", "special-forces"])
        #expect(records.last?.updated == true)
        #expect(lines.contains(.info, "0 new, 1 updated, 1 alert"), "\(lines.text)")

        // Fetched again unchanged: nothing.
        _ = try await run(config, fetcher: fetcher, sink: sink)
        #expect(sink.records.withLock { $0.count } == 2)

        // The kept article holds the latest text the rules saw.
        let store = try StateStore(path: config.loaded.config.databasePath, readOnly: true)
        defer { store.close() }
        let kept = try await store.keptArticles(since: .distantPast)
        #expect(kept.count == 1)
        #expect(kept.first?.text.contains("Special forces") == true)
    }

    @Test(arguments: [("", ["fresh", "new"]), ("retain: 0", [])])
    func keptArticlesOlderThanRetainArePruned(setting: String, kept: [String]) async throws {
        let wire = "https://wire.example/feed.xml"
        let config = try TestConfiguration(feeds: [("wire", wire)], extra: setting)
        defer { config.remove() }
        try FileManager.default.createDirectory(
            atPath: config.loaded.config.stateDirectory, withIntermediateDirectories: true)
        let store = try StateStore(path: config.loaded.config.databasePath)
        let now = Date()
        for (key, age) in [("stale", 8.0 * 86400), ("fresh", 6.0 * 86400)] {
            let at = now.addingTimeInterval(-age)
            let fetch = FetchRecord(
                feedID: "wire", url: wire, status: 200, fetchedAt: at, duration: 0, nextFetchAt: at,
                outcome: .parsed(title: nil, etag: nil, lastModified: nil, malformed: false))
            let article = KeptArticle(
                key: key, feedID: "wire", entryID: key, title: key, url: nil, author: nil, categories: [],
                published: nil,
                fetchedAt: at, text: "text")
            try await store.commit(fetch, seenKeys: [key], articles: [article])
        }
        store.close()
        let fetcher = TableFetcher([wire: (200, Self.rss([("new", "Snow", "Heavy snow in Seoul.")]))])
        _ = try await run(config, fetcher: fetcher, sink: MemorySink())
        let reopened = try StateStore(path: config.loaded.config.databasePath, readOnly: true)
        defer { reopened.close() }
        #expect(
            try await reopened.keptArticles(since: .distantPast).map(\.title).sorted()
                == kept.map { $0 == "new" ? "Snow" : $0 }.sorted())
    }

    @Test func entriesThatBackfillPassesOverAreNotKept() async throws {
        let wire = "https://wire.example/feed.xml"
        let config = try TestConfiguration(feeds: [("wire", wire)], backfill: "1d")
        defer { config.remove() }
        let old = "Mon, 02 Jan 2006 15:04:05 GMT"
        let xml =
            "<rss version=\"2.0\"><channel><title>W</title>"
            + "<item><guid>old</guid><title>Old lethal aid story</title><pubDate>\(old)</pubDate><description>lethal aid</description></item>"
            + "<item><guid>new</guid><title>New lethal aid story</title><description>lethal aid</description></item>"
            + "</channel></rss>"
        let sink = MemorySink()
        _ = try await run(config, fetcher: TableFetcher([wire: (200, xml)]), sink: sink)
        #expect(sink.records.withLock { $0.map(\.article.title) } == ["New lethal aid story"])
        let store = try StateStore(path: config.loaded.config.databasePath, readOnly: true)
        defer { store.close() }
        #expect(try await store.keptArticles(since: .distantPast).map(\.title) == ["New lethal aid story"])
    }

    @Test func everyFeedFailingSaysTheMachineMayBeOffline() async throws {
        let config = try TestConfiguration(feeds: [("a", "https://a.example/x"), ("b", "https://b.example/y")])
        defer { config.remove() }
        let lines = try await run(config, fetcher: TableFetcher([:]), sink: MemorySink())
        #expect(lines.contains(.error, "every feed is failing (2 feeds: 2 connect)"), "\(lines.text)")
        #expect(lines.count("every feed is failing") == 1)
    }

    @Test func passwordsInFeedURLsStayOutOfTheLog() async throws {
        let url = "https://reader:hunter2@private.example/feed.xml"
        let config = try TestConfiguration(feeds: [("private", url)])
        defer { config.remove() }
        let lines = try await run(config, fetcher: TableFetcher([:]), sink: MemorySink())
        #expect(lines.contains(.warning, "feed private failed"), "\(lines.text)")
        #expect(!lines.text.contains("hunter2"), "\(lines.text)")
    }

    @Test func aSecondServiceOnTheSameStateDirectoryIsRefusedWithStatus75() async throws {
        let config = try TestConfiguration(feeds: [])
        defer { config.remove() }
        try FileManager.default.createDirectory(
            atPath: config.loaded.config.stateDirectory, withIntermediateDirectories: true)
        var held: StateLock? = try StateLock(stateDirectory: config.loaded.config.stateDirectory)
        #expect(held != nil)
        let service = NewswatchService(
            configPath: config.configPath, configuration: config.loaded, once: true, logger: Logger(label: "test"),
            notifier: SystemdNotifier(environment: [:]), fetcher: TableFetcher([:]), sinks: { _ in [MemorySink()] })
        do {
            try await service.run()
            Issue.record("the second service started")
        } catch let error as ServiceStartError {
            #expect(error.exitStatus == 75)
            #expect(error.description.contains("process \(getpid())"), "\(error)")
        }
        held = nil
        // Once the first one is gone, the lock is free (the kernel drops it with the descriptor).
        let lines = CapturingLogHandler.Lines()
        let again = NewswatchService(
            configPath: config.configPath, configuration: config.loaded, once: true,
            logger: Logger(label: "test") { _ in CapturingLogHandler(lines: lines) },
            notifier: SystemdNotifier(environment: [:]), fetcher: TableFetcher([:]), sinks: { _ in [MemorySink()] })
        try await again.run()
    }

    @Test func aSpoolPathThatIsAFileStopsTheStartWithStatus78() async throws {
        let config = try TestConfiguration(feeds: [])
        defer { config.remove() }
        let spool = config.loaded.config.spool
        try FileManager.default.createDirectory(
            atPath: (spool as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: spool, contents: Data("x".utf8)))
        let service = NewswatchService(
            configPath: config.configPath, configuration: config.loaded, once: true, logger: Logger(label: "test"),
            notifier: SystemdNotifier(environment: [:]), fetcher: TableFetcher([:]))
        do {
            try await service.run()
            Issue.record("the service started on an unusable spool")
        } catch let error as ServiceStartError {
            #expect(error.exitStatus == 78)
            #expect(error.description.contains(spool), "\(error)")
            #expect(error.description.contains("Not a directory"), "\(error)")
        }
    }

    @Test func aStaleSpoolMarkerIsRemovedAtStart() async throws {
        let config = try TestConfiguration(feeds: [])
        defer { config.remove() }
        let ledger = config.loaded.config.stateDirectory + "/spool-delivered"
        try FileManager.default.createDirectory(atPath: ledger, withIntermediateDirectories: true)
        // A marker for an alert the database does not hold as pending (acknowledged, then the crash).
        #expect(FileManager.default.createFile(atPath: ledger + "/0123456789abcdef", contents: Data()))
        let service = NewswatchService(
            configPath: config.configPath, configuration: config.loaded, once: true, logger: Logger(label: "test"),
            notifier: SystemdNotifier(environment: [:]), fetcher: TableFetcher([:]))
        try await service.run()
        #expect(!FileManager.default.fileExists(atPath: ledger + "/0123456789abcdef"))
    }
}
