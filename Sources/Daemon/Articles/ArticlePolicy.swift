import Configuration
import Foundation
import Store

/// When `fetch.article: auto` fetches an entry's page (README "Full article text"), and what counts as a
/// page that gave more than the feed. Pure.
///
/// `auto` fetches the page of a new entry when
/// - its text is a teaser: fewer than ``teaserWords`` words, or it ends cut off (`…`, `...`, `[…]`) or
///   with a "read more" / "continue reading" link; or
/// - earlier pages of the feed were much longer than its entries' text (``isMuchLonger(pageWords:feedWords:)``)
///   in at least half of the pages fetched; or
/// - the feed has had fewer than ``probes`` pages fetched so far (it is still learning), or every
///   ``recheckEvery``th entry that would otherwise be skipped (feeds change).
public enum ArticlePolicy {
    static let teaserWords = 100
    static let probes = 5
    static let recheckEvery = 20

    public enum Decision: Sendable, Equatable {
        case fetch, skip
    }

    /// Whether to fetch the page of a new entry with `text` (the feed's), given the feed's totals so far.
    public static func decide(mode: ArticleMode, text: String, link: String?, history: ArticleTally) -> Decision {
        guard let link, isFetchable(link) else { return .skip }
        switch mode {
        case .never: return .skip
        case .always: return .fetch
        case .auto:
            if isTeaser(text) { return .fetch }
            if history.fetched < probes { return .fetch }
            if history.longer * 2 >= history.fetched { return .fetch }
            return (history.skipped + 1) % recheckEvery == 0 ? .fetch : .skip
        }
    }

    /// Short, or cut off with an ellipsis or a "read more" link.
    public static func isTeaser(_ text: String) -> Bool {
        if wordCount(text) < teaserWords { return true }
        let tail = text.suffix(80).lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
        let trimmed = tail.trimmingCharacters(in: CharacterSet(charactersIn: "]) »>›→"))
        if trimmed.hasSuffix("…") || trimmed.hasSuffix("...") { return true }
        return readMore.contains { tail.contains($0) }
    }

    static let readMore = [
        "read more", "continue reading", "read the full", "full story", "read the rest", "more »", "weiterlesen",
        "lire la suite", "читать далее", "подробнее", "더보기", "기사 전문", "続きを読む", "阅读全文",
    ]

    /// A page's text is much longer than the entry's: at least 1.5 times the words and 50 more.
    public static func isMuchLonger(pageWords: Int, feedWords: Int) -> Bool {
        pageWords * 2 >= feedWords * 3 && pageWords >= feedWords + 50
    }

    /// Words, counted as runs of letters and digits; each character of a script written without spaces
    /// (Han, Kana, Thai) counts as a word, so that Japanese and Chinese teasers are not taken for articles.
    public static func wordCount(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            let props = scalar.properties
            if props.isIdeographic || (0x3040...0x30FF).contains(scalar.value)
                || (0x0E00...0x0E7F).contains(scalar.value)
            {
                count += 1
                inWord = false
            } else if props.isAlphabetic || props.numericType != nil {
                if !inWord { count += 1 }
                inWord = true
            } else {
                inWord = false
            }
        }
        return count
    }

    /// A page reads like a paywall or a sign-in wall rather than the article: short and asking to subscribe.
    public static func isPaywall(_ text: String) -> Bool {
        guard wordCount(text) < 200 else { return false }
        let lower = text.lowercased()
        return paywallPhrases.contains { lower.contains($0) }
    }

    static let paywallPhrases = [
        "subscribe to continue", "subscribe to read", "subscribers only", "already a subscriber",
        "to continue reading", "sign in to continue", "log in to continue", "this article is for subscribers",
        "create a free account to continue", "유료 회원", "구독자 전용", "только для подписчиков",
    ]

    static func isFetchable(_ link: String) -> Bool {
        let lower = link.prefix(8).lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }
}
