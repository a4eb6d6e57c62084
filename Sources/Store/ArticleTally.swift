/// What one fetch of a feed did with its entries' article pages (README "Full article text"), added to
/// the feed's totals that `newswatch status` shows.
public struct ArticleTally: Sendable, Equatable {
    /// Pages requested.
    public var fetched = 0
    /// Pages that failed (transport, HTTP status, too large, not HTML, a paywall).
    public var failed = 0
    /// Entries matched on the feed's text although their page was requested: it failed, or its text was
    /// not longer.
    public var fellBack = 0
    /// Pages whose text was much longer than the feed's (what `auto` learns a feed's teasers from).
    public var longer = 0
    /// New entries whose page `auto` did not fetch.
    public var skipped = 0

    public init(fetched: Int = 0, failed: Int = 0, fellBack: Int = 0, longer: Int = 0, skipped: Int = 0) {
        self.fetched = fetched
        self.failed = failed
        self.fellBack = fellBack
        self.longer = longer
        self.skipped = skipped
    }

    public var isEmpty: Bool { self == ArticleTally() }

    public static func += (total: inout ArticleTally, more: ArticleTally) {
        total.fetched += more.fetched
        total.failed += more.failed
        total.fellBack += more.fellBack
        total.longer += more.longer
        total.skipped += more.skipped
    }

    public static func + (a: ArticleTally, b: ArticleTally) -> ArticleTally {
        var sum = a
        sum += b
        return sum
    }

    /// The share of requested pages whose entry was matched on the feed's text instead; nil before any.
    public var fallbackRate: Double? {
        fetched > 0 ? Double(fellBack) / Double(fetched) : nil
    }
}
