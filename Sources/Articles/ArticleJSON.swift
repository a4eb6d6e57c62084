import Feeds
import JSONOutput

/// The JSON Lines output of `newswatch extract --json` (README "Extract articles").
public enum ArticleJSON {
    /// One JSON object, without a trailing newline:
    /// `{"input","url","title","author","published","canonical","language","text"}`, null for what is
    /// unknown, the date ISO-8601 UTC; on failure the fields are null, `text` is "" and `error` says why.
    public static func line(input: String, url: String?, result: Result<ExtractedArticle, ArticleInputError>)
        -> String
    {
        var w = JSONWriter()
        w.begin("{")
        w.field("input", input)
        w.field("url", url)
        switch result {
        case .success(let article):
            w.field("title", article.title)
            w.field("author", article.author)
            w.field("published", article.published.map(FeedDate.iso8601))
            w.field("canonical", article.canonical)
            w.field("language", article.language)
            w.field("text", article.text)
        case .failure(let error):
            for key in ["title", "author", "published", "canonical", "language"] { w.field(key, nil as String?) }
            w.field("text", "")
            w.field("error", error.description)
        }
        w.end("}")
        return w.text
    }
}

/// Why an INPUT of `extract` gave no page (it does not exist, the fetch failed).
public struct ArticleInputError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
