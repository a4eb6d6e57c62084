import Foundation
import TestSupport
import Testing

@testable import Articles

/// Whatever comes in, the extractor returns, with bounded work: no crash, no recursion that grows with
/// the input, and garbage gives an empty article rather than noise.
@Suite("Robustness")
struct RobustnessTests {
    @Test func emptyInput() {
        #expect(ArticleExtractor.extract([], contentType: nil, url: nil) == ExtractedArticle())
        #expect(
            ArticleExtractor.extract([], contentType: "text/html; charset=euc-kr", url: "https://x.example/")
                == ExtractedArticle())
    }

    @Test func garbageInputs() {
        var rng = SplitMix64(seed: 7)
        for size in [1, 2, 3, 17, 256, 4096, 65_536] {
            let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let article = ArticleExtractor.extract(bytes, contentType: nil, url: nil)
            #expect(!article.text.contains("\n\n\n"))
        }
        for text in [
            "\u{0}\u{0}\u{0}", "<", "<<<>>>", "</p></div></html>", "<!--", "<![CDATA[", "&#0;&#xD800;", "<html",
        ] {
            let article = ArticleExtractor.extract(Array(text.utf8), contentType: "text/html", url: "::")
            #expect(article.title == nil)
        }
    }

    @Test func plainTextIsItsOwnParagraph() {
        let article = ArticleExtractor.extract(
            Array("Just a line of text, nothing else.".utf8), contentType: nil, url: nil)
        #expect(article.text == "Just a line of text, nothing else.")
    }

    @Test func deeplyNestedPage() {
        let depth = 100_000
        var html = Array("<html><body>".utf8)
        html.reserveCapacity(depth * 12 + 1024)
        for _ in 0..<depth { html.append(contentsOf: "<div>".utf8) }
        html.append(contentsOf: "<p>\(ExtractionTests.paragraph)</p>".utf8)
        for _ in 0..<depth { html.append(contentsOf: "</div>".utf8) }
        html.append(
            contentsOf: "<p>After the nesting, a second paragraph of plain text with commas, and more.</p>".utf8)
        let article = ArticleExtractor.extract(html, contentType: "text/html", url: nil)
        #expect(article.text.contains(ExtractionTests.paragraph))
    }

    @Test func deeplyNestedInlineAndUnclosed() {
        var html = Array("<p>".utf8)
        for _ in 0..<100_000 { html.append(contentsOf: "<b><i><span><a href=x>".utf8) }
        html.append(contentsOf: "deep text".utf8)
        let article = ArticleExtractor.extract(html, contentType: nil, url: nil)
        #expect(article.text.isEmpty || article.text.contains("deep text"))
    }

    @Test func hugePage() {
        // About 24 MB: many articles' worth of paragraphs and link lists.
        var html = Array("<html><head><title>Huge</title></head><body>".utf8)
        let block = Array(
            ("<div class='item'><p>\(ExtractionTests.paragraph)</p><ul><li><a href='/x'>link one</a></li>"
                + "<li><a href='/y'>link two</a></li></ul></div>\n").utf8)
        while html.count < 24 << 20 { html.append(contentsOf: block) }
        let article = ArticleExtractor.extract(html, contentType: "text/html; charset=utf-8", url: nil)
        #expect(article.title == "Huge")
        #expect(article.text.hasPrefix(ExtractionTests.paragraph))
    }

    @Test func inputBeyondTheCapIsNotRead() {
        var html = Array("<p>\(ExtractionTests.paragraph)</p>".utf8)
        html.append(contentsOf: [UInt8](repeating: 0x20, count: ArticleExtractor.maxInput))
        html.append(contentsOf: "<p>Past the cap.</p>".utf8)
        let article = ArticleExtractor.extract(html, contentType: nil, url: nil)
        #expect(article.text == ExtractionTests.paragraph)
    }

    @Test func manyJSONLDScripts() {
        var html = ""
        for i in 0..<2000 {
            html +=
                "<script type='application/ld+json'>{\"@graph\":[[[{\"@type\":\"Thing\",\"name\":\"\(i)\"}]]]}</script>"
        }
        html += "<p>\(ExtractionTests.paragraph)</p>"
        let article = ArticleExtractor.extract(Array(html.utf8), contentType: nil, url: nil)
        #expect(article.text == ExtractionTests.paragraph)
    }
}
