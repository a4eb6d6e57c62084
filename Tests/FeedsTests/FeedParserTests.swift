import Foundation
import Testing

@testable import Feeds

@Suite("Feed parser behaviour")
struct FeedParserTests {
    private func parse(_ xml: String, url: String? = "https://site.example/feed", contentType: String? = nil) throws
        -> Feed
    {
        try FeedParser().parse(Data(xml.utf8), url: url, contentType: contentType)
    }

    private func rss(_ items: String, channel: String = "<title>T</title><link>https://site.example/</link>") -> String
    {
        "<rss version=\"2.0\"><channel>\(channel)\(items)</channel></rss>"
    }

    @Test func permaLinkGuidServesAsLinkOnlyWithoutLink() throws {
        let feed = try parse(
            rss(
                """
                <item><title>a</title><guid>https://site.example/a</guid></item>
                <item><title>b</title><guid isPermaLink="false">https://site.example/b</guid></item>
                <item><title>c</title><link>https://site.example/c-link</link><guid>https://site.example/c</guid></item>
                """))
        #expect(feed.entries.map(\.link) == ["https://site.example/a", nil, "https://site.example/c-link"])
        #expect(
            feed.entries.map(\.id) == ["https://site.example/a", "https://site.example/b", "https://site.example/c"])
    }

    @Test func idFallsBackToLinkThenToDerivedKey() throws {
        let feed = try parse(
            rss(
                """
                <item><title>a</title><link>/a</link></item>
                <item><title>b</title><description>text</description></item>
                <item><title>b</title><description>text</description></item>
                """))
        #expect(feed.entries[0].id == "https://site.example/a")
        #expect(feed.entries[1].id == EntryIdentity.derivedID(title: "b", text: "text"))
        #expect(feed.entries[1].id == feed.entries[2].id)
        #expect(feed.entries[1].id.hasPrefix("urn:newswatch:"))
        #expect(feed.entries[1].id.utf8.count == "urn:newswatch:".utf8.count + 16)
    }

    @Test func relativeLinksUseFeedLinkThenFetchURL() throws {
        let withChannelLink = try parse(
            rss(
                "<item><link>story</link></item>",
                channel: "<link>https://home.example/news/</link>"))
        #expect(withChannelLink.entries[0].link == "https://home.example/news/story")
        let withoutChannelLink = try parse(rss("<item><link>story</link></item>", channel: ""))
        #expect(withoutChannelLink.entries[0].link == "https://site.example/story")
        let noBase = try parse(rss("<item><link>story</link></item>", channel: ""), url: nil)
        #expect(noBase.entries[0].link == "story")
    }

    @Test func contentIsPreferredOverSummaryAndBothAreKept() throws {
        let feed = try parse(
            """
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
            <item><description>Teaser</description><content:encoded>&lt;p&gt;Full&lt;/p&gt; text</content:encoded></item>
            <item><description>Only teaser</description></item>
            </channel></rss>
            """)
        #expect(feed.entries[0].summary == "Teaser")
        #expect(feed.entries[0].content == "Full text")
        #expect(feed.entries[0].text == "Full text")
        #expect(feed.entries[1].text == "Only teaser")
    }

    @Test func atomPrefersHTMLAlternateLink() throws {
        let feed = try parse(
            """
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><id>x</id>
            <link rel="self" href="/self"/><link rel="alternate" type="application/json" href="/json"/>
            <link type="text/html" href="/html"/><link rel="alternate" href="/second"/>
            </entry></feed>
            """)
        #expect(feed.entries[0].link == "https://site.example/html")
    }

    @Test func undeclaredPrefixesStillRead() throws {
        let feed = try parse(
            rss("<item><title>t</title><dc:creator>Ann</dc:creator><dc:date>2024-01-02</dc:date></item>"))
        #expect(feed.entries[0].author == "Ann")
        #expect(feed.entries[0].published.map(FeedDate.iso8601) == "2024-01-02T00:00:00Z")
        #expect(feed.malformed)
    }

    /// Repairs made before libxml2 sees the bytes: (title markup, expected title, malformed).
    static let repairs: [(String, String, Bool)] = [
        ("Tom &amp; Jerry", "Tom & Jerry", false),
        ("Kim&rsquo;s", "Kim\u{2019}s", true),
        ("AT&T", "AT&T", true),
        ("&unknown; name", "&unknown; name", true),
        ("a < b", "a < b", true),
        ("x <3 y", "x <3 y", true),
        ("&#146;quoted&#148;", "\u{2019}quoted\u{201D}", false),
        ("&#0; bad", "\u{FFFD} bad", true),
        ("&#65 unterminated", "A unterminated", true),
        ("ctrl\u{1}char", "ctrlchar", true),
        ("<![CDATA[&rsquo; in CDATA & <b>kept</b>]]>", "\u{2019} in CDATA & kept", false),
        ("<!-- & comment --> text", "text", false),
        ("&amp;amp;rsquo; double", "&rsquo; double", false),
    ]

    @Test(arguments: repairs)
    func repairsBeforeParsing(_ markup: String, _ title: String, _ malformed: Bool) throws {
        let feed = try parse(rss("<item><title>\(markup)</title><link>https://site.example/1</link></item>"))
        #expect(feed.entries.map(\.title) == [title])
        #expect(feed.malformed == malformed)
    }

    @Test func strayEndTagsThenTruncationInsideMarkup() throws {
        let feed = try parse(
            """
            <rss version="2.0"><channel><title>c</title>
            <item><title>one</title><description>x</p></div></span></td></description></item>
            <item><title>two</title></description></item></channel></item>
            <item><title>three</title><description>cut <b>bold <i>italic
            """)
        #expect(feed.entries.map(\.title) == ["one", "two", "three"])
        #expect(feed.entries.last?.text == "cut bold italic")
        #expect(feed.malformed)
    }

    @Test func wellFormedFeedIsNotMalformed() throws {
        #expect(try parse(rss("<item><title>fine &amp; dandy</title></item>")).malformed == false)
    }

    @Test func manyEntitiesDoNotExpand() throws {
        var doc = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\">"
        for level in 1...12 {
            doc +=
                "<!ENTITY a\(level) \"" + String(repeating: "&a\(level == 1 ? "" : String(level - 1));", count: 16)
                + "\">"
        }
        doc += "]>" + rss("<item><title>&a12;</title><link>https://site.example/x</link></item>")
        let feed = try parse(doc)
        #expect(feed.entries.count == 1)
        #expect(feed.entries[0].title == "&a12;")
        #expect(feed.malformed)
    }

    @Test func formatDetectionIgnoresNamesAndContentType() throws {
        let atom = try parse(
            "<feed xmlns='http://www.w3.org/2005/Atom'><title>x</title></feed>",
            url: "https://x.example/rss.xml", contentType: "application/rss+xml")
        #expect(atom.format == .atom10)
        let rss091 = try parse("<rss version='0.91'><channel><title>x</title></channel></rss>")
        #expect(rss091.format == .rss09x)
        let rss090 = try parse(
            """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
            <channel><title>old</title><link>http://old/</link></channel><item><title>i</title><link>http://old/i</link></item></rdf:RDF>
            """)
        #expect(rss090.format == .rss09x)
        #expect(rss090.entries.map(\.title) == ["i"])
    }

    @Test(arguments: [
        ("", FeedError.empty),
        ("   \n", FeedError.empty),
        ("<!doctype HTML><title>x</title>", FeedError.notAFeed("HTML page, not a feed")),
        ("<html><body>x</body></html>", FeedError.notAFeed("HTML page, not a feed")),
        (
            "<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'/>",
            FeedError.notAFeed("XML document with root element <svg>, not a feed")
        ),
        ("[1, 2]", FeedError.notAFeed("JSON document, not a JSON Feed")),
        ("{\"version\": ", FeedError.notAFeed("invalid JSON, not a feed")),
        ("hello", FeedError.notAFeed("neither XML nor JSON, not a feed")),
    ])
    func rejects(_ body: String, _ expected: FeedError) {
        #expect(throws: expected) { try FeedParser().parse(Data(body.utf8)) }
    }

    @Test func errorDescriptionsAreUserFacing() {
        #expect(FeedError.empty.description == "empty document")
        #expect(FeedError.notAFeed("HTML page, not a feed").description == "HTML page, not a feed")
    }

    @Test func failureLineHasNullFormatAndError() {
        let line = FeedJSON.line(input: "https://x.example/", result: .failure(.notAFeed("HTML page, not a feed")))
        #expect(
            line
                == #"{"input":"https://x.example/","title":null,"link":null,"format":null,"malformed":false,"entries":[],"error":"HTML page, not a feed"}"#
        )
    }

    @Test func jsonLineEscapes() {
        let feed = Feed(
            format: .rss20, title: "q\"b\\s\n\u{1}",
            entries: [
                Entry(id: "1", title: "t", published: Date(timeIntervalSince1970: 0), categories: ["a", "b"])
            ])
        let line = FeedJSON.line(input: "in", result: .success(feed))
        #expect(
            line
                == #"{"input":"in","title":"q\"b\\s\n\u0001","link":null,"format":"rss2.0","malformed":false,"entries":[{"id":"1","title":"t","link":null,"published":"1970-01-01T00:00:00Z","updated":null,"author":null,"categories":["a","b"],"text":""}]}"#
        )
    }

    @Test func charsetFromHTTPWhenBytesAreNotUTF8() throws {
        let bytes =
            Data("<rss version='2.0'><channel><title>".utf8) + Data([0xC4, 0xE9])
            + Data("</title></channel></rss>".utf8)
        let greek = try FeedParser().parse(bytes, contentType: "text/xml; charset=iso-8859-7")
        #expect(greek.title == "\u{394}\u{3B9}")
        #expect(!greek.malformed)
        let guessed = try FeedParser().parse(bytes)
        #expect(guessed.title == "\u{C4}\u{E9}")
        #expect(guessed.malformed)
    }

    @Test func validUTF8WinsOverAWrongDeclaration() throws {
        let xml =
            "<?xml version='1.0' encoding='ISO-8859-1'?><rss version='2.0'><channel><title>Café</title></channel></rss>"
        #expect(try parse(xml).title == "Café")
    }

    @Test func utf16WithoutBOMIsDetected() throws {
        let xml = "<rss version='2.0'><channel><title>\u{BD81}\u{D55C}</title></channel></rss>"
        var bytes: [UInt8] = []
        for unit in xml.utf16 { bytes.append(UInt8(unit >> 8)); bytes.append(UInt8(unit & 0xFF)) }
        #expect(try FeedParser().parse(Data(bytes)).title == "\u{BD81}\u{D55C}")
    }

    @Test func parsesConcurrently() async throws {
        let fixtures = FixtureCase.all
        let expected = try fixtures.map { FeedJSON.line(input: $0.file, result: try Fixtures.parse($0)) }
        let lines = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for _ in 0..<8 {
                for (index, fixture) in fixtures.enumerated() {
                    group.addTask {
                        (index, FeedJSON.line(input: fixture.file, result: try Fixtures.parse(fixture)))
                    }
                }
            }
            var results: [(Int, String)] = []
            for try await result in group { results.append(result) }
            return results
        }
        #expect(lines.count == fixtures.count * 8)
        for (index, line) in lines { #expect(line == expected[index]) }
    }
}
