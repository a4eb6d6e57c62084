import Feeds
import Foundation

/// An article page → its main text, title, author, date, language and canonical URL (README
/// "Extract articles"). Pure: no network, no files.
public enum ArticleExtractor {
    /// Bytes past this are not read (the daemon's bodies are capped lower, at `max_body`).
    static let maxInput = 32 << 20

    /// Pure: bytes of a page (any charset) -> the article. `contentType` is the HTTP Content-Type header
    /// (may carry charset), `url` the page's final URL (base for relative URLs).
    public static func extract(_ bytes: [UInt8], contentType: String?, url: String?) -> ExtractedArticle {
        bytes.withUnsafeBufferPointer { all in
            let input = UnsafeBufferPointer(rebasing: all[..<min(all.count, maxInput)])
            let builder = PageBuilder(capacity: input.count)
            let decoded = SourceDecoder.decode(input, contentType: effectiveContentType(input, contentType))
            let page =
                decoded.converted.map { converted in converted.withUnsafeBufferPointer { RawTextStripper.strip($0) } }
                ?? RawTextStripper.strip(UnsafeBufferPointer(rebasing: input[decoded.offset...]))
            _ = page.withUnsafeBufferPointer { HTMLSAXReader.parse($0, into: builder) }
            return assemble(builder, url: url)
        }
    }

    /// The HTTP charset when it names one other than UTF-8, else the page's `<meta>` charset (valid
    /// UTF-8 is read as UTF-8 whatever is declared; see ``SourceDecoder``).
    static func effectiveContentType(_ input: UnsafeBufferPointer<UInt8>, _ contentType: String?) -> String? {
        if let http = SourceDecoder.httpCharset(contentType), SourceDecoder.normalizedLabel(http) != "utf-8" {
            return contentType
        }
        guard let meta = MetaCharset.declared(input) else { return contentType }
        return "text/html; charset=\(meta)"
    }

    static func assemble(_ page: PageBuilder, url: String?) -> ExtractedArticle {
        let metadata = page.metadata
        let meta = metadata.meta
        let jsonLD = JSONLDArticle.read(metadata.jsonLD)
        var article = ExtractedArticle()

        let siteName = clean(meta["og:site_name"])
        article.title =
            clean(meta["og:title"]).map { TitleCleaner.strip($0, siteName: siteName, guess: false) }
            ?? clean(jsonLD?.headline.map(HTMLText.decodingCharacterReferences))
            ?? clean(bytes: metadata.heading)
            ?? clean(bytes: metadata.title).map { TitleCleaner.strip($0, siteName: siteName, guess: true) }
            ?? clean(meta["twitter:title"])

        article.author =
            clean(meta["author"]).flatMap(notURL)
            ?? clean(meta["article:author"]).flatMap(notURL)
            ?? clean(jsonLD?.author.map(HTMLText.decodingCharacterReferences)).flatMap(notURL)
            ?? clean(bytes: metadata.relAuthor)
            ?? clean(bytes: metadata.byline).map(TitleCleaner.withoutBy)
            ?? ["byl", "dc.creator", "sailthru.author", "parsely-author"].lazy.compactMap { clean(meta[$0]) }.first
            .map(TitleCleaner.withoutBy)
        if let author = article.author, author.unicodeScalars.count > 200 { article.author = nil }

        let dates: [String?] =
            [
                meta["article:published_time"], meta["og:article:published_time"], jsonLD?.datePublished,
                metadata.publishedTime,
            ]
            + PageMetadata.dateNames.map { meta[$0] } + [metadata.time]
        article.published = dates.lazy.compactMap { $0.flatMap(FeedDate.parse) }.first

        article.language =
            clean(metadata.htmlLanguage) ?? clean(meta["content-language"]) ?? clean(jsonLD?.inLanguage)
            ?? clean(meta["dc.language"]) ?? clean(meta["language"])

        if let canonical = clean(metadata.canonical) ?? clean(meta["og:url"]) {
            article.canonical = URLResolver.resolve(canonical, against: url)
        }

        let paragraphs = ContentSelector.paragraphs(page, title: article.title)
        let domScalars = paragraphs.reduce(0) { $0 + $1.unicodeScalars.count }
        if let body = jsonLD?.articleBody {
            let fromJSON = JSONBodyText.paragraphs(body)
            if fromJSON.reduce(0, { $0 + $1.unicodeScalars.count }) > domScalars {
                article.text = fromJSON.joined(separator: "\n\n")
                return article
            }
        }
        article.text = paragraphs.joined(separator: "\n\n")
        return article
    }

    private static func clean(_ value: String?) -> String? {
        guard let value else { return nil }
        let collapsed = HTMLText.collapsingWhiteSpace(value)
        return collapsed.isEmpty ? nil : collapsed
    }

    private static func clean(bytes: [UInt8]) -> String? {
        bytes.isEmpty ? nil : clean(String(decoding: bytes, as: UTF8.self))
    }

    private static func notURL(_ value: String) -> String? {
        let lower = value.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("/") ? nil : value
    }
}
