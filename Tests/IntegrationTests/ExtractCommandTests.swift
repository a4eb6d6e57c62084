import Foundation
import TestSupport
import Testing

/// `extract`, run as a user runs it: a page from the HTTP server (with its charset in the header), a
/// file with --base, stdin, and an input that does not exist.
@Suite(.serialized) struct ExtractCommandTests {
    static let page = """
        <html lang="en"><head><title>Seoul weighs lethal aid | Wire</title>
        <link rel="canonical" href="/news/lethal-aid"></head><body>
        <nav><a href="/">Home</a> <a href="/world">World</a></nav>
        <article><h1>Seoul weighs lethal aid</h1>
        <p>South Korea is considering supplying Ukraine with lethal aid, officials said on Tuesday.</p>
        <p>North Korean special forces have been deployed to Russia, the spy agency said, and are moving to Kursk.</p>
        <div class="share"><p>Share this story with your friends, family and colleagues everywhere.</p></div>
        </article><footer><p>Copyright Wire, all rights reserved, no reuse without permission.</p></footer></body></html>
        """

    @Test func jsonLinesForURLFileStdinAndAMissingFile() throws {
        let h = try ProductHarness()
        h.server.route("/news/a1") { _ in
            TestResponse(headers: ["Content-Type: text/html; charset=windows-1251"], body: Self.cp1251)
        }
        let path = h.directory + "/page.html"
        try Self.page.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try h.run(
            [
                "extract", "--json", "--base", "https://wire.example/x/y.html", h.server.url("/news/a1"), path, "-",
                h.directory + "/missing.html",
            ], stdin: Self.page)
        #expect(run.status == 1, "\(run.stderr)")
        let objects = try run.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        try #require(objects.count == 4, "\(run.stdout)")
        #expect(objects[0]["url"] as? String == h.server.url("/news/a1"))
        #expect(objects[0]["text"] as? String == "Сеул рассматривает поставки оружия Украине.")
        #expect(objects[1]["title"] as? String == "Seoul weighs lethal aid")
        #expect(objects[1]["canonical"] as? String == "https://wire.example/news/lethal-aid")
        #expect(objects[1]["language"] as? String == "en")
        #expect(objects[1]["published"] is NSNull)
        let text = try #require(objects[1]["text"] as? String)
        #expect(text.hasPrefix("South Korea is considering"), "\(text)")
        #expect(text.hasSuffix("moving to Kursk."), "\(text)")
        #expect(objects[2]["input"] as? String == "-")
        #expect(objects[2]["text"] as? String == text)
        #expect(objects[3]["text"] as? String == "")
        #expect(
            (objects[3]["error"] as? String)?.hasSuffix(
                "does not exist; give an HTML file, an http(s) URL, or - for stdin") == true)
    }

    @Test func plainOutputAndErrors() throws {
        let h = try ProductHarness()
        let path = h.directory + "/page.html"
        try Self.page.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try h.run(["extract", path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("  title:     Seoul weighs lethal aid\n"), "\(run.stdout)")
        #expect(run.stdout.contains("\n\nSouth Korea is considering"), "\(run.stdout)")
        #expect(!run.stdout.contains("Share this story"))

        let missing = try h.run(["extract", h.directory])
        #expect(missing.status == 1)
        #expect(
            missing.stderr.contains("newswatch extract: \(h.directory): is a directory; name an HTML file in it"),
            "\(missing.stderr)")

        let badBase = try h.run(["extract", "--base", "wire.example", path])
        #expect(badBase.status == 64, "\(badBase.stderr)")
    }

    /// "Сеул рассматривает поставки оружия Украине." in windows-1251.
    static let cp1251 = Data(
        [
            0xD1, 0xE5, 0xF3, 0xEB, 0x20, 0xF0, 0xE0, 0xF1, 0xF1, 0xEC, 0xE0, 0xF2, 0xF0, 0xE8, 0xE2, 0xE0, 0xE5, 0xF2,
            0x20, 0xEF, 0xEE, 0xF1, 0xF2, 0xE0, 0xE2, 0xEA, 0xE8, 0x20, 0xEE, 0xF0, 0xF3, 0xE6, 0xE8, 0xFF, 0x20,
            0xD3, 0xEA, 0xF0, 0xE0, 0xE8, 0xED, 0xE5, 0x2E,
        ])
}
