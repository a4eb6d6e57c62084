import Testing

@testable import Articles

@Suite("Titles, charsets and JSON-LD")
struct HelperTests {
    @Test(
        arguments: [
            ("Seoul weighs aid | Example Herald", "Example Herald", false, "Seoul weighs aid"),
            ("Example Herald - Seoul weighs aid", "Example Herald", false, "Seoul weighs aid"),
            ("Seoul weighs aid | Herald", nil, false, "Seoul weighs aid | Herald"),
            ("Seoul weighs lethal aid | Herald", nil, true, "Seoul weighs lethal aid"),
            (
                "Kim - Putin summit ends - Example News Network Ltd", nil, true,
                "Kim - Putin summit ends - Example News Network Ltd"
            ),
            ("Short | A much longer site name here", nil, true, "Short | A much longer site name here"),
        ] as [(String, String?, Bool, String)])
    func titleCleaner(_ title: String, _ site: String?, _ guess: Bool, _ expected: String) {
        #expect(TitleCleaner.strip(title, siteName: site, guess: guess) == expected)
    }

    @Test(
        arguments: [
            ("<meta charset=\"euc-kr\">", "euc-kr"),
            ("<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=windows-1251'>", "windows-1251"),
            ("<meta content=\"text/html;charset=Shift_JIS\" http-equiv=\"Content-Type\" />", "Shift_JIS"),
            ("<!-- <meta charset=\"koi8-r\"> --><meta charset=gb18030>", "gb18030"),
            ("<meta name=description content=charset>", nil),
            ("<metadata charset=x>", nil),
        ] as [(String, String?)])
    func metaCharset(_ html: String, _ expected: String?) {
        let bytes = Array(html.utf8)
        #expect(bytes.withUnsafeBufferPointer { MetaCharset.declared($0) } == expected)
    }

    @Test func jsonLDRepairsRawLineBreaksAndFindsTheArticleInAGraph() {
        let script = Array(
            """
            <!--//--><![CDATA[//><!--
            {"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},
             {"@type":["NewsArticle"],"headline":"H","author":{"@type":"Person","name":"N"},
              "articleBody":"Line one.
            Line two."}]}
            //--><!]]>
            """.utf8)
        let article = JSONLDArticle.read([script])
        #expect(article?.headline == "H")
        #expect(article?.author == "N")
        #expect(article?.articleBody == "Line one.\nLine two.")
    }

    @Test func jsonBodyParagraphs() {
        #expect(
            JSONBodyText.paragraphs("One.\n\n Two  words.\r\nThree &amp; four.") == [
                "One.", "Two words.", "Three & four.",
            ])
        #expect(JSONBodyText.paragraphs("<p>A <b>bold</b> move.</p><p>B.</p>") == ["A bold move.", "B."])
    }
}

@Suite("Scripts, styles and comments dropped before the parse")
struct RawTextStripperTests {
    @Test(
        arguments: [
            ("<p>a</p><script>var x = '<p>no</p>';</script><p>b</p>", "<p>a</p><script></script><p>b</p>"),
            ("<SCRIPT type=text/javascript>x()</Script ><p>b</p>", "<SCRIPT type=text/javascript></Script ><p>b</p>"),
            ("<style>p { color: red }</style>", "<style></style>"),
            (
                "<script type=\"application/ld+json\">{\"a\":1}</script>",
                "<script type=\"application/ld+json\">{\"a\":1}</script>"
            ),
            ("a<!-- <p>hidden</p> -->b<!---->c", "abc"),
            (
                "<scripts>kept</scripts><stylesheet>kept</stylesheet>",
                "<scripts>kept</scripts><stylesheet>kept</stylesheet>"
            ),
            ("<p>a</p><script>never closed <p>b</p>", "<p>a</p><script>"),
            ("<p>a</p><!-- never closed <p>b</p>", "<p>a</p>"),
            ("<p>a<script", "<p>a<script"),
            ("", ""),
        ] as [(String, String)])
    func strip(_ html: String, _ expected: String) {
        let out = Array(html.utf8).withUnsafeBufferPointer { RawTextStripper.strip($0) }
        #expect(String(decoding: out, as: UTF8.self) == expected)
    }
}
