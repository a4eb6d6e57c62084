import Foundation

/// When to fetch a feed next (README "Polite fetching"): its interval with ±10% jitter after a success;
/// after failures an exponential backoff (interval × 2^(n−1)), capped at the larger of the interval and
/// 6 hours, so a broken feed is retried for ever but rarely; a `Retry-After` from a 429/503 is honoured
/// for that feed alone, up to 24 hours.
public struct FetchPolicy: Sendable {
    public static let backoffCap: Duration = .seconds(6 * 3600)
    public static let retryAfterCap: Duration = .seconds(24 * 3600)

    public init() {}

    public func delay(
        interval: Duration, consecutiveFailures: Int, retryAfter: Duration?,
        random: Double = Double.random(in: -1...1)
    ) -> Duration {
        var base = interval
        if consecutiveFailures > 0 {
            let exponent = min(consecutiveFailures - 1, 20)
            let backoff = interval * (1 << exponent)
            base = min(backoff, max(interval, Self.backoffCap))
        }
        let jitter = base * (0.1 * random)
        var delay = base + jitter
        if let retryAfter {
            delay = max(delay, min(retryAfter, Self.retryAfterCap))
        }
        return max(delay, .seconds(1))
    }
}
