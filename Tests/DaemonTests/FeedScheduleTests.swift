import Basics
import Configuration
import Foundation
import Rules
import TestSupport
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

    @Test func slowFeedsLeaveOneSlotOfTheirHostToTheOthers() {
        var schedule = FeedSchedule()
        let feeds = [
            feed("s1", "https://a.example/s1"), feed("s2", "https://a.example/s2"), feed("f1", "https://a.example/f1"),
            feed("f2", "https://a.example/f2"),
        ]
        schedule.sync(feeds: feeds, stored: [:]) { _ in t0 }
        // First cycle: nothing is known to be slow; s1 and s2 take 20 s, f1 and f2 a moment.
        #expect(schedule.takeDue(now: t0, maxConcurrent: 10, maxPerHost: 2).map(\.id) == ["f1", "f2"])
        schedule.finished(feeds[2], next: t0.addingTimeInterval(60), now: t0.addingTimeInterval(0.2))
        schedule.finished(feeds[3], next: t0.addingTimeInterval(60), now: t0.addingTimeInterval(0.3))
        #expect(
            schedule.takeDue(now: t0.addingTimeInterval(1), maxConcurrent: 10, maxPerHost: 2).map(\.id) == ["s1", "s2"])
        schedule.finished(feeds[0], next: t0.addingTimeInterval(59), now: t0.addingTimeInterval(21))
        schedule.finished(feeds[1], next: t0.addingTimeInterval(59), now: t0.addingTimeInterval(21))
        // Next cycle: the slow ones are due first, but only one of them may hold a slot of a.example.
        let t1 = t0.addingTimeInterval(60)
        #expect(schedule.takeDue(now: t1, maxConcurrent: 10, maxPerHost: 2).map(\.id) == ["s1", "f1"])
        schedule.finished(feeds[2], next: t1.addingTimeInterval(60), now: t1.addingTimeInterval(0.1))
        #expect(schedule.takeDue(now: t1, maxConcurrent: 10, maxPerHost: 2).map(\.id) == ["f2"])
        schedule.finished(feeds[3], next: t1.addingTimeInterval(60), now: t1.addingTimeInterval(0.2))
        #expect(schedule.takeDue(now: t1, maxConcurrent: 10, maxPerHost: 2).isEmpty)  // s2 waits for s1
        // s1 is quick this time: no longer slow; s2 gets its slot.
        schedule.finished(feeds[0], next: t1.addingTimeInterval(60), now: t1.addingTimeInterval(1))
        #expect(schedule.takeDue(now: t1.addingTimeInterval(1), maxConcurrent: 10, maxPerHost: 2).map(\.id) == ["s2"])
        // With one slot per host, a slow feed may still take it.
        #expect(FeedSchedule.slowLimit(1) == 1)
    }

    @Test func dueTimesComeFromStoreAndMostOverdueStartsFirst() {
        var schedule = FeedSchedule()
        let feeds = [feed("x", "https://x.example/"), feed("y", "https://y.example/"), feed("z", "https://z.example/")]
        schedule.sync(
            feeds: feeds,
            stored: ["x": t0.addingTimeInterval(-10), "y": t0.addingTimeInterval(-100), "z": t0.addingTimeInterval(50)]
        ) { _ in t0 }
        #expect(schedule.takeDue(now: t0, maxConcurrent: 10, maxPerHost: 2).map(\.id) == ["y", "x"])
        #expect(schedule.nextDue == t0.addingTimeInterval(50))
    }

    /// A reload moves a feed to another URL while its transfer runs: the new URL is fetched at once,
    /// not an interval after the old transfer ends.
    @Test func aURLChangedInFlightIsFetchedAtOnce() {
        var schedule = FeedSchedule()
        let old = feed("a", "https://old.example/feed")
        let moved = feed("a", "https://new.example/feed")
        schedule.sync(feeds: [old], stored: [:]) { _ in t0 }
        #expect(schedule.takeDue(now: t0, maxConcurrent: 10, maxPerHost: 2).map(\.url) == [old.url])
        schedule.sync(feeds: [moved], stored: [:]) { _ in t0.addingTimeInterval(1) }
        schedule.finished(old, next: t0.addingTimeInterval(900))
        #expect(schedule.due["a"] == t0.addingTimeInterval(1))
        #expect(
            schedule.takeDue(now: t0.addingTimeInterval(1), maxConcurrent: 10, maxPerHost: 2).map(\.url) == [moved.url])
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
        (0, nil as Int?, 900.0), (1, nil, 900.0), (2, nil, 1800.0), (3, nil, 3600.0), (10, nil, 21600.0),
        (50, nil, 21600.0),
        (1, 7200, 7200.0), (0, 10 * 86400, 86400.0),
    ])
    func backoffIsExponentialCappedAndHonoursRetryAfter(failures: Int, retryAfter: Int?, expected: Double) {
        let policy = FetchPolicy()
        let delay = policy.delay(
            interval: .seconds(900), consecutiveFailures: failures, retryAfter: retryAfter.map { .seconds($0) },
            random: 0)
        #expect(delay.seconds == expected)
    }

    @Test func jitterStaysWithinTenPercent() {
        let policy = FetchPolicy()
        #expect(
            policy.delay(interval: .seconds(600), consecutiveFailures: 0, retryAfter: nil, random: 1).seconds == 660)
        #expect(
            policy.delay(interval: .seconds(600), consecutiveFailures: 0, retryAfter: nil, random: -1).seconds == 540)
    }
}

@Suite struct StatusLineTests {
    @Test(arguments: [(0, "0"), (7, "7"), (999, "999"), (1204, "1,204"), (1_000_000, "1,000,000"), (-12345, "-12,345")])
    func numbersAreGroupedByThousands(n: Int, text: String) {
        #expect(Plural.grouped(n) == text)
    }
}

/// The schedule as it was first written: every call filters and sorts all due feeds. Slow with thousands
/// of feeds, but plainly right; the heap-based schedule must decide exactly as it does.
private struct ReferenceSchedule {
    var feeds: [String: FeedConfig] = [:]
    var due: [String: Date] = [:]
    var inFlight: Set<String> = []
    var hostLoad: [String: Int] = [:]

    /// The due times after a reload are not what this reference checks: it shares them.
    mutating func sync(feeds newFeeds: [FeedConfig], stored: [String: Date], start: (String) -> Date) {
        (feeds, due) = FeedSchedule.synced(feeds: feeds, due: due, to: newFeeds, stored: stored, start: start)
    }

    mutating func takeDue(now: Date, maxConcurrent: Int, maxPerHost: Int) -> [FeedConfig] {
        var started: [FeedConfig] = []
        let candidates = due.filter { $0.value <= now && !inFlight.contains($0.key) }.sorted {
            $0.value == $1.value ? $0.key < $1.key : $0.value < $1.value
        }
        for (id, _) in candidates {
            guard inFlight.count < maxConcurrent else { break }
            guard let feed = feeds[id] else { continue }
            let host = FeedSchedule.host(of: feed.url)
            if hostLoad[host, default: 0] >= maxPerHost { continue }
            hostLoad[host, default: 0] += 1
            inFlight.insert(id)
            started.append(feed)
        }
        return started
    }

    mutating func finished(_ feed: FeedConfig, next: Date?) {
        inFlight.remove(feed.id)
        let host = FeedSchedule.host(of: feed.url)
        hostLoad[host, default: 1] -= 1
        if hostLoad[host] == 0 { hostLoad[host] = nil }
        if feeds[feed.id]?.url == feed.url { due[feed.id] = next }
    }
}

@Suite struct FeedScheduleDifferentialTests {
    /// Random runs of syncs (feeds added, removed, moved to another host), takes under changing limits,
    /// and transfers finishing in any order: the same feeds start, in the same order, as with the reference.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func decidesExactlyAsTheReference(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        var now = t0
        var fast = FeedSchedule()
        var reference = ReferenceSchedule()
        var flying: [FeedConfig] = []
        func config() -> [FeedConfig] {
            (0..<40).compactMap { i in
                random.chance(0.15)
                    ? nil
                    : FeedConfig(
                        id: "f\(i)", url: "https://h\(random.below(random.chance(0.1) ? 7 : 5)).example/\(i)",
                        location: SourceLocation(file: "t", line: 1, column: 1))
            }
        }
        func sync() {
            let feeds = config()
            let stored = Dictionary(
                uniqueKeysWithValues: feeds.filter { _ in random.chance(0.3) }.map {
                    ($0.id, now.addingTimeInterval(Double(random.below(60)) - 30))
                })
            let starts = Dictionary(
                uniqueKeysWithValues: feeds.map { ($0.id, now.addingTimeInterval(Double(random.below(20)))) })
            fast.sync(feeds: feeds, stored: stored) { starts[$0] ?? now }
            reference.sync(feeds: feeds, stored: stored) { starts[$0] ?? now }
        }
        sync()
        var maxPerHost = 2
        for step in 0..<4000 {
            switch random.below(10) {
            case 0:
                sync()
            case 1:
                maxPerHost = 1 + random.below(3)
            case 2, 3, 4:
                let maxConcurrent = 1 + random.below(12)
                let a = fast.takeDue(now: now, maxConcurrent: maxConcurrent, maxPerHost: maxPerHost)
                let b = reference.takeDue(now: now, maxConcurrent: maxConcurrent, maxPerHost: maxPerHost)
                #expect(a.map(\.id) == b.map(\.id), "step \(step)")
                if a.map(\.id) != b.map(\.id) { return }
                flying.append(contentsOf: a)
            case 5, 6, 7:
                guard !flying.isEmpty else { continue }
                let feed = flying.remove(at: random.below(flying.count))
                let next = random.chance(0.1) ? nil : now.addingTimeInterval(Double(random.below(40)))
                fast.finished(feed, next: next)
                reference.finished(feed, next: next)
            default:
                now = now.addingTimeInterval(Double(random.below(8)))
            }
            #expect(fast.due == reference.due && fast.inFlight == reference.inFlight, "step \(step)")
            if fast.due != reference.due { return }
        }
    }
}
