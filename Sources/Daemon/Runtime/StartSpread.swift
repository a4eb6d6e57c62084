import Foundation

/// When each feed is first fetched after a start (README "Polite fetching"): not all at once. Feeds that
/// are due (never fetched, or overdue because the service was down) start at random times over a spread
/// of one second per 50 feeds (at least 2 seconds, at most the fetch interval), so that a restart of a
/// service with 10,000 feeds does not open thousands of transfers and parse thousands of feeds in the
/// same second; feeds whose next fetch is still ahead keep it.
public struct StartSpread: Sendable {
    /// Feeds started per second on average while the spread lasts.
    public static let feedsPerSecond = 50.0

    public let start: Date
    public let seconds: Double

    public init(start: Date, feeds: Int, interval: Duration) {
        self.start = start
        seconds = min(max(2, Double(feeds) / Self.feedsPerSecond), max(2, interval.seconds))
    }

    /// A random first due time inside the spread.
    public func due<R: RandomNumberGenerator>(using generator: inout R) -> Date {
        start.addingTimeInterval(Double.random(in: 0...seconds, using: &generator))
    }

    /// The stored next fetch times with those in the past moved into the spread.
    public func spread<R: RandomNumberGenerator>(_ stored: [String: Date], using generator: inout R) -> [String: Date] {
        stored.mapValues { $0 <= start ? due(using: &generator) : $0 }
    }
}
