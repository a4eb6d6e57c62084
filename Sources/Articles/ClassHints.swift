/// Reads `class`, `id` and `role` values as hints (README "Extract articles"): words such as
/// article, body, content, entry, post, story, text mark the article; nav, menu, footer, share, social,
/// related, comment, cookie, banner, promo, ad, sidebar, subscribe, newsletter and their kin mark
/// boilerplate. A value is split into words at every non-letter and at lower-to-upper case changes
/// (`article-body`, `relatedLinks`), so `head` or `shadow` never reads as `ad`.
enum ClassHints {
    struct Hint: Sendable {
        var positive = false
        var negative = false
        var byline = false
    }

    static func add(_ value: UnsafePointer<UInt8>, to hint: inout Hint) {
        var key: UInt64 = 0
        var length = 0
        var previousLower = false
        var i = 0
        while i < 512 {
            let b = value[i]
            let isUpper = b >= 0x41 && b <= 0x5A
            let isLower = b >= 0x61 && b <= 0x7A
            if (isUpper && previousLower) || !(isUpper || isLower) {
                if length > 0 { classify(key, length: length, into: &hint) }
                key = 0
                length = 0
            }
            if b == 0 { break }
            if isUpper || isLower {
                if length < 12 { key = key << 5 | UInt64((b | 0x20) - 0x60) }
                length += 1
            }
            previousLower = isLower
            i += 1
        }
    }

    static func addRole(_ value: UnsafePointer<UInt8>, to hint: inout Hint) {
        var k: UInt64 = 0
        var i = 0
        while i < 16, value[i] != 0 {
            let b = value[i] | 0x20
            guard b >= 0x61, b <= 0x7A else { return }
            k = k << 5 | UInt64(b - 0x60)
            i += 1
        }
        if roleNegative.contains(k) { hint.negative = true }
        if roleMain.contains(k) { hint.positive = true }
    }

    @inline(__always)
    private static func classify(_ key: UInt64, length: Int, into hint: inout Hint) {
        let k = length > 12 ? key | 1 << 63 : key
        if let word = words[k] {
            switch word {
            case .positive: hint.positive = true
            case .negative: hint.negative = true
            case .byline:
                hint.negative = true
                hint.byline = true
            }
        }
    }

    private enum Word { case positive, negative, byline }

    private static func key(_ word: Substring) -> UInt64 {
        var k: UInt64 = 0
        for b in word.utf8.prefix(12) { k = k << 5 | UInt64(b - 0x60) }
        return word.utf8.count > 12 ? k | 1 << 63 : k
    }

    private static let words: [UInt64: Word] = {
        var t: [UInt64: Word] = [:]
        let positive =
            "article articles body content entry post story text main blog hentry prose articlebody storybody "
            + "postbody postcontent entrycontent articlecontent maincontent storytext articletext storycontent"
        let negative =
            "nav navbar navigation menu menus footer share shares sharing sharebar social socials related comment "
            + "comments commentlist cookie cookies consent gdpr banner promo promos promotion ad ads adv advert adverts "
            + "advertisement advertising sponsor sponsored sidebar aside subscribe subscription newsletter signup "
            + "breadcrumb breadcrumbs popup modal overlay widget widgets masthead header tags taglist toolbar tools "
            + "pagination pager outbrain taboola disqus recommended recommendation recommendations trending popular "
            + "mostread readmore credit credits caption copyright disclaimer meta sronly login search rail "
            + "discussion follow newsletters relatedlinks morestories sociallinks shareline paywall regist register "
            + "registration signin"
        for w in positive.split(separator: " ") { t[key(w)] = .positive }
        for w in negative.split(separator: " ") { t[key(w)] = .negative }
        for w in "byline author authors dateline writer".split(separator: " ") { t[key(w)] = .byline }
        return t
    }()

    private static func roleKey(_ word: String) -> UInt64 {
        word.utf8.reduce(UInt64(0)) { $0 << 5 | UInt64($1 - 0x60) }
    }

    private static let roleNegative: Set<UInt64> = Set(
        ["navigation", "banner", "contentinfo", "complementary", "search", "dialog", "menu", "menubar"].map(roleKey))
    private static let roleMain: Set<UInt64> = Set(["main", "article"].map(roleKey))
}
