import Foundation
import Glibc
import TestSupport
import Testing

/// The service reads the article page of a teaser entry and matches on what the article says (README
/// "Full article text"), and a page that fails falls back to the feed's text without losing the alert.
@Suite(.serialized) struct ArticlePageTests {
    static let koreanRule = """

          - id: dprk-forces-ko
            severity: high
            match: '북한 AND 특수부대 AND 러시아'
        """

    /// A news page: navigation, a cookie banner, the article, related links and a footer.
    static func page(title: String, paragraphs: [String], lang: String = "en", head: String = "") -> String {
        let body = paragraphs.map { "<p>\($0)</p>" }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="\(lang)"><head>\(head)<title>\(title) | Test Wire</title>
            <meta name="author" content="Kim Min-ji"></head>
            <body>
            <div id="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
            <nav class="menu"><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/world">World</a>
            <a href="/sports">Sports</a> <a href="/business">Business</a></nav>
            <article>
            <h1>\(title)</h1>
            <div class="byline">By Kim Min-ji</div>
            \(body)
            </article>
            <aside class="related"><h3>Related</h3><ul><li><a href="/a">Snow expected in Seoul</a></li>
            <li><a href="/b">Markets close higher</a></li></ul></aside>
            <footer>Copyright Test Wire. All rights reserved. <a href="/terms">Terms</a></footer>
            </body></html>
            """
    }

    static let forcesParagraphs = [
        "South Korea's spy agency said on Thursday that it had confirmed the movement of troops from the north.",
        "The National Intelligence Service said that about 1,500 personnel had been moved in the first phase of a "
            + "deployment that officials expect to grow to some 12,000 over the coming weeks.",
        "According to the agency, North Korea has sent special forces to Russia, where they are being trained at "
            + "bases in the Far East before moving to the front in the Kursk region.",
        "Officials in Seoul said they were watching closely, and that the government would consider every option, "
            + "including changes to its policy on supplying weapons, should the cooperation deepen further.",
    ]

    static let koreanParagraphs = [
        "국가정보원은 목요일 북한군의 이동을 확인했다고 밝혔다.",
        "정보당국에 따르면 북한은 특수부대를 러시아에 파병했으며, 이들은 극동 지역 기지에서 훈련을 받은 뒤 쿠르스크 전선으로 이동할 예정이다.",
        "정부는 상황을 면밀히 주시하고 있으며 모든 대응 방안을 검토하겠다고 밝혔다.",
    ]

    /// `text` in a legacy charset, through the C library's iconv.
    static func encode(_ text: String, as charset: String) throws -> Data {
        let converter = iconv_open(charset, "UTF-8")
        try #require(converter != iconv_t(bitPattern: -1), "iconv knows no \(charset)")
        defer { iconv_close(converter) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        let written = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outLeft = outBuffer.count
                let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                return result == -1 ? -1 : outBuffer.count - outLeft
            }
        }
        try #require(written >= 0, "\(charset) cannot encode the text")
        return Data(output.prefix(written))
    }

    func item(_ guid: String, _ title: String, path: String, _ teaser: String) -> FeedText.Item {
        FeedText.Item(guid: guid, title: title, link: "LINK" + path, description: teaser)
    }

    /// A feed of teasers whose links point at the test server's pages.
    func teaserFeed(_ h: ProductHarness, items: [FeedText.Item]) -> String {
        FeedText.rss(items: items).replacingOccurrences(of: "LINK", with: h.server.baseURL)
    }

    func record(_ h: ProductHarness, rule: String) throws -> [[String: Any]] {
        try h.spoolRecords().filter { ($0["rule"] as? [String: Any])?["id"] as? String == rule }
    }

    func article(_ record: [String: Any]?) -> [String: Any] { record?["article"] as? [String: Any] ?? [:] }

    @Test func teasersAreMatchedOnTheirArticlesAndFailedPagesFallBackToTheFeed() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules + Self.koreanRule)
        try h.writeConfig(feeds: [("wire", "/wire.xml")], article: "auto")
        let forcesTeaser = "Seoul's spy agency confirms troop movements."
        h.server.serve(
            "/wire.xml",
            body: teaserFeed(
                h,
                items: [
                    item("p1", "Spy agency confirms deployment", path: "/news/forces", forcesTeaser),
                    item("p2", "국정원, 북한군 이동 확인", path: "/news/ko", "국정원이 북한군 이동을 확인했다."),
                    item(
                        "p3", "Seoul weighs lethal aid", path: "/news/gone",
                        "South Korea may send lethal aid to Ukraine, officials said."),
                    item(
                        "p4", "Lethal aid debate in Seoul", path: "/news/elsewhere",
                        "Seoul debates lethal aid for Ukraine."),
                    item("p5", "Lethal aid: what we know", path: "/news/paywall", "Seoul and lethal aid for Ukraine."),
                    item(
                        "p6", "Lethal aid: the full story", path: "/news/huge", "South Korea, Ukraine and lethal aid."),
                ]))
        h.server.route("/news/forces") { _ in
            .text(
                Self.page(title: "Spy agency confirms deployment", paragraphs: Self.forcesParagraphs),
                contentType: "text/html")
        }
        let korean = try Self.encode(
            Self.page(
                title: "국정원, 북한군 이동 확인", paragraphs: Self.koreanParagraphs, lang: "ko",
                head: "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=euc-kr\">"),
            as: "EUC-KR")
        h.server.route("/news/ko") { _ in TestResponse(headers: ["Content-Type: text/html"], body: korean) }
        h.server.route("/news/gone") { _ in .notFound }
        h.server.route("/news/elsewhere") { _ in .redirect(to: "file:///etc/passwd") }
        h.server.route("/news/paywall") { _ in
            .text(
                Self.page(title: "Lethal aid", paragraphs: ["Subscribe to continue reading this article."]),
                contentType: "text/html")
        }
        let huge = Data(
            (Self.page(title: "Lethal aid", paragraphs: Self.forcesParagraphs)
                + String(repeating: "<p>filler text for a very large page</p>\n", count: 1_300_000)).utf8)
        h.server.route("/news/huge") { _ in TestResponse(headers: ["Content-Type: text/html"], body: huge) }

        let run = try h.runOnce()
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let all = try h.spoolRecords()

        // The English and the Korean article raise what their teasers never said.
        let forces = try record(h, rule: "dprk-forces-russia")
        #expect(forces.count == 1, "\(all)")
        #expect(article(forces.first)["text_source"] as? String == "page")
        #expect(article(forces.first)["author"] as? String == "Kim Min-ji")
        let hits = forces.first?["matches"] as? [[String: Any]] ?? []
        let special = hits.first { $0["text"] as? String == "special forces" }
        #expect(special?["field"] as? String == "text", "\(hits)")
        // The offset points into the article's text, past anything the teaser had.
        #expect((special?["offset"] as? Int ?? 0) > forcesTeaser.count, "\(hits)")
        #expect((forces.first?["snippet"] as? String)?.contains("[special forces]") == true)
        #expect(try record(h, rule: "dprk-forces-ko").count == 1, "\(all)")

        // The 404, the redirect to file://, the paywall and the 50 MB page fall back to the feed's text:
        // each still raises its alert, from what the feed said.
        let aid = try record(h, rule: "korea-lethal-aid")
        #expect(aid.count == 4, "\(aid)")
        #expect(aid.allSatisfy { article($0)["text_source"] as? String == "feed" }, "\(aid)")
        #expect(h.server.requests.allSatisfy { !$0.path.hasPrefix("/etc") })

        // Each failure is logged, once per kind, and counted on the feed.
        for kind in ["http-404", "refused-url", "paywall", "body-too-large"] {
            #expect(run.stderr.contains("kind=\(kind)"), "no \(kind) in stderr: \(run.stderr)")
        }
        #expect(run.stderr.contains("article page failed"), "stderr: \(run.stderr)")
        let status = try h.run(["status", "--json", "--config", h.configPath])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let feed = try #require((report["feeds"] as? [[String: Any]])?.first)
        let pages = try #require(feed["articles"] as? [String: Any], "\(feed)")
        #expect(pages["fetched"] as? Int == 6, "\(pages)")
        #expect(pages["failed"] as? Int == 4, "\(pages)")
        #expect(pages["fallbacks"] as? Int == 4, "\(pages)")
        let table = try h.run(["status", "--config", h.configPath])
        #expect(table.stdout.contains("67%"), "\(table.stdout)")

        // A second run finds nothing new: no page is fetched again.
        let pagesBefore = h.server.requests.filter { $0.path.hasPrefix("/news/") }.count
        #expect(try h.runOnce().status == 0)
        #expect(h.server.requests.filter { $0.path.hasPrefix("/news/") }.count == pagesBefore)
        #expect(h.spoolFiles().count == 6)
    }

    @Test func aFeedWithArticleNeverMakesNoPageRequest() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml")], article: "always")
        // The feed's own `article: never` wins over the global `always`.
        let config = try String(contentsOfFile: h.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "    tags: [test]\n", with: "    tags: [test]\n    article: never\n")
            .write(toFile: h.configPath, atomically: true, encoding: .utf8)
        h.server.serve(
            "/wire.xml",
            body: teaserFeed(
                h, items: [item("n1", "Spy agency confirms deployment", path: "/news/forces", "Troops moved.")]))
        h.server.route("/news/forces") { _ in
            .text(Self.page(title: "Deployment", paragraphs: Self.forcesParagraphs), contentType: "text/html")
        }
        let run = try h.runOnce()
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(h.server.requests(to: "/news/forces").isEmpty)
        #expect(h.spoolFiles().isEmpty)
    }

    @Test func twoTrackingLinksToOnePageWithACanonicalURLAreOneArticle() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml"), ("mirror", "/mirror.xml")], article: "always")
        h.server.serve(
            "/wire.xml",
            body: teaserFeed(h, items: [item("w1", "Deployment confirmed", path: "/news/forces?ref=wire", "Troops.")]))
        h.server.serve(
            "/mirror.xml",
            body: teaserFeed(h, items: [item("m1", "NIS: troops moved", path: "/copy/forces-12", "Troops moved.")]))
        let canonical = "<link rel=\"canonical\" href=\"https://wire.example/news/forces\">"
        let body = Self.page(title: "Deployment", paragraphs: Self.forcesParagraphs, head: canonical)
        h.server.route("/news/forces") { _ in .text(body, contentType: "text/html") }
        h.server.route("/copy/forces-12") { _ in .text(body, contentType: "text/html") }
        let run = try h.runOnce()
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let forces = try record(h, rule: "dprk-forces-russia")
        #expect(forces.count == 1, "\(forces)")
        #expect(article(forces.first)["canonical"] as? String == "https://wire.example/news/forces")
    }

    @Test func testArticlesMatchesThePagesOfAFeedFile() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml")], article: "auto")
        h.server.route("/news/forces") { _ in
            .text(Self.page(title: "Deployment", paragraphs: Self.forcesParagraphs), contentType: "text/html")
        }
        let feedPath = h.directory + "/teasers.xml"
        try teaserFeed(h, items: [item("t1", "Deployment confirmed", path: "/news/forces", "Troops moved.")])
            .write(toFile: feedPath, atomically: true, encoding: .utf8)
        let plain = try h.run(["test", "--config", h.configPath, feedPath])
        #expect(plain.status == 1, "stdout: \(plain.stdout) stderr: \(plain.stderr)")
        #expect(h.server.requests(to: "/news/forces").isEmpty)
        let withPages = try h.run(["test", "--articles", "--config", h.configPath, feedPath])
        #expect(withPages.status == 0, "stdout: \(withPages.stdout) stderr: \(withPages.stderr)")
        #expect(withPages.stdout.contains("dprk-forces-russia"), "\(withPages.stdout)")
        #expect(withPages.stdout.contains("[special forces]"), "\(withPages.stdout)")
        #expect(withPages.stderr.contains("1 article page fetched, 0 failed"), "\(withPages.stderr)")
    }
}
