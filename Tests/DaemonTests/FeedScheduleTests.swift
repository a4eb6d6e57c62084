import Configuration
import Foundation
import Rules
import Testing

@testable import Daemon

@Suite struct FeedScheduleTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func feed(_ id: String, _ url: String) -> FeedConfig {
        FeedConfig(id: id, url: url, location: SourceLocation(file: "t", line: 1, column: 1))
    }

    @Test func respectsGlobalAndPerHostLimits() {
        var schedule = FeedSchedule()
        let feeds = [
            feed("a1", "https://a.example/1"), feed("a2", "https://a.example/2"), feed("a3", "https://a.example/3"),
            feed("b1", "https://b.example/1"), feed("c1", "https://c.example/1"),
        ]
        schedule.sync(feeds: feeds, stored: [:]) { _ in t0 }
        let first = schedule.takeDue(now: t0, maxConcurrent: 3, maxPerHost: 2).map(\.id)
        #expect(first == ["a1", "a2", "b1"])
        let second = schedule.takeDue(now: t0, maxConcurrent: 10, maxPerHost: 2).map(\.id)
        #expect(second == ["c1"])
        schedule.finished(feeds[0], next: t0.addingTimeInterval(60))
        #expect(schedule.takeDue(now: t0, maxConcurrent: 10, maxPerHost: 2).map(\.id) == ["a3"])
        #expect(schedule.takeDue(now: t0.addingTimeInterval(60), maxConcurrent: 10, maxPerHost: 2).isEmpty)
    }

    @Test func dueTimesComeFromStoreAndMostOverdueStartsFirst() {
        var schedule = FeedSchedule()
        let feeds = [feed("x", "https://x.example/"), feed("y", "https://y.example/"), feed("z", "https://z.example/")]
        schedule.sync(feeds: feeds, stored: ["x": t0.addingTimeInterval(-10), "y": t0.addingTimeInterval(-100), "z": t0.addingTimeInterval(50)]) { _ in t0 }
        #expect(schedule.takeDue(now: t0, maxConcurrent: 10, maxPerHost: 2).map(\.id) == ["y", "x"])
        #expect(schedule.nextDue == t0.addingTimeInterval(50))
    }

    @Test func syncAddsAndRemovesFeeds() {
        var schedule = FeedSchedule()
        let a = feed("a", "https://a.example/")
        let b = feed("b", "https://b.example/")
        schedule.sync(feeds: [a], stored: [:]) { _ in t0.addingTimeInterval(100) }
        schedule.sync(feeds: [a, b], stored: [:]) { _ in t0 }
        #expect(schedule.due["a"] == t0.addingTimeInterval(100))
        #expect(schedule.due["b"] == t0)
        let started = schedule.takeDue(now: t0, maxConcurrent: 10, maxPerHost: 2)
        #expect(started.map(\.id) == ["b"])
        schedule.sync(feeds: [a], stored: [:]) { _ in t0 }
        schedule.finished(b, next: t0.addingTimeInterval(60))
        #expect(schedule.due["b"] == nil)
        #expect(schedule.inFlightCount == 0)
    }

    @Test(arguments: [
        (0, nil as Int?, 900.0), (1, nil, 900.0), (2, nil, 1800.0), (3, nil, 3600.0), (10, nil, 21600.0), (50, nil, 21600.0),
        (1, 7200, 7200.0), (0, 10 * 86400, 86400.0),
    ])
    func backoffIsExponentialCappedAndHonoursRetryAfter(failures: Int, retryAfter: Int?, expected: Double) {
        let policy = FetchPolicy()
        let delay = policy.delay(
            interval: .seconds(900), consecutiveFailures: failures, retryAfter: retryAfter.map { .seconds($0) }, random: 0)
        #expect(delay.seconds == expected)
    }

    @Test func jitterStaysWithinTenPercent() {
        let policy = FetchPolicy()
        #expect(policy.delay(interval: .seconds(600), consecutiveFailures: 0, retryAfter: nil, random: 1).seconds == 660)
        #expect(policy.delay(interval: .seconds(600), consecutiveFailures: 0, retryAfter: nil, random: -1).seconds == 540)
    }
}

@Suite struct StatusLineTests {
    @Test(arguments: [(0, "0"), (7, "7"), (999, "999"), (1204, "1,204"), (1_000_000, "1,000,000"), (-12345, "-12,345")])
    func numbersAreGroupedByThousands(n: Int, text: String) {
        #expect(NewswatchService.grouped(n) == text)
    }
}
