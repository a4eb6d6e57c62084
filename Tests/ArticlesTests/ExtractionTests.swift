import Feeds
import Foundation
import Testing

@testable import Articles

@Suite("What the extractor finds in each fixture page")
struct ExtractionTests {
    @Test(arguments: ArticleFixtures.all)
    func fields(_ fixture: ArticleFixture) throws {
        let article = try fixture.extract()
        #expect(article.title == fixture.title)
        #expect(article.author == fixture.author)
        #expect(article.published.map(FeedDate.iso8601) == fixture.published)
        #expect(article.language == fixture.language)
        #expect(article.canonical == fixture.canonical)
    }

    @Test(arguments: ArticleFixtures.all)
    func text(_ fixture: ArticleFixture) throws {
        let text = try fixture.extract().text
        var from = text.startIndex
        for part in fixture.contains {
            let found = text.range(of: part, range: from..<text.endIndex)
            #expect(found != nil, "missing or out of order: \(part)")
            if let found { from = found.upperBound }
        }
        for part in fixture.excludes {
            #expect(!text.contains(part), "boilerplate kept: \(part)")
        }
        if let paragraphs = fixture.paragraphs {
            #expect(text.components(separatedBy: "\n\n").count == paragraphs)
        }
        #expect(!text.contains("\n\n\n"))
        #expect(text == text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    struct Snippet: Sendable, CustomTestStringConvertible {
        var name: String
        var html: String
        var contentType: String? = nil
        var url: String? = "https://example.org/news/a/b.html"
        var expect: @Sendable (ExtractedArticle) -> Bool
        var testDescription: String { name }
    }

    static let paragraph =
        "A paragraph long enough to count as article text, with a comma, another comma, and a full stop at the end."

    static let snippets: [Snippet] = [
        Snippet(
            name: "title from <title> without the site's name", html: "<title>Troops reach Kursk - Example News</title>"
        ) {
            $0.title == "Troops reach Kursk"
        },
        Snippet(
            name: "og:title wins over <h1> and <title>",
            html: "<meta property=og:title content='From OG'><title>T</title><h1>From H1</h1>"
        ) { $0.title == "From OG" },
        Snippet(
            name: "JSON-LD headline before <h1>",
            html:
                "<script type='application/ld+json'>[{\"@type\":\"BlogPosting\",\"headline\":\"LD &amp; co\"}]</script><h1>H</h1>"
        ) {
            $0.title == "LD & co"
        },
        Snippet(name: "relative canonical resolved", html: "<link rel=canonical href='../c/d.html'>") {
            $0.canonical == "https://example.org/news/c/d.html"
        },
        Snippet(
            name: "og:url when there is no canonical link",
            html: "<meta property='og:url' content='https://x.example/1'>"
        ) {
            $0.canonical == "https://x.example/1"
        },
        Snippet(
            name: "language from content-language",
            html: "<meta http-equiv='Content-Language' content='uk'><p>\(paragraph)</p>"
        ) { $0.language == "uk" },
        Snippet(
            name: "language from JSON-LD inLanguage",
            html: "<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"inLanguage\":\"ru-RU\"}</script>"
        ) {
            $0.language == "ru-RU"
        },
        Snippet(
            name: "author from JSON-LD author list",
            html:
                "<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"author\":[{\"name\":\"A\"},\"B\"]}</script>"
        ) {
            $0.author == "A, B"
        },
        Snippet(name: "author from rel=author", html: "<p>By <a rel='author' href='/u/1'>Kim Ji-won</a></p>") {
            $0.author == "Kim Ji-won"
        },
        Snippet(name: "author from a byline class, without 'By'", html: "<div class='byline'>By Lee Min</div>") {
            $0.author == "Lee Min"
        },
        Snippet(
            name: "article:author that is a URL is not a name",
            html: "<meta property='article:author' content='https://facebook.example/x'>"
        ) { $0.author == nil },
        Snippet(name: "published from <time datetime>", html: "<time datetime='2024-10-22T01:02:03Z'>Tuesday</time>") {
            $0.published.map(FeedDate.iso8601) == "2024-10-22T01:02:03Z"
        },
        Snippet(name: "published from meta date variants", html: "<meta name='dc.date.issued' content='2024-10-22'>") {
            $0.published.map(FeedDate.iso8601) == "2024-10-22T00:00:00Z"
        },
        Snippet(
            name: "scripts, styles, noscript, iframes, svg and forms' controls dropped",
            html: "<div><p>\(paragraph)</p><script>var x = 1;</script><style>p{}</style><noscript>Enable JS</noscript>"
                + "<iframe>frame</iframe><svg><title>icon</title></svg><select><option>Choose</option></select></div>"
        ) {
            $0.text == paragraph
        },
        Snippet(
            name: "hidden elements dropped",
            html: "<div><p>\(paragraph)</p><p style='display: none'>Hidden one</p><p hidden>Hidden two</p></div>"
        ) {
            $0.text == paragraph
        },
        Snippet(
            name: "a cookie banner and a share bar inside the article are dropped",
            html: "<article><div class='cookie-banner'><p>\(paragraph) cookies</p></div><p>\(paragraph)</p>"
                + "<div class='share-tools'><p>Share this article with your friends and family today.</p></div></article>"
        ) {
            $0.text == paragraph
        },
        Snippet(
            name: "JSON-LD body used when longer than the page's text",
            html:
                "<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"articleBody\":\"<p>One &amp; two.</p><p>Three.</p>\"}"
                + "</script><p>Short.</p>"
        ) { $0.text == "One & two.\n\nThree." },
        Snippet(
            name: "broken JSON-LD is ignored",
            html: "<script type='application/ld+json'>{\"@type\": </script><p>\(paragraph)</p>"
        ) {
            $0.text == paragraph
        },
        Snippet(name: "page without a charset: windows-1252 guess", html: "<p>Caf\u{E9} au lait</p>") {
            $0.text.contains("au lait")
        },
        Snippet(
            name: "entities decoded, white space collapsed",
            html: "<p>Tom&nbsp;&amp;\n\n  Jerry &#x2014; &quot;ok&quot;</p>"
        ) {
            $0.text == "Tom & Jerry — \"ok\""
        },
    ]

    @Test(arguments: snippets)
    func snippet(_ snippet: Snippet) {
        let article = ArticleExtractor.extract(
            Array(snippet.html.utf8), contentType: snippet.contentType, url: snippet.url)
        #expect(snippet.expect(article), "\(article)")
    }
}
