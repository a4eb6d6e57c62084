import Foundation

/// What `ArticleExtractor.extract` finds in an article page (README "Extract articles").
public struct ExtractedArticle: Sendable, Equatable {
    public var title: String?
    public var author: String?
    public var published: Date?
    /// Absolute URL from `<link rel=canonical>` (or `og:url`), resolved against the page URL.
    public var canonical: String?
    /// `<html lang>`, `<meta http-equiv=content-language>`, or JSON-LD `inLanguage`.
    public var language: String?
    /// The main text; paragraphs separated by "\n\n"; "" when nothing was found.
    public var text: String

    public init(
        title: String? = nil, author: String? = nil, published: Date? = nil, canonical: String? = nil,
        language: String? = nil, text: String = ""
    ) {
        self.title = title
        self.author = author
        self.published = published
        self.canonical = canonical
        self.language = language
        self.text = text
    }
}
