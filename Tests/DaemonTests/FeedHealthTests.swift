import Configuration
import Foundation
import Rules
import Store
import Testing

@testable import Daemon

/// When a feed's health raises a `feed-health` alert (README "Feed health").
@Suite struct FeedHealthTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let feed = FeedConfig(
        id: "wire", url: "https://wire.example/feed.xml",
        location: Rules.SourceLocation(file: "/etc/n.yml", line: 7, column: 5))
    static let down = FeedFailure(kind: .http(status: 503), message: "HTTP 503 from https://wire.example/feed.xml")

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var previous: FeedHealthState
        var outcome: FeedHealth.Outcome
        /// Seconds after t0.
        var at: Double
        /// kind, recovered
        var events: [String]
        var testDescription: String { name }
    }

    static func episode(_ kind: String, _ since: Double) -> HealthEpisode {
        HealthEpisode(kind: kind, since: t0.addingTimeInterval(since), alertID: "x")
    }

    static let cases: [Case] = [
        Case(name: "a first failure", previous: .init(), outcome: .failed(down), at: 0, events: []),
        Case(
            name: "failing for 6h", previous: .init(failingSince: t0), outcome: .failed(down), at: 6 * 3600,
            events: ["failing"]),
        Case(
            name: "still failing, alerted", previous: .init(failingSince: t0, episode: episode("failing", 0)),
            outcome: .failed(down), at: 7 * 3600, events: []),
        Case(
            name: "works again", previous: .init(failingSince: t0, episode: episode("failing", 0)),
            outcome: .answered(newEntries: 0, movedTo: nil), at: 8 * 3600, events: ["failing recovered"]),
        Case(
            name: "410 at once", previous: .init(),
            outcome: .failed(FeedFailure(kind: .http(status: 410), message: "gone")),
            at: 0, events: ["gone"]),
        Case(
            name: "410 again", previous: .init(failingSince: t0, episode: episode("gone", 0)),
            outcome: .failed(FeedFailure(kind: .http(status: 410), message: "gone")), at: 60, events: []),
        Case(
            name: "quiet is off by default", previous: .init(lastNewAt: t0),
            outcome: .answered(newEntries: 0, movedTo: nil), at: 30 * 86400, events: []),
        Case(
            name: "moved permanently", previous: .init(lastNewAt: t0),
            outcome: .answered(newEntries: 0, movedTo: "https://new.example/feed.xml"), at: 60, events: ["moved"]),
        Case(
            name: "moved, said already", previous: .init(lastNewAt: t0, movedTo: "https://new.example/feed.xml"),
            outcome: .answered(newEntries: 0, movedTo: "https://new.example/feed.xml"), at: 120, events: []),
    ]

    @Test(arguments: cases)
    func episodesRaiseOneAlertAndOneRecovery(_ c: Case) {
        let (_, events) = FeedHealth.next(
            c.previous, outcome: c.outcome, feed: Self.feed, settings: HealthSettings(),
            now: Self.t0.addingTimeInterval(c.at))
        #expect(events.map { $0.kind + ($0.recovered ? " recovered" : "") } == c.events)
    }

    @Test func aQuietFeedAlertsOnceAndRecoversWithANewEntry() {
        var feed = Self.feed
        feed.quietAfter = Duration.seconds(86400)
        var health = FeedHealthState(lastNewAt: Self.t0)
        var raised: [String] = []
        for (hours, new) in [(12.0, 0), (25, 0), (30, 0), (31, 2), (32, 0)] {
            let (next, events) = FeedHealth.next(
                health, outcome: .answered(newEntries: new, movedTo: nil), feed: feed, settings: HealthSettings(),
                now: Self.t0.addingTimeInterval(hours * 3600))
            health = next
            for event in events {
                FeedHealth.start(event, alertID: "a", in: &health)
                raised.append("\(hours) \(event.kind)\(event.recovered ? " recovered" : "")")
            }
        }
        #expect(raised == ["25.0 quiet", "31.0 quiet recovered"])
        #expect(health.episode == nil)
    }

    @Test func theMessageSaysHowLongAndWhatToDo() {
        let (_, failing) = FeedHealth.next(
            .init(failingSince: Self.t0), outcome: .failed(Self.down), feed: Self.feed, settings: HealthSettings(),
            now: Self.t0.addingTimeInterval(6 * 3600 + 720))
        #expect(
            failing.first?.message
                == "feed wire has been failing for 6h 12m: HTTP 503 from https://wire.example/feed.xml")
        let (_, moved) = FeedHealth.next(
            .init(), outcome: .answered(newEntries: 1, movedTo: "https://new.example/f"), feed: Self.feed,
            settings: HealthSettings(), now: Self.t0)
        #expect(
            moved.first?.message
                == "feed wire has moved permanently to https://new.example/f: change its url: in /etc/n.yml:7")
    }
}
