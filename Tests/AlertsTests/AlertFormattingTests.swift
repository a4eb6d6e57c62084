import Basics
import Foundation
import TestSupport
import Testing

@testable import Alerts

@Suite struct AlertFormattingTests {
    static let sample = AlertRecord(
        id: "3f2a9c0d1e4b5a67", time: "2026-11-27T01:02:03Z",
        rule: .init(
            id: "korea-lethal-aid", title: "Seoul weighs lethal aid", severity: "high", tags: ["ukraine", "arms"]),
        article: .init(
            title: "South Korea weighs \"lethal aid\"\nto Kyiv", url: "https://example.org/a?x=1",
            published: "2026-11-26T22:00:00Z", author: nil, entryID: "guid-1"),
        feed: .init(id: "yonhap", title: "Yonhap", url: "https://en.yna.co.kr/RSS/news.xml"),
        matches: [
            .init(term: "\"lethal aid\"", field: "text", offset: 812, text: "lethal aid"),
            .init(term: "@south_korea", field: "title", offset: 0, text: "South Korea"),
            .init(term: "\"lethal aid\"", field: "title", offset: 20, text: "lethal aid"),
        ],
        actors: ["south_korea"], snippet: "...with [lethal aid] if...")

    @Test func textLineIsOneGreppableLine() {
        let line = AlertFormatter.textLine(Self.sample)
        #expect(
            line
                == #"2026-11-27T01:02:03Z HIGH korea-lethal-aid "South Korea weighs \"lethal aid\" to Kyiv" https://example.org/a?x=1 feed=yonhap matched="lethal aid",@south_korea id=3f2a9c0d1e4b5a67"#
        )
        #expect(!line.contains("\n"))
    }

    @Test func jsonLineRoundTripsAndKeepsNulls() throws {
        let line = AlertFormatter.jsonLine(Self.sample)
        #expect(!line.contains("\n"))
        #expect(AlertFormatter.decode(jsonLine: line) == Self.sample)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let article = try #require(object["article"] as? [String: Any])
        #expect(article["author"] is NSNull)
        #expect(article["entry_id"] as? String == "guid-1")
        #expect(Set(object.keys) == ["id", "time", "rule", "article", "feed", "matches", "actors", "snippet"])
    }

    /// Keys come in the order of README "Alerts", the same every time (a JSON log is read by people too).
    @Test func jsonLineKeysComeInTheSpecOrder() {
        let expected =
            #"{"id":"3f2a9c0d1e4b5a67","time":"2026-11-27T01:02:03Z","rule":{"id":"korea-lethal-aid","title":"Seoul weighs lethal aid","severity":"high","tags":["ukraine","arms"]},"article":{"title":"South Korea weighs \"lethal aid\"\nto Kyiv","url":"https://example.org/a?x=1","published":"2026-11-26T22:00:00Z","author":null,"entry_id":"guid-1","text_source":"feed","canonical":null},"feed":{"id":"yonhap","title":"Yonhap","url":"https://en.yna.co.kr/RSS/news.xml"},"matches":[{"term":"\"lethal aid\"","field":"text","offset":812,"text":"lethal aid"},{"term":"@south_korea","field":"title","offset":0,"text":"South Korea"},{"term":"\"lethal aid\"","field":"title","offset":20,"text":"lethal aid"}],"actors":["south_korea"],"snippet":"...with [lethal aid] if..."}"#
        #expect(AlertFormatter.jsonLine(Self.sample) == expected)
    }

    @Test(arguments: [
        ("korea-lethal-aid", "https://example.org/a"),
        ("dprk-forces-russia", "yonhap\nguid-7"),
    ])
    func alertIDIsSHA256Prefix(rule: String, key: String) {
        #expect(AlertID.make(ruleID: rule, articleKey: key) == sha256Prefix(rule + "\n" + key))
        let id = AlertID.make(ruleID: rule, articleKey: key)
        #expect(id.count == 16)
        #expect(id.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(id == AlertID.make(ruleID: rule, articleKey: key))
        #expect(id != AlertID.make(ruleID: rule + "x", articleKey: key))
    }

    @Test(arguments: [
        ("https://Example.ORG/news/1#comments", "https://example.org/news/1"),
        ("https://example.org/news/1?utm_source=rss&utm_medium=feed&id=7", "https://example.org/news/1?id=7"),
        ("https://example.org/news/1?utm_campaign=x", "https://example.org/news/1"),
        ("http://example.org:80/a", "http://example.org/a"),
        ("https://example.org", "https://example.org/"),
    ])
    func canonicalLinks(link: String, expected: String) {
        #expect(ArticleKey.canonicalLink(link) == expected)
    }

    @Test func articleKeyWithoutLinkUsesFeedAndEntry() {
        #expect(ArticleKey.make(link: nil, feedID: "f", entryID: "e1") == "f\ne1")
        #expect(ArticleKey.make(link: "mailto:x@example.org", feedID: "f", entryID: "e1") == "f\ne1")
        #expect(
            ArticleKey.make(link: "https://a.example/x#y", feedID: "f", entryID: "e1")
                == ArticleKey.make(link: "https://a.example/x?utm_source=z", feedID: "g", entryID: "e2"))
    }

    @Test(arguments: [
        #"2026-11-27T01:02:03Z HIGH korea-lethal-aid "Title with spaces" https://x.example/ matched="lethal aid" id=3f2a9c0d1e4b5a67"#
    ])
    func parsesTextLogLines(line: String) throws {
        let parsed = try #require(AlertLogLine.parse(line))
        #expect(parsed.severity == "high")
        #expect(parsed.ruleID == "korea-lethal-aid")
        #expect(parsed.alertID == "3f2a9c0d1e4b5a67")
        #expect(Timestamp.iso8601(parsed.time) == "2026-11-27T01:02:03Z")
    }

    @Test func parsesJSONLogLines() throws {
        let parsed = try #require(AlertLogLine.parse(AlertFormatter.jsonLine(Self.sample)))
        #expect(parsed.record == Self.sample)
        #expect(AlertLogLine.parse("garbage") == nil)
    }

    /// A later source of a story is one short line (README "One alert per story"), and is not an alert.
    @Test func sourceNotesAreShortLinesThatAreNotAlerts() throws {
        let note = SourceNote(
            alertID: "3f2a9c0d1e4b5a67", ruleID: "korea-lethal-aid", feedID: "herald",
            url: "https://herald.example/view/2", title: "Seoul considers \"arming\" Kyiv", time: "2026-11-27T01:09:44Z"
        )
        let text = AlertFormatter.textLine(note)
        #expect(
            text
                == #"2026-11-27T01:09:44Z ALSO korea-lethal-aid 3f2a9c0d1e4b5a67 feed=herald https://herald.example/view/2 "Seoul considers \"arming\" Kyiv""#
        )
        let json = AlertFormatter.jsonLine(note)
        #expect(
            json
                == #"{"also":"3f2a9c0d1e4b5a67","rule":"korea-lethal-aid","feed":"herald","url":"https://herald.example/view/2","title":"Seoul considers \"arming\" Kyiv","time":"2026-11-27T01:09:44Z"}"#
        )
        #expect(AlertLogLine.parse(text) == nil)
        #expect(AlertLogLine.parse(json) == nil)
    }
}
