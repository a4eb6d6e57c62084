import Foundation
import Testing

@testable import Feeds

/// One fixture document and how it is served.
struct FixtureCase: Sendable, CustomTestStringConvertible {
    var file: String
    var url: String? = "https://example.org/feeds/feed.xml"
    var contentType: String? = nil

    var testDescription: String { file }

    /// Golden file name: the fixture's base name + `.golden.json`.
    var golden: String { (file as NSString).deletingPathExtension + ".golden.json" }

    static let all: [FixtureCase] = [
        FixtureCase(file: "rss2-content.xml", contentType: "application/rss+xml; charset=utf-8"),
        FixtureCase(file: "rss1-rdf.xml"),
        FixtureCase(file: "atom1-xhtml.xml", url: "https://atom.example.net/feed.atom"),
        FixtureCase(file: "atom03.xml"),
        FixtureCase(file: "jsonfeed11.json", contentType: "application/feed+json"),
        FixtureCase(file: "jsonfeed10.json", url: nil),
        FixtureCase(file: "jsonfeed-lone-surrogate.json"),
        FixtureCase(file: "truncated.xml"),
        FixtureCase(file: "malformed.xml"),
        FixtureCase(file: "stray-end-tags.xml"),
        FixtureCase(file: "html-page.html", contentType: "text/html; charset=utf-8"),
        FixtureCase(file: "empty.xml"),
        FixtureCase(file: "whitespace.xml"),
        FixtureCase(file: "entity-bomb.xml"),
        FixtureCase(file: "rss091-doctype.xml"),
        FixtureCase(file: "named-entities.xml"),
        FixtureCase(file: "not-a-feed.xml"),
        FixtureCase(file: "plain-text.txt", contentType: "text/plain"),
        FixtureCase(file: "json-not-feed.json", contentType: "application/json"),
        FixtureCase(file: "windows-1252.xml"),
        FixtureCase(file: "latin1-declared.xml"),
        FixtureCase(file: "koi8r-http-charset.xml", contentType: "text/xml; charset=\"KOI8-R\""),
        FixtureCase(file: "utf16le-bom.xml"),
        FixtureCase(file: "utf8-invalid-bytes.xml"),
        FixtureCase(file: "shift-jis.xml"),
        FixtureCase(
            file: "youtube-media-group.xml", url: "https://www.youtube.com/feeds/videos.xml?channel_id=UCexample"),
        FixtureCase(file: "podcast-itunes.xml", url: "https://pod.example.com/feed.xml"),
        FixtureCase(file: "undeclared-euc-kr.xml", url: "https://news.example.kr/rss", contentType: "text/xml"),
        FixtureCase(file: "internal-entities.xml"),
    ]
}

enum Fixtures {
    static func data(_ name: String) throws -> Data {
        let url = try #require(
            Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil),
            "missing fixture \(name)")
        return try Data(contentsOf: url)
    }

    static func parse(_ fixture: FixtureCase) throws -> Result<Feed, FeedError> {
        let data = try data(fixture.file)
        return Result { () throws(FeedError) in
            try FeedParser().parse(data, url: fixture.url, contentType: fixture.contentType)
        }
    }

    /// Where goldens live in the source tree (for NEWSWATCH_UPDATE_GOLDEN=1).
    static func sourceURL(_ name: String, filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/" + name)
    }
}

@Suite("Fixture feeds against golden parse --json lines")
struct FixtureGoldenTests {
    @Test(arguments: FixtureCase.all)
    func matchesGolden(_ fixture: FixtureCase) throws {
        let line = FeedJSON.line(input: fixture.file, result: try Fixtures.parse(fixture))
        if ProcessInfo.processInfo.environment["NEWSWATCH_UPDATE_GOLDEN"] == "1" {
            try Data((line + "\n").utf8).write(to: Fixtures.sourceURL(fixture.golden))
        }
        let golden = try String(decoding: Fixtures.data(fixture.golden), as: UTF8.self)
            .trimmingCharacters(in: .newlines)
        #expect(line == golden)
        // Every line is one valid JSON object on one line.
        #expect(!line.contains("\n"))
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(object?["input"] as? String == fixture.file)
    }

    @Test("Every fixture file has a case and every case a golden")
    func fixturesAreCovered() throws {
        let directory = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        let inputs = Set(files.filter { !$0.hasSuffix(".golden.json") })
        #expect(inputs == Set(FixtureCase.all.map(\.file)))
        for fixture in FixtureCase.all {
            #expect(files.contains(fixture.golden), "no golden for \(fixture.file)")
        }
    }
}
