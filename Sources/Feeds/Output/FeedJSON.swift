import JSONOutput

/// The JSON Lines output of `newswatch parse --json` (README "Commands").
public enum FeedJSON {
    /// One JSON object, without a trailing newline:
    /// `{"input","title","link","format","malformed","entries":[{"id","title","link","published",
    /// "updated","author","categories","text"}]}`; dates ISO-8601 UTC or null; on failure `format` is
    /// null, `entries` empty, and `error` says why.
    public static func line(input: String, result: Result<Feed, FeedError>) -> String {
        var w = JSONWriter()
        w.begin("{")
        w.key("input"); w.string(input)
        switch result {
        case .success(let feed):
            w.key("title"); w.optional(feed.title)
            w.key("link"); w.optional(feed.link)
            w.key("format"); w.string(feed.format.rawValue)
            w.key("malformed"); w.bool(feed.malformed)
            w.key("entries"); w.begin("[")
            for entry in feed.entries {
                w.separator()
                w.begin("{")
                w.key("id"); w.string(entry.id)
                w.key("title"); w.string(entry.title)
                w.key("link"); w.optional(entry.link)
                w.key("published"); w.optional(entry.published.map(FeedDate.iso8601))
                w.key("updated"); w.optional(entry.updated.map(FeedDate.iso8601))
                w.key("author"); w.optional(entry.author)
                w.key("categories"); w.begin("[")
                for category in entry.categories {
                    w.separator()
                    w.string(category)
                }
                w.end("]")
                w.key("text"); w.string(entry.text)
                w.end("}")
            }
            w.end("]")
        case .failure(let error):
            w.key("title"); w.null()
            w.key("link"); w.null()
            w.key("format"); w.null()
            w.key("malformed"); w.bool(false)
            w.key("entries"); w.begin("["); w.end("]")
            w.key("error"); w.string(error.description)
        }
        w.end("}")
        return w.text
    }
}
