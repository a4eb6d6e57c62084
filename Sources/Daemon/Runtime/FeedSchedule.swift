import Basics
import Configuration
import Foundation
import HeapModule

/// Pure scheduling state: when each feed is due, which are in flight, and how many transfers each host
/// has. The run loop asks it for the feeds to start now within the global and per-host limits.
///
/// Every operation costs O(log n) per feed it touches, so that a finished transfer among thousands of
/// feeds does not sort them all again. Waiting feeds sit in one heap by due time; a feed whose host is
/// at its limit when its turn comes is parked under that host, and the first parked feed returns to the
/// heap when the host has a free slot again. Heap entries are never removed in place: an entry whose
/// time no longer matches the feed's due time (it was rescheduled, removed, or started) is dropped when
/// it comes up.
///
/// A slow feed (its last transfer took `slowAfter` or longer, or timed out) may hold at most
/// `maxPerHost - 1` of its host's slots, so that one slow URL never starves its neighbours on that host
/// (README "Polite fetching"); slow feeds that wait for a slot are parked apart.
public struct FeedSchedule: Sendable {
    public private(set) var feeds: [String: FeedConfig] = [:]
    public private(set) var due: [String: Date] = [:]
    public private(set) var inFlight: Set<String> = []
    private var hostOf: [String: String] = [:]
    /// The host each transfer in flight counts against (a reload may change a feed's URL meanwhile).
    private var inFlightHost: [String: String] = [:]
    private var hostLoad: [String: Int] = [:]
    private var waiting = Heap<Entry>()
    private var parked: [String: Heap<Entry>] = [:]
    private var parkedSlow: [String: Heap<Entry>] = [:]
    /// Feeds whose last transfer was slow, those of them in flight, and their count per host.
    private var slow: Set<String> = []
    private var inFlightSlow: Set<String> = []
    private var slowLoad: [String: Int] = [:]
    private var startedAt: [String: Date] = [:]
    /// A transfer that takes this long makes its feed slow until one is quick again.
    public static let slowAfter: TimeInterval = 5
    /// The per-host limit of the last `takeDue`, for giving a host's freed slot to a parked feed.
    private var perHostLimit = Int.max

    /// A feed and the time it is due at; the earliest first, then by id (a stable order for equal times).
    private struct Entry: Comparable {
        var time: Date
        var id: String

        static func < (a: Entry, b: Entry) -> Bool {
            a.time == b.time ? a.id < b.id : a.time < b.time
        }
    }

    public init() {}

    public var inFlightCount: Int { inFlight.count }

    /// Makes the schedule follow `newFeeds`: added feeds become due at `stored[id]` or at `start(id)`,
    /// removed ones are forgotten (a transfer in flight finishes and is then dropped).
    public mutating func sync(feeds newFeeds: [FeedConfig], stored: [String: Date], start: (String) -> Date) {
        (feeds, due) = Self.synced(feeds: feeds, due: due, to: newFeeds, stored: stored, start: start)
        // A reload: hosts may have changed with URLs, so every waiting feed is queued afresh.
        hostOf = [:]
        for feed in newFeeds { hostOf[feed.id] = Self.host(of: feed.url) }
        rebuildQueues()
    }

    /// The feeds and due times after `sync`: a feed keeps its due time unless it is new (then
    /// `stored[id]` or `start(id)`) or its URL changed (then `start(id)`); removed feeds are dropped.
    static func synced(
        feeds: [String: FeedConfig], due: [String: Date], to newFeeds: [FeedConfig], stored: [String: Date],
        start: (String) -> Date
    ) -> (feeds: [String: FeedConfig], due: [String: Date]) {
        var next: [String: FeedConfig] = [:]
        var due = due
        for feed in newFeeds {
            next[feed.id] = feed
            if feeds[feed.id] != nil, feeds[feed.id]?.url != feed.url {
                due[feed.id] = start(feed.id)
            } else if due[feed.id] == nil {
                due[feed.id] = stored[feed.id] ?? start(feed.id)
            }
        }
        for id in due.keys where next[id] == nil { due[id] = nil }
        return (next, due)
    }

    /// Feeds due at `now` that may start within `maxConcurrent` and `maxPerHost`, most overdue first.
    /// They are marked in flight.
    public mutating func takeDue(now: Date, maxConcurrent: Int, maxPerHost: Int) -> [FeedConfig] {
        if maxPerHost > perHostLimit { rebuildQueues() }  // a reload raised the limit: parked feeds may go
        perHostLimit = maxPerHost
        var started: [FeedConfig] = []
        while inFlight.count < maxConcurrent, let first = waiting.min, first.time <= now {
            waiting.removeMin()
            guard isWaiting(first), let feed = feeds[first.id], let host = hostOf[first.id] else { continue }
            let isSlow = slow.contains(first.id)
            if hostLoad[host, default: 0] >= maxPerHost {
                if isSlow {
                    parkedSlow[host, default: Heap()].insert(first)
                } else {
                    parked[host, default: Heap()].insert(first)
                }
                continue
            }
            if isSlow, slowLoad[host, default: 0] >= Self.slowLimit(maxPerHost) {
                parkedSlow[host, default: Heap()].insert(first)
                continue
            }
            hostLoad[host, default: 0] += 1
            if isSlow {
                slowLoad[host, default: 0] += 1
                inFlightSlow.insert(first.id)
            }
            inFlight.insert(first.id)
            inFlightHost[first.id] = host
            startedAt[first.id] = now
            started.append(feed)
        }
        return started
    }

    /// The slots of a host that slow feeds may hold: all but one, where there is more than one.
    static func slowLimit(_ maxPerHost: Int) -> Int { max(1, maxPerHost - 1) }

    /// A transfer ended at `now` (nil: its duration does not count); the feed is due again at `next` (if
    /// it is still configured with that URL).
    public mutating func finished(_ feed: FeedConfig, next: Date?, now: Date? = nil) {
        inFlight.remove(feed.id)
        let host = inFlightHost.removeValue(forKey: feed.id) ?? Self.host(of: feed.url)
        hostLoad[host, default: 1] -= 1
        if hostLoad[host, default: 0] <= 0 { hostLoad[host] = nil }
        if inFlightSlow.remove(feed.id) != nil {
            slowLoad[host, default: 1] -= 1
            if slowLoad[host, default: 0] <= 0 { slowLoad[host] = nil }
        }
        if let start = startedAt.removeValue(forKey: feed.id), let now {
            if now.timeIntervalSince(start) >= Self.slowAfter {
                slow.insert(feed.id)
            } else {
                slow.remove(feed.id)
            }
        }
        if let current = feeds[feed.id] {
            if current.url == feed.url {
                due[feed.id] = next
                if let next { waiting.insert(Entry(time: next, id: feed.id)) }
            } else if let time = due[feed.id] {
                // A reload changed the URL while this transfer ran: the new one is due when sync said.
                waiting.insert(Entry(time: time, id: feed.id))
            }
        }
        // The host has a free slot: its most overdue parked feed goes back in line (a slow one only while
        // slow feeds hold fewer than their share).
        if hostLoad[host, default: 0] < perHostLimit {
            while let candidate = nextParked(host) {
                if isWaiting(candidate) {
                    waiting.insert(candidate)
                    break
                }
            }
            if parked[host]?.isEmpty == true { parked[host] = nil }
            if parkedSlow[host]?.isEmpty == true { parkedSlow[host] = nil }
        }
    }

    /// Takes the most overdue parked feed of `host` that may have a slot now.
    private mutating func nextParked(_ host: String) -> Entry? {
        let slowMayGo = slowLoad[host, default: 0] < Self.slowLimit(perHostLimit)
        let fast = parked[host]?.min
        let slowFirst = slowMayGo ? parkedSlow[host]?.min : nil
        if let slowFirst, fast.map({ slowFirst < $0 }) ?? true {
            return parkedSlow[host]?.popMin()
        }
        return parked[host]?.popMin()
    }

    /// The earliest due time among feeds not in flight.
    public var nextDue: Date? {
        due.filter { !inFlight.contains($0.key) }.values.min()
    }

    /// Whether a heap entry still stands for a feed that waits, due at that time.
    private func isWaiting(_ entry: Entry) -> Bool {
        due[entry.id] == entry.time && !inFlight.contains(entry.id)
    }

    /// One entry per waiting feed, none parked.
    private mutating func rebuildQueues() {
        parked = [:]
        parkedSlow = [:]
        waiting = Heap(due.compactMap { id, time in inFlight.contains(id) ? nil : Entry(time: time, id: id) })
    }

    static func host(of url: String) -> String {
        WebAddress.host(of: url) ?? url
    }
}
