import Configuration
import Foundation

/// Pure scheduling state: when each feed is due, which are in flight, and how many transfers each host
/// has. The run loop asks it for the feeds to start now within the global and per-host limits.
public struct FeedSchedule: Sendable {
    public private(set) var feeds: [String: FeedConfig] = [:]
    public private(set) var due: [String: Date] = [:]
    public private(set) var inFlight: Set<String> = []
    private var hostLoad: [String: Int] = [:]

    public init() {}

    public var inFlightCount: Int { inFlight.count }

    /// Makes the schedule follow `newFeeds`: added feeds become due at `stored[id]` or at `start(id)`,
    /// removed ones are forgotten (a transfer in flight finishes and is then dropped).
    public mutating func sync(feeds newFeeds: [FeedConfig], stored: [String: Date], start: (String) -> Date) {
        var next: [String: FeedConfig] = [:]
        for feed in newFeeds {
            next[feed.id] = feed
            if due[feed.id] == nil || feeds[feed.id]?.url != feed.url {
                if feeds[feed.id] != nil, feeds[feed.id]?.url != feed.url {
                    due[feed.id] = start(feed.id)
                } else {
                    due[feed.id] = stored[feed.id] ?? start(feed.id)
                }
            }
        }
        for id in due.keys where next[id] == nil { due[id] = nil }
        feeds = next
    }

    /// Feeds due at `now` that may start within `maxConcurrent` and `maxPerHost`, most overdue first.
    /// They are marked in flight.
    public mutating func takeDue(now: Date, maxConcurrent: Int, maxPerHost: Int) -> [FeedConfig] {
        var started: [FeedConfig] = []
        let candidates = due.filter { $0.value <= now && !inFlight.contains($0.key) }.sorted {
            $0.value == $1.value ? $0.key < $1.key : $0.value < $1.value
        }
        for (id, _) in candidates {
            guard inFlight.count < maxConcurrent else { break }
            guard let feed = feeds[id] else { continue }
            let host = Self.host(of: feed.url)
            if hostLoad[host, default: 0] >= maxPerHost { continue }
            hostLoad[host, default: 0] += 1
            inFlight.insert(id)
            started.append(feed)
        }
        return started
    }

    /// A transfer ended; the feed is due again at `next` (if it is still configured).
    public mutating func finished(_ feed: FeedConfig, next: Date?) {
        inFlight.remove(feed.id)
        let host = Self.host(of: feed.url)
        hostLoad[host, default: 1] -= 1
        if hostLoad[host] == 0 { hostLoad[host] = nil }
        if feeds[feed.id] != nil {
            due[feed.id] = next
        }
    }

    /// The earliest due time among feeds not in flight.
    public var nextDue: Date? {
        due.filter { !inFlight.contains($0.key) }.values.min()
    }

    static func host(of url: String) -> String {
        URLComponents(string: url)?.host?.lowercased() ?? url
    }
}
