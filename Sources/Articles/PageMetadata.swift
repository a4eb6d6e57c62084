/// What a page says about itself outside its text, as the parse finds it (README "Extract
/// articles"): the meta tags that name a title, author, date or language, `<link rel=canonical>`,
/// `<html lang>`, the first `<time datetime>`, `<title>`, the first `<h1>`, a byline, and the JSON-LD
/// scripts.
struct PageMetadata: Sendable {
    /// Meta values by lower-cased `name`, `property`, `itemprop` or `http-equiv` (first one wins).
    var meta: [String: String] = [:]
    var canonical: String?
    var htmlLanguage: String?
    var time: String?
    /// A `<time>` marked as the publication date (itemprop=datePublished, pubdate, class "published").
    var publishedTime: String?
    var title: [UInt8] = []
    var heading: [UInt8] = []
    var byline: [UInt8] = []
    var relAuthor: [UInt8] = []
    var jsonLD: [[UInt8]] = []

    /// The meta names the extractor reads; other metas are not stored.
    static let wanted = Set(
        dateNames + [
            "og:title", "og:url", "og:site_name", "twitter:title", "author", "article:author", "byl", "dc.creator",
            "sailthru.author", "parsely-author", "article:published_time", "og:article:published_time",
            "content-language", "dc.language", "language", "headline",
        ])
}

extension PageMetadata {
    /// Meta names for the publication date, after `article:published_time` and JSON-LD, in order.
    static let dateNames = [
        "datepublished", "date", "dc.date", "dc.date.issued", "dcterms.created", "dcterms.date", "dcterms.issued",
        "pubdate", "publishdate", "publish-date", "publish_date", "sailthru.date", "parsely-pub-date",
        "citation_publication_date", "article.published",
    ]
}
