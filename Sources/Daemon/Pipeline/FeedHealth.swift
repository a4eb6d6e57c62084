import Alerts
import Basics
import Configuration
import Foundation
import Store

/// When a feed's health raises a `feed-health` alert (README "Feed health"). Pure: the health before a
/// fetch and what the fetch did give the health after it and the alerts to raise.
///
/// - failing: failing for `health.failing_after` (counted from the first failure after a success);
/// - gone: a `410 Gone`, at once;
/// - quiet: answering, but no new entry for `quiet_after` (the feed's, else `health.quiet_after`);
/// - moved: a permanent redirect (301, 308) to a URL not alerted yet; one alert, no episode.
///
/// An episode raises one alert; when it ends (the feed works again, a quiet feed has a new entry) one
/// more, marked `recovered`.
public enum FeedHealth {
    /// What one fetch did, as health sees it.
    public enum Outcome: Sendable, Equatable {
        /// An answer (200 or 304), with the count of new entries and where a permanent redirect led.
        case answered(newEntries: Int, movedTo: String?)
        case failed(FeedFailure)
    }

    /// An alert to raise.
    public struct Event: Sendable, Equatable {
        public var kind: String
        public var since: Date
        public var message: String
        public var recovered: Bool
    }

    /// The health after the fetch, and the events it raises; an episode that starts is recorded by the
    /// caller with its alert id (``start(_:alertID:in:)``).
    public static func next(
        _ previous: FeedHealthState, outcome: Outcome, feed: FeedConfig, settings: HealthSettings, now: Date
    ) -> (FeedHealthState, [Event]) {
        var health = previous
        var events: [Event] = []
        func end(_ why: String) {
            guard let episode = health.episode else { return }
            events.append(
                Event(
                    kind: episode.kind, since: episode.since,
                    message: "feed \(feed.id) \(why) (after \(elapsed(now.timeIntervalSince(episode.since))))",
                    recovered: true))
            health.episode = nil
        }
        switch outcome {
        case .failed(let failure):
            let since = health.failingSince ?? now
            health.failingSince = since
            if failure.kind == .http(status: 410) {
                if health.episode?.kind != "gone" {
                    events.append(
                        Event(
                            kind: "gone", since: now,
                            message: "feed \(feed.id) is gone (410): remove it from the config or give it its new URL",
                            recovered: false))
                }
            } else if settings.failingAfter > .zero, health.episode == nil || health.episode?.kind == "quiet",
                now.timeIntervalSince(since) >= settings.failingAfter.seconds
            {
                events.append(
                    Event(
                        kind: "failing", since: since,
                        message:
                            "feed \(feed.id) has been failing for \(elapsed(now.timeIntervalSince(since))): \(WebAddress.redactingURLs(in: failure.message))",
                        recovered: false))
            }
        case .answered(let newEntries, let movedTo):
            health.failingSince = nil
            if health.episode?.kind == "failing" || health.episode?.kind == "gone" { end("works again") }
            if newEntries > 0 || health.lastNewAt == nil { health.lastNewAt = now }
            if health.episode?.kind == "quiet" && newEntries > 0 { end("has new entries again") }
            let quietAfter = feed.quietAfter ?? settings.quietAfter
            if quietAfter > .zero, health.episode == nil, let last = health.lastNewAt,
                now.timeIntervalSince(last) >= quietAfter.seconds
            {
                events.append(
                    Event(
                        kind: "quiet", since: last,
                        message:
                            "feed \(feed.id) answers but has had no new entry for \(elapsed(now.timeIntervalSince(last)))",
                        recovered: false))
            }
            if let movedTo, movedTo != feed.url, movedTo != health.movedTo {
                events.append(
                    Event(
                        kind: "moved", since: now,
                        message:
                            "feed \(feed.id) has moved permanently to \(WebAddress.redacted(movedTo)): change its url: "
                            + "in \(feed.location.file):\(feed.location.line)",
                        recovered: false))
            }
            health.movedTo = movedTo
        }
        return (health, events)
    }

    /// Records the episode an event starts (a `moved` alert starts none).
    public static func start(_ event: Event, alertID: String, in health: inout FeedHealthState) {
        guard !event.recovered, event.kind != "moved" else { return }
        health.episode = HealthEpisode(kind: event.kind, since: event.since, alertID: alertID)
    }

    /// `2d 3h`, `6h 12m`, `45m`, `30s`.
    static func elapsed(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds))
        let (d, h, m) = (s / 86400, s % 86400 / 3600, s % 3600 / 60)
        if d > 0 { return h > 0 ? "\(d)d \(h)h" : "\(d)d" }
        if h > 0 { return m > 0 ? "\(h)h \(m)m" : "\(h)h" }
        if m > 0 { return "\(m)m" }
        return "\(s)s"
    }

    /// The alerts of the events, and the health with the episodes they start.
    static func alerts(
        _ events: [Event], health: inout FeedHealthState, feed: FeedConfig, feedTitle: String?,
        settings: HealthSettings, now: Date
    ) -> [NewAlert] {
        events.map { event in
            let record = AlertFactory.healthRecord(
                feed: feed, feedTitle: feedTitle, kind: event.kind, since: event.since, message: event.message,
                severity: settings.severity.rawValue, recovered: event.recovered, now: now)
            start(event, alertID: record.id, in: &health)
            return NewAlert(
                id: record.id, createdAt: now, ruleID: AlertFactory.healthRuleID, feedID: feed.id,
                record: AlertFormatter.jsonLine(record))
        }
    }
}
