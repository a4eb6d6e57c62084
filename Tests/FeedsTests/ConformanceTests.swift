import Foundation
import Testing

@testable import Feeds

/// One test per class of disagreement with feedparser that was newswatch's fault
/// (found by Benchmarks/feeds_conformance.py; see Benchmarks/README.md, "Feeds").
@Suite("Conformance with feedparser")
struct ConformanceTests {
    private func parse(_ xml: String, url: String? = "https://site.example/feed", contentType: String? = nil) throws
        -> Feed
    {
        try FeedParser().parse(Data(xml.utf8), url: url, contentType: contentType)
    }

    private func parse(bytes: [UInt8], contentType: String? = nil) throws -> Feed {
        try FeedParser().parse(Data(bytes), url: "https://site.example/feed", contentType: contentType)
    }

    private func rssItem(_ item: String, namespaces: String = "") -> String {
        "<rss version=\"2.0\"\(namespaces)><channel><title>c</title>\(item)</channel></rss>"
    }

    /// Text repairs in a title (short: repaired in place) and in a long description (taken out of
    /// the document and decoded by the preprocessor): both paths must agree.
    static let textRepairs: [(String, String)] = [
        ("&#X41;", "A"),  // upper-case X: HTML accepts it, XML does not
        ("don\u{92}t", "don\u{2019}t"),  // UTF-8 encoded C1 control read as windows-1252
        ("&#226;&#128;&#166;", "\u{2026}"),  // UTF-8 bytes spelled as references
        ("&#195;&#169;t&#195;&#169;", "\u{E9}t\u{E9}"),
        ("&#226; alone", "\u{E2} alone"),  // a lone lead byte stays what it says
        ("Kim&rsquo;s &amp; AT&T &bogus;", "Kim\u{2019}s & AT&T &bogus;"),
        ("&#146;&#0;&#1;", "\u{2019}\u{FFFD}\u{FFFD}"),
        ("ctrl\u{1}char\u{B}tab", "ctrlchar tab"),
    ]

    @Test(arguments: textRepairs)
    func repairsTextInPlaceAndInExtractedRuns(_ markup: String, _ expected: String) throws {
        let padding = String(repeating: "x", count: 40)
        let feed = try parse(
            rssItem(
                """
                <item><title>\(markup)</title><description>\(padding) \(markup) \(padding)</description>
                <link>https://site.example/1</link></item>
                """))
        #expect(feed.entries.map(\.title) == [expected])
        #expect(feed.entries.first?.text == "\(padding) \(expected) \(padding)")
    }

    /// RSS titles are plain text by the format and escaped HTML in practice: HTML only when it looks so.
    static let rssTitles: [(String, String)] = [
        ("AT&amp;T", "AT&T"),
        ("Why &lt;script&gt; is bad", "Why <script> is bad"),
        ("The &lt;details&gt; element", "The <details> element"),
        ("1 &lt; 2 &amp;&amp; 3 &gt; 2", "1 < 2 && 3 > 2"),
        ("&lt;b&gt;Bold&lt;/b&gt; move", "Bold move"),
        ("Tom &amp;amp; Jerry", "Tom & Jerry"),
        ("It&amp;rsquo;s", "It\u{2019}s"),
        ("&lt;p&gt;x&lt;/p&gt; &amp;bogus;", "<p>x</p> &bogus;"),
        ("<![CDATA[<em>Hi</em>  there]]>", "Hi there"),
        ("<![CDATA[Fish & Chips <3]]>", "Fish & Chips <3"),
    ]

    @Test(arguments: rssTitles)
    func rssTitleIsHTMLOnlyWhenItLooksLikeHTML(_ markup: String, _ expected: String) throws {
        let feed = try parse(rssItem("<item><title>\(markup)</title></item>"))
        #expect(feed.entries.map(\.title) == [expected])
        let atom = try parse(
            "<feed xmlns='http://www.w3.org/2005/Atom'><entry><title type='html'>\(markup)</title></entry></feed>")
        #expect(atom.entries.count == 1)
    }

    @Test func longCDATAAndShortCDATAReadAlike() throws {
        let long = String(repeating: "word ", count: 20)
        let feed = try parse(
            rssItem(
                """
                <item><title><![CDATA[a & <b>b</b>]]></title>
                <description><![CDATA[<p>\(long)&amp; it&rsquo;s</p>]]></description></item>
                """))
        #expect(feed.entries.first?.title == "a & b")
        #expect(feed.entries.first?.text == long + "& it\u{2019}s")
    }

    /// The preprocessor stands a `<?_nwc N?>` instruction in for each long CDATA section. One written in
    /// the feed itself must not pull a section's text into another element.
    @Test func aPlaceholderWrittenInTheFeedPullsInNothing() throws {
        let secret = "secret text of the first entry, long enough to be stored apart"
        let feed = try parse(
            rssItem(
                """
                <item><title>one</title><description><![CDATA[\(secret)]]></description></item>
                <item><title>two <?_nwc 0?>end</title><description>plain<?_nwc 0?> <?_nwc  0 ?>text</description></item>
                """))
        #expect(feed.entries.map(\.title) == ["one", "two end"])
        #expect(feed.entries.map(\.text) == [secret, "plain text"])
    }

    @Test func literalInternalEntitiesExpandNestedOnesDoNot() throws {
        let feed = try parse(
            """
            <!DOCTYPE rss [
              <!ENTITY id "tag:example.com,">
              <!ENTITY nested "&id;x">
              <!ENTITY less "a &#60; b &#x26; c">
              <!ENTITY % param "ignored">
              <!ENTITY ext SYSTEM "file:///etc/passwd">
            ]>
            \(rssItem("<item><guid isPermaLink='false'>&id;2006:/blog/</guid><title>&nested; &ext;</title></item>"
                + "<item><title>&less;</title><description>\(String(repeating: "long ", count: 8))&less;</description></item>"))
            """)
        #expect(feed.entries.first?.id == "tag:example.com,2006:/blog/")
        #expect(feed.entries.first?.title == "&nested; &ext;")
        #expect(feed.entries.last?.title == "a < b & c")
        #expect(feed.entries.last?.text == String(repeating: "long ", count: 8) + "a < b & c")
    }

    /// Found by feeds-fuzz (a leak: libxml2 built a document for the DOCTYPE's entities).
    @Test func doctypeAfterABrokenXMLDeclarationIsStillRemoved() throws {
        let feed = try parse(
            """
            <?xml version="1.0"?<!-- x="y" -->
            <!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            \(rssItem("<item><title>&lol; &lol1;</title></item>"))
            """)
        #expect(feed.entries.map(\.title) == ["lol &lol1;"])
        #expect(feed.malformed)
    }

    /// Text taken out of the document (see XMLPreprocessor) must not hide what libxml2 would report.
    @Test func extractedTextKeepsMalformedSignals() throws {
        let long = String(repeating: "long text ", count: 5)
        let junkAfterRoot = try parse(rssItem("<item><title>x</title></item>") + "\n\(long) trailing junk")
        #expect(junkAfterRoot.malformed)
        let cdataEnd = try parse(rssItem("<item><title>a ]]> b \(long)</title></item>"))
        #expect(cdataEnd.malformed)
        #expect(cdataEnd.entries.first?.title == "a ]]> b " + long.trimmingCharacters(in: .whitespaces))
        #expect(
            try parse(rssItem("<item><title>\(long)</title><description>\(long)</description></item>")).malformed
                == false)
    }

    /// Found by differential fuzzing (extraction on and off): an entity value with control
    /// characters is refused, and `<!` that starts nothing known is left to libxml2 with its text.
    @Test func entityValuesWithControlsAndUnknownMarkupDeclarations() throws {
        let feed = try parse(
            """
            <!DOCTYPE rss [<!ENTITY lol "\u{6}\u{1}lol">]>
            \(rssItem("<item><title>a &lol; b</title><description>x <!ENTITY author \"Ann\"> and a long enough text</description></item>"))
            """)
        let title = try #require(feed.entries.first?.title)
        #expect(!title.unicodeScalars.contains { $0.value < 0x20 })
        #expect(title == "a &lol; b")
        #expect(feed.malformed)
    }

    @Test func documentCutInsideCDATAOpeningLosesOnlyTheStub() throws {
        let feed = try parse("<rss version=\"2.0\"><channel><title>t</title><item><title><![CD\n")
        #expect(feed.entries.map(\.title) == [""])
        #expect(feed.malformed)
    }

    @Test func atomItemAndFeedInAnUnknownNamespaceAreAtom() throws {
        let feed = try parse(
            """
            <feed version="0.3" xmlns="http://example.com/newformat#"><title>Example Atom</title>
            <item><title>one</title><id>urn:x:1</id></item><entry><title>two</title></entry></feed>
            """)
        #expect(feed.format == .atom03)
        #expect(feed.title == "Example Atom")
        #expect(feed.entries.map(\.title) == ["one", "two"])
    }

    @Test func atomIDThatIsAURLIsTheLinkFallback() throws {
        let feed = try parse(
            """
            <feed xmlns="http://www.w3.org/2005/Atom"><id>http://example.com/</id>
            <entry><id>http://example.com/1</id></entry>
            <entry><id>tag:example.com,2024:2</id></entry>
            <entry><id>http://example.com/3</id><link href="/three"/></entry></feed>
            """)
        #expect(feed.link == "http://example.com/")
        #expect(feed.entries.map(\.link) == ["http://example.com/1", nil, "https://site.example/three"])
        #expect(feed.entries.map(\.id) == ["http://example.com/1", "tag:example.com,2024:2", "http://example.com/3"])
    }

    @Test func atomBase64AndEmptyTypes() throws {
        let feed = try parse(
            """
            <feed xmlns="http://www.w3.org/2005/Atom">
            <entry><title type="">evil</title><content type="application/octet-stream">
              RXhhbXBsZSA8Yj5BdG9tPC9iPg==
            </content></entry>
            <entry><title>binary</title><content type="image/png">iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAY=</content></entry>
            </feed>
            """)
        #expect(feed.entries.map(\.title) == ["evil", "binary"])
        #expect(feed.entries.map(\.text) == ["Example <b>Atom</b>", ""])
    }

    @Test func podcastAndMediaRSSFallbacks() throws {
        let ns =
            " xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\" xmlns:media=\"http://search.yahoo.com/mrss/\""
        let feed = try parse(
            rssItem(
                """
                <item><itunes:summary>Episode &lt;b&gt;notes&lt;/b&gt;</itunes:summary></item>
                <item><media:title>Only a media title</media:title>
                  <media:group><media:description>In a group</media:description></media:group></item>
                <item><title>T</title><description>D</description><itunes:summary>S</itunes:summary>
                  <media:title>M</media:title></item>
                """, namespaces: ns))
        #expect(feed.entries.map(\.title) == ["", "Only a media title", "T"])
        #expect(feed.entries.map(\.text) == ["Episode notes", "In a group", "D"])
    }

    @Test func atomStyleElementsInRSS() throws {
        let feed = try parse(
            rssItem(
                """
                <link href="http://podlove.org/"/>
                <item><title>Fiat Lux</title><link href="http://podlove.org/podcast/1"/>
                <id>urn:uuid:3241ace2</id><updated>2012-03-26T23:25:19Z</updated><summary>First episode</summary></item>
                <item><fullitem>&lt;p&gt;Full&lt;/p&gt;</fullitem><description>Teaser</description></item>
                <item><body>safe<script>x()</script> text</body></item>
                """))
        #expect(feed.link == "http://podlove.org/")
        let first = try #require(feed.entries.first)
        #expect(first.link == "http://podlove.org/podcast/1")
        #expect(first.id == "urn:uuid:3241ace2")
        #expect(first.updated.map(FeedDate.iso8601) == "2012-03-26T23:25:19Z")
        #expect(feed.entries.map(\.text) == ["First episode", "Full", "safe text"])
    }

    @Test func aRepeatedDateElementReplacesTheEarlierOne() throws {
        let feed = try parse(
            """
            <feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry>
            <issued>Thu, 01 Jan 2004 19:48:21 GMT</issued><published>Sat, 01 Jan 2010 19:48:21 GMT</published>
            <modified>2003-12-31T10:14:55Z</modified><modified>2010-12-01T10:14:55Z</modified>
            </entry></feed>
            """)
        #expect(feed.entries.first?.published.map(FeedDate.iso8601) == "2010-01-01T19:48:21Z")
        #expect(feed.entries.first?.updated.map(FeedDate.iso8601) == "2010-12-01T10:14:55Z")
    }

    @Test func fallbackContentOfObjectAndIframeIsText() {
        #expect(HTMLText.plainText("safe<object classid=\"x\"> <b>description</b></object>") == "safe description")
        #expect(HTMLText.plainText("safe <iframe src=\"x\">description</iframe>") == "safe description")
        #expect(HTMLText.plainText("a<applet code=\"x\">hidden</applet>b") == "ab")
    }

    /// Declared encodings under the names Python (and feeds) use; byte 0x80 of each.
    static let declaredLabels: [(String, String)] = [
        ("macroman", "\u{C4}"), ("mac", "\u{C4}"), ("maccentraleurope", "\u{C4}"), ("cp_is", "\u{C7}"),
        ("windows_1251", "\u{402}"), ("ms-cyrl", "\u{402}"), ("koi8-r", "\u{2500}"),
    ]

    @Test(arguments: declaredLabels)
    func declaredLegacyLabels(_ label: String, _ expected: String) throws {
        let bytes =
            Array("<?xml version='1.0' encoding='\(label)'?><rss version='2.0'><channel><title>".utf8)
            + [0x80] + Array("</title></channel></rss>".utf8)
        #expect(try parse(bytes: bytes).title == expected)
    }

    @Test func ebcdicDocumentIsReadInItsCodePage() throws {
        // "<?xml version='1.0' encoding='cp037'?><rss version='2.0'><channel><title>Café</title>..." in cp037.
        let bytes: [UInt8] = [
            0x4C, 0x6F, 0xA7, 0x94, 0x93, 0x40, 0xA5, 0x85, 0x99, 0xA2, 0x89, 0x96, 0x95, 0x7E, 0x7D, 0xF1, 0x4B, 0xF0,
            0x7D, 0x40, 0x85, 0x95, 0x83, 0x96, 0x84, 0x89, 0x95, 0x87, 0x7E, 0x7D, 0x83, 0x97, 0xF0, 0xF3, 0xF7, 0x7D,
            0x6F, 0x6E, 0x4C, 0x99, 0xA2, 0xA2, 0x40, 0xA5, 0x85, 0x99, 0xA2, 0x89, 0x96, 0x95, 0x7E, 0x7D, 0xF2, 0x4B,
            0xF0, 0x7D, 0x6E, 0x4C, 0x83, 0x88, 0x81, 0x95, 0x95, 0x85, 0x93, 0x6E, 0x4C, 0xA3, 0x89, 0xA3, 0x93, 0x85,
            0x6E, 0xC3, 0x81, 0x86, 0x51, 0x4C, 0x61, 0xA3, 0x89, 0xA3, 0x93, 0x85, 0x6E, 0x4C, 0x61, 0x83, 0x88, 0x81,
            0x95, 0x95, 0x85, 0x93, 0x6E, 0x4C, 0x61, 0x99, 0xA2, 0xA2, 0x6E,
        ]
        #expect(try parse(bytes: bytes).title == "Caf\u{E9}")
    }

    /// Undeclared legacy text (no XML declaration, no charset): (encoding, text, its bytes).
    static let undeclared: [(String, String, [UInt8])] = [
        (
            "shift_jis", "日本のニュースです。北朝鮮とロシアの関係について",
            [
                0x93, 0xFA, 0x96, 0x7B, 0x82, 0xCC, 0x83, 0x6A, 0x83, 0x85, 0x81, 0x5B, 0x83, 0x58, 0x82, 0xC5, 0x82,
                0xB7, 0x81, 0x42, 0x96, 0x6B, 0x92, 0xA9, 0x91, 0x4E, 0x82, 0xC6, 0x83, 0x8D, 0x83, 0x56, 0x83, 0x41,
                0x82, 0xCC, 0x8A, 0xD6, 0x8C, 0x57, 0x82, 0xC9, 0x82, 0xC2, 0x82, 0xA2, 0x82, 0xC4,
            ]
        ),
        (
            "euc_jp", "日本のニュースです。北朝鮮とロシアの関係について",
            [
                0xC6, 0xFC, 0xCB, 0xDC, 0xA4, 0xCE, 0xA5, 0xCB, 0xA5, 0xE5, 0xA1, 0xBC, 0xA5, 0xB9, 0xA4, 0xC7, 0xA4,
                0xB9, 0xA1, 0xA3, 0xCB, 0xCC, 0xC4, 0xAB, 0xC1, 0xAF, 0xA4, 0xC8, 0xA5, 0xED, 0xA5, 0xB7, 0xA5, 0xA2,
                0xA4, 0xCE, 0xB4, 0xD8, 0xB7, 0xB8, 0xA4, 0xCB, 0xA4, 0xC4, 0xA4, 0xA4, 0xA4, 0xC6,
            ]
        ),
        (
            "euc_kr", "한국 뉴스입니다. 대통령이 오늘 발표했습니다",
            [
                0xC7, 0xD1, 0xB1, 0xB9, 0x20, 0xB4, 0xBA, 0xBD, 0xBA, 0xC0, 0xD4, 0xB4, 0xCF, 0xB4, 0xD9, 0x2E, 0x20,
                0xB4, 0xEB, 0xC5, 0xEB, 0xB7, 0xC9, 0xC0, 0xCC, 0x20, 0xBF, 0xC0, 0xB4, 0xC3, 0x20, 0xB9, 0xDF, 0xC7,
                0xA5, 0xC7, 0xDF, 0xBD, 0xC0, 0xB4, 0xCF, 0xB4, 0xD9,
            ]
        ),
        (
            "gb2312", "中国新闻。政府今天宣布了新的经济政策",
            [
                0xD6, 0xD0, 0xB9, 0xFA, 0xD0, 0xC2, 0xCE, 0xC5, 0xA1, 0xA3, 0xD5, 0xFE, 0xB8, 0xAE, 0xBD, 0xF1, 0xCC,
                0xEC, 0xD0, 0xFB, 0xB2, 0xBC, 0xC1, 0xCB, 0xD0, 0xC2, 0xB5, 0xC4, 0xBE, 0xAD, 0xBC, 0xC3, 0xD5, 0xFE,
                0xB2, 0xDF,
            ]
        ),
        (
            "big5", "台灣新聞。政府今天宣布了新的經濟政策",
            [
                0xA5, 0x78, 0xC6, 0x57, 0xB7, 0x73, 0xBB, 0x44, 0xA1, 0x43, 0xAC, 0x46, 0xA9, 0xB2, 0xA4, 0xB5, 0xA4,
                0xD1, 0xAB, 0xC5, 0xA5, 0xAC, 0xA4, 0x46, 0xB7, 0x73, 0xAA, 0xBA, 0xB8, 0x67, 0xC0, 0xD9, 0xAC, 0x46,
                0xB5, 0xA6,
            ]
        ),
        (
            "koi8_r", "Новости России: правительство объявило",
            [
                0xEE, 0xCF, 0xD7, 0xCF, 0xD3, 0xD4, 0xC9, 0x20, 0xF2, 0xCF, 0xD3, 0xD3, 0xC9, 0xC9, 0x3A, 0x20, 0xD0,
                0xD2, 0xC1, 0xD7, 0xC9, 0xD4, 0xC5, 0xCC, 0xD8, 0xD3, 0xD4, 0xD7, 0xCF, 0x20, 0xCF, 0xC2, 0xDF, 0xD1,
                0xD7, 0xC9, 0xCC, 0xCF,
            ]
        ),
        (
            "cp1251", "Новости России: правительство объявило",
            [
                0xCD, 0xEE, 0xE2, 0xEE, 0xF1, 0xF2, 0xE8, 0x20, 0xD0, 0xEE, 0xF1, 0xF1, 0xE8, 0xE8, 0x3A, 0x20, 0xEF,
                0xF0, 0xE0, 0xE2, 0xE8, 0xF2, 0xE5, 0xEB, 0xFC, 0xF1, 0xF2, 0xE2, 0xEE, 0x20, 0xEE, 0xE1, 0xFA, 0xFF,
                0xE2, 0xE8, 0xEB, 0xEE,
            ]
        ),
        (
            "cp1255", "חדשות ישראל הממשלה הודיעה היום",
            [
                0xE7, 0xE3, 0xF9, 0xE5, 0xFA, 0x20, 0xE9, 0xF9, 0xF8, 0xE0, 0xEC, 0x20, 0xE4, 0xEE, 0xEE, 0xF9, 0xEC,
                0xE4, 0x20, 0xE4, 0xE5, 0xE3, 0xE9, 0xF2, 0xE4, 0x20, 0xE4, 0xE9, 0xE5, 0xED,
            ]
        ),
        (
            "cp874", "ข่าวประเทศไทย รัฐบาลประกาศวันนี้",
            [
                0xA2, 0xE8, 0xD2, 0xC7, 0xBB, 0xC3, 0xD0, 0xE0, 0xB7, 0xC8, 0xE4, 0xB7, 0xC2, 0x20, 0xC3, 0xD1, 0xB0,
                0xBA, 0xD2, 0xC5, 0xBB, 0xC3, 0xD0, 0xA1, 0xD2, 0xC8, 0xC7, 0xD1, 0xB9, 0xB9, 0xD5, 0xE9,
            ]
        ),
    ]

    @Test(arguments: undeclared)
    func undeclaredLegacyEncodingIsGuessed(_ encoding: String, _ text: String, _ bytes: [UInt8]) throws {
        let feed = try parse(
            bytes: Array("<rss version='2.0'><channel><title>".utf8) + bytes
                + Array("</title></channel></rss>".utf8))
        #expect(feed.title == text, "\(encoding)")
        #expect(feed.malformed)
    }

    @Test func schemesAreLowerCasedInLinks() {
        #expect(URLResolver.resolve("HTTP://www.example.org/thing", against: nil) == "http://www.example.org/thing")
        #expect(URLResolver.resolve("/a", against: "HTTPS://X.example/b") == "https://X.example/a")
        #expect(
            URLResolver.resolve("https://x.example/a.b/c.html?q=./..", against: nil)
                == "https://x.example/a.b/c.html?q=./..")
    }
}
