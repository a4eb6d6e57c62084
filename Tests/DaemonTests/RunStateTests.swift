import Alerts
import Configuration
import Daemon
import Foundation
import Logging
import Store
import Testing

/// The run loop's decisions, event by event, without a clock, a network or a database.
@Suite struct RunStateTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func state(_ mode: RunState.Mode, feeds: [String], failures: [String: FeedFailure] = [:]) throws -> (
        RunState, TestConfiguration
    ) {
        let config = try TestConfiguration(feeds: feeds.map { ($0, "https://\($0).example/feed.xml") })
        let t0 = self.t0
        let state = RunState(mode: mode, configuration: config.loaded, storedDue: [:], storedFailures: failures) { _ in
            t0
        }
        return (state, config)
    }

    func feed(_ state: RunState, _ id: String) throws -> FeedConfig {
        try #require(state.configuration.config.feeds.first { $0.id == id })
    }

    func updated(_ id: String, alerts: Int) -> RefreshResult {
        RefreshResult(
            feedID: id, outcome: .updated(newEntries: 2, alerts: alerts, malformed: false), nextFetchAt: t0 + 900,
            consecutiveFailures: 0)
    }

    func failed(_ id: String, _ kind: FeedFailure.Kind, _ message: String = "HTTP 503", failures: Int = 1)
        -> RefreshResult
    {
        RefreshResult(
            feedID: id, outcome: .failed(FeedFailure(kind: kind, message: message)), nextFetchAt: t0 + 900,
            consecutiveFailures: failures)
    }

    static func logs(_ actions: [RunAction], _ level: Logger.Level? = nil) -> [String] {
        actions.compactMap {
            if case .log(let l, let message, _) = $0, level == nil || l == level { return message }
            return nil
        }
    }

    static func startedFeeds(_ actions: [RunAction]) -> [String] {
        actions.flatMap {
            if case .startFeeds(let feeds) = $0 { return feeds.map(\.id) }
            return []
        }
    }

    @Test func onceFetchesEveryFeedDeliversAndFinishesAfterTheLastDelivery() throws {
        var (s, config) = try state(.once, feeds: ["a", "b"])
        defer { config.remove() }
        let start = s.handle(.started, now: t0)
        #expect(start.contains(.deliver))  // what an earlier run left pending goes first
        #expect(start.contains(.catchUp))
        #expect(Self.startedFeeds(start).sorted() == ["a", "b"])
        _ = s.handle(.catchUpFinished(CatchUpOutcome()), now: t0)

        // Alerts while the first delivery runs: one more round after it, not a second one beside it.
        let a = s.handle(.finished(try feed(s, "a"), updated("a", alerts: 1)), now: t0)
        #expect(!a.contains(.deliver))
        let afterFirst = s.handle(.deliveryFinished(delivered: 0, blocked: false), now: t0)
        #expect(afterFirst.contains(.deliver))
        #expect(!afterFirst.contains(.finish))

        let b = s.handle(.finished(try feed(s, "b"), updated("b", alerts: 0)), now: t0)
        #expect(!b.contains(.finish), "a delivery is still running")
        #expect(!b.contains(.notify(.stopping)), "--once ends without STOPPING=1 until it is asked to stop")
        let last = s.handle(.deliveryFinished(delivered: 1, blocked: false), now: t0)
        #expect(last.contains(.finish))
        #expect(s.summary == RunState.Summary(refreshed: 2, notModified: 0, failed: 0, newEntries: 4, alerts: 1))
        #expect(Self.startedFeeds(last).isEmpty)
    }

    @Test func aFailingFeedIsLoggedOncePerKindAndAgainAfterARestart() throws {
        let stored = ["a": FeedFailure(stored: "http-503", message: "HTTP 503 from https://a.example/feed.xml")]
        var (s, config) = try state(.service, feeds: ["a", "b"], failures: stored)
        defer { config.remove() }
        #expect(s.statusText().contains("1 failing"))
        _ = s.handle(.started, now: t0)
        let a = try feed(s, "a")
        // After a restart the feed still fails: logged, although the database knew it already.
        #expect(Self.logs(s.handle(.finished(a, failed("a", .http(status: 503))), now: t0), .warning).count == 1)
        // The same kind again: quiet.
        #expect(
            Self.logs(s.handle(.finished(a, failed("a", .http(status: 503), failures: 2)), now: t0), .warning).isEmpty)
        // Another kind: logged.
        let changed = s.handle(.finished(a, failed("a", .transport(.timeout), "timed out", failures: 3)), now: t0)
        #expect(Self.logs(changed, .warning) == ["feed a failed: timed out"])
        guard case .log(_, _, let metadata)? = changed.first(where: { if case .log = $0 { true } else { false } })
        else {
            Issue.record("no log line")
            return
        }
        #expect(metadata["kind"] == "timeout")
        #expect(metadata["failures"] == "3")
        // It works again: one notice, and the next failure is news again.
        #expect(Self.logs(s.handle(.finished(a, updated("a", alerts: 0)), now: t0), .notice) == ["feed a works again"])
        #expect(
            Self.logs(s.handle(.finished(a, failed("a", .transport(.timeout), "timed out")), now: t0), .warning).count
                == 1)
    }

    @Test func everyFeedFailingIsSaidOnceWithAHint() throws {
        var (s, config) = try state(.service, feeds: ["a", "b", "c"])
        defer { config.remove() }
        _ = s.handle(.started, now: t0)
        var errors: [String] = []
        for id in ["a", "b", "c"] {
            let result = failed(id, .transport(.resolve), "could not resolve host \(id).example")
            errors += Self.logs(s.handle(.finished(try feed(s, id), result), now: t0), .error)
        }
        #expect(errors.count == 1)
        #expect(errors.first?.contains("every feed is failing (3 feeds: 3 resolve)") == true)
        #expect(errors.first?.contains("offline") == true)
        // The next round fails the same way: not said again.
        for id in ["a", "b", "c"] {
            let result = failed(id, .transport(.resolve), "could not resolve host", failures: 2)
            #expect(Self.logs(s.handle(.finished(try feed(s, id), result), now: t0), .error).isEmpty)
        }
        // One feed works, then all fail again: a new episode, said again.
        _ = s.handle(.finished(try feed(s, "a"), updated("a", alerts: 0)), now: t0)
        var again: [String] = []
        for id in ["a", "b", "c"] {
            again += Self.logs(s.handle(.finished(try feed(s, id), failed(id, .http(status: 500))), now: t0), .error)
        }
        #expect(again.count == 1)
        #expect(again.first?.contains("offline") == false, "HTTP errors are no sign of a machine offline")
    }

    @Test func aStopWaitsForTransfersThenTheDeadlineEndsIt() throws {
        var (s, config) = try state(.service, feeds: ["a", "b"])
        defer { config.remove() }
        let start = s.handle(.started, now: t0)
        #expect(Self.startedFeeds(start).count == 2)
        _ = s.handle(.deliveryFinished(delivered: 0, blocked: false), now: t0)
        let stop = s.handle(.shutdown, now: t0)
        #expect(stop.contains(.notify(.stopping)))
        #expect(stop.contains(.armShutdownDeadline))
        #expect(!stop.contains(.finish))
        #expect(Self.logs(stop, .notice) == ["stopping: 2 transfers in flight"])
        // No feed starts while stopping, even when one is due.
        #expect(Self.startedFeeds(s.handle(.tick, now: t0 + 10_000)).isEmpty)
        #expect(!s.handle(.finished(try feed(s, "a"), updated("a", alerts: 0)), now: t0).contains(.finish))
        let deadline = s.handle(.shutdownDeadline, now: t0)
        #expect(deadline.contains(.finish))
        #expect(Self.logs(deadline, .warning) == ["cancelling 1 transfer that did not finish in time"])
        #expect(s.handle(.shutdownDeadline, now: t0).isEmpty)
    }

    @Test func aStopWithNothingInFlightFinishesAtOnce() throws {
        var (s, config) = try state(.service, feeds: [])
        defer { config.remove() }
        _ = s.handle(.started, now: t0)
        #expect(!s.handle(.shutdown, now: t0).contains(.finish), "the start-up delivery still runs")
        #expect(s.handle(.deliveryFinished(delivered: 0, blocked: false), now: t0).contains(.finish))
    }

    @Test func deliveryIsRetriedOnlyWhileASinkFails() throws {
        var (s, config) = try state(.service, feeds: [])
        defer { config.remove() }
        _ = s.handle(.started, now: t0)
        _ = s.handle(.catchUpFinished(nil), now: t0)
        let blocked = s.handle(.deliveryFinished(delivered: 0, blocked: true), now: t0)
        #expect(blocked.contains(.notify(.status("0 feeds, 2 rules, 0 failing, alert delivery failing"))))
        #expect(s.handle(.deliveryRetryDue, now: t0) == [.deliver])
        #expect(s.handle(.deliveryRetryDue, now: t0).isEmpty, "a round is running")
        _ = s.handle(.deliveryFinished(delivered: 3, blocked: false), now: t0)
        #expect(s.handle(.deliveryRetryDue, now: t0).isEmpty)
    }

    /// Sources added to earlier alerts are noted in the log after a delivery round (README "One alert
    /// per story").
    @Test func addedSourcesAreNotedAndDelivered() throws {
        var (s, config) = try state(.service, feeds: ["a"])
        defer { config.remove() }
        _ = s.handle(.started, now: t0)
        _ = s.handle(.catchUpFinished(nil), now: t0)
        _ = s.handle(.deliveryFinished(delivered: 0, blocked: false), now: t0)
        var result = updated("a", alerts: 0)
        result.addedSources = [
            AddedSource(
                alertID: "x1", ruleID: "r", storyID: 3,
                source: StorySource(articleKey: "k", feedID: "a", url: "https://a.example/1", title: "T", seenAt: t0))
        ]
        let actions = s.handle(.finished(try feed(s, "a"), result), now: t0)
        #expect(
            actions.contains(
                .noteSources([
                    SourceNote(
                        alertID: "x1", ruleID: "r", feedID: "a", url: "https://a.example/1", title: "T",
                        time: "2027-01-15T08:00:00Z")
                ])), "\(actions)")
        #expect(actions.contains(.deliver))
    }

    @Test func theStartupDeliveryIsReported() throws {
        var (s, config) = try state(.service, feeds: [])
        defer { config.remove() }
        _ = s.handle(.started, now: t0)
        let actions = s.handle(.deliveryFinished(delivered: 2, blocked: false), now: t0)
        #expect(Self.logs(actions, .notice) == ["delivered 2 alerts left pending by an earlier run"])
    }

    @Test func aReloadAppliesBeforeItLogsAndAnInvalidOneKeepsTheConfiguration() throws {
        var (s, config) = try state(.service, feeds: ["a"])
        defer { config.remove() }
        _ = s.handle(.started, now: t0)
        _ = s.handle(.deliveryFinished(delivered: 0, blocked: false), now: t0)
        _ = s.handle(.catchUpFinished(CatchUpOutcome()), now: t0)
        #expect(s.handle(.reload, now: t0) == [.notify(.reloading), .readConfiguration])

        let wider = try TestConfiguration(
            feeds: [("a", "https://a.example/feed.xml"), ("b", "https://b.example/x")], extra: "log_level: debug")
        defer { wider.remove() }
        // Limits unchanged here (same fetch block); the log level and a feed changed.
        let applied = s.handle(.reloaded(wider.loaded), now: t0)
        #expect(applied.first == .apply(sinksChanged: true, limitsChanged: false))
        #expect(Self.logs(applied).contains("log_level is now debug"))
        #expect(Self.logs(applied).contains("reloaded: 2 feeds, 2 rules"))
        #expect(applied.contains(.reopenSinks))
        #expect(applied.contains(.deliver))
        #expect(Self.startedFeeds(applied) == ["b"])
        #expect(applied.contains(.catchUp), "a reload may add or change rules")
        #expect(applied.contains(.notify(.ready(status: "2 feeds, 2 rules, 0 failing, catching up"))))
        _ = s.handle(.catchUpFinished(CatchUpOutcome()), now: t0)

        let kept = s.handle(.reloaded(nil), now: t0)
        #expect(!kept.contains { if case .apply = $0 { true } else { false } })
        #expect(s.configuration.config.feeds.count == 2)
        #expect(kept.contains(.notify(.ready(status: "2 feeds, 2 rules, 0 failing"))))
    }

    @Test func catchUpRunsBesideTheServiceAndOnceWaitsForIt() throws {
        var (once, c1) = try state(.once, feeds: [])
        defer { c1.remove() }
        #expect(once.handle(.started, now: t0).contains(.catchUp))
        #expect(
            once.handle(.catchUpProgress(alerts: 2), now: t0).isEmpty,
            "the start-up delivery still runs: one more round after it")
        #expect(once.handle(.deliveryFinished(delivered: 0, blocked: false), now: t0).contains(.deliver))
        #expect(
            !once.handle(.deliveryFinished(delivered: 2, blocked: false), now: t0).contains(.finish),
            "--once waits for the catch-up")
        let done = once.handle(.catchUpFinished(CatchUpOutcome(rules: 1, articles: 40, alerts: 2)), now: t0)
        #expect(Self.logs(done, .notice) == ["catch-up: 1 new or changed rule over 40 kept articles raised 2 alerts"])
        #expect(done.contains(.finish))

        var (service, c2) = try state(.service, feeds: [])
        defer { c2.remove() }
        _ = service.handle(.started, now: t0)
        _ = service.handle(.deliveryFinished(delivered: 0, blocked: false), now: t0)
        // A reload during a catch-up: one more after it, not a second one beside it.
        _ = service.handle(.reload, now: t0)
        #expect(!service.handle(.reloaded(service.configuration), now: t0).contains(.catchUp))
        let first = service.handle(.catchUpFinished(CatchUpOutcome()), now: t0)
        #expect(first.contains(.catchUp))
        #expect(Self.logs(first).isEmpty, "a catch-up with nothing to do is not logged")
        // A stop does not wait for a catch-up: the next start runs it again.
        #expect(service.handle(.shutdown, now: t0).contains(.finish) == false, "the reload's delivery still runs")
        #expect(service.handle(.deliveryFinished(delivered: 0, blocked: false), now: t0).contains(.finish))
    }

    @Test func pruningIsForTheServiceOnly() throws {
        var (once, c1) = try state(.once, feeds: ["a"])
        defer { c1.remove() }
        var service = try state(.service, feeds: ["a"])
        defer { service.1.remove() }
        #expect(once.handle(.pruneDue, now: t0).isEmpty)
        #expect(service.0.handle(.pruneDue, now: t0) == [.prune])
        #expect(service.0.handle(.watchdogDue, now: t0) == [.pingWatchdog])
    }
}
