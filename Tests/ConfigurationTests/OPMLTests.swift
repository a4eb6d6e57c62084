import Foundation
import Testing

@testable import Configuration

@Suite struct OPMLTests {
    @Test func opmlFeedsJoinTheConfiguredOnesWithFolderTags() throws {
        let fixture = try ConfigFixture(
            config: """
                opml: subscriptions.opml
                feeds:
                  - id: yonhap
                    url: https://en.yna.co.kr/RSS/news.xml
                """, rules: ["a.yml": validRules])
        try """
        <?xml version="1.0" encoding="UTF-8"?>
        <opml version="2.0"><head><title>My feeds</title></head><body>
          <outline text="Korea">
            <outline text="Yonhap" type="rss" xmlUrl="https://en.yna.co.kr/RSS/news.xml"/>
            <outline text="NK News" type="rss" xmlUrl="https://www.nknews.org/feed/" category="dprk"/>
          </outline>
          <outline text="Meduza" type="rss" xmlUrl="https://meduza.io/rss/en/all"/>
        </body></opml>
        """.write(toFile: fixture.directory + "/subscriptions.opml", atomically: true, encoding: .utf8)
        let feeds = try fixture.load().get().config.feeds
        #expect(feeds.map(\.id) == ["yonhap", "nknews-org-feed", "meduza-io-rss-en-all"])
        #expect(feeds[1].tags == ["korea", "dprk"])
        #expect(feeds[1].title == "NK News")
        #expect(feeds[2].tags.isEmpty)
    }

    @Test(arguments: [
        (
            "<opml><body><outline xmlUrl=\"ftp://x.example/f\"/></body></opml>",
            "subscriptions.opml:1:1: 'ftp://x.example/f' is not an http(s) URL"
        ),
        ("<opml><body><outline xmlUrl=\"https://x.example/f\"></body></opml>", "subscriptions.opml:1:"),
    ])
    func opmlProblemsNameTheFile(opml: String, expected: String) throws {
        let fixture = try ConfigFixture(config: "opml: subscriptions.opml\n", rules: ["a.yml": validRules])
        try opml.write(toFile: fixture.directory + "/subscriptions.opml", atomically: true, encoding: .utf8)
        let messages = fixture.messages()
        #expect(messages.contains { $0.hasPrefix("DIR/" + expected) }, "got: \(messages)")
    }
}
