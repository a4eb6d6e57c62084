import Foundation
import Testing

/// Fetching from a server that offers HTTP/2 (README "Polite fetching"): the feeds and article pages of
/// one host share one multiplexed connection, over TLS verified against `fetch.ca_file`.
@Suite(.serialized) struct HTTP2Tests {
    @Test func feedsAndPagesOfOneHostShareOneHTTP2Connection() throws {
        let h = try ProductHarness()
        let nginx = try NginxTestServer(in: h.directory)
        try h.writeRules("korea.yml", FeedText.rules)
        let feeds = ["a", "b", "c", "d"]
        for (n, name) in feeds.enumerated() {
            var item = FeedText.lethalAid
            item.guid = "h2-\(name)"
            item.link = nginx.url("/page-\(name).html")
            item.title = "Teaser \(n)"
            item.description = "Teaser only."
            try nginx.serve("/\(name).xml", FeedText.rss(items: [item]))
            try nginx.serve(
                "/page-\(name).html",
                "<html><head><title>Seoul weighs lethal aid</title></head><body><article><h1>Seoul weighs lethal aid</h1>"
                    + "<p>South Korea is considering supplying Ukraine with lethal aid if North Korea's involvement deepens, officials in Seoul said on Friday, after talks with allies.</p>"
                    + "<p>The debate has grown since reports of troops, and officials said a decision would follow the next round of talks.</p></article></body></html>"
            )
        }
        try h.writeConfig(feeds: [], maxPerHost: 4, article: "always")
        var config = try String(contentsOfFile: h.configPath, encoding: .utf8)
        config = config.replacingOccurrences(
            of: "  article: always\n", with: "  article: always\n  ca_file: \(nginx.certificate)\n")
        for name in feeds { config += "  - id: \(name)\n    url: \(nginx.url("/\(name).xml"))\n" }
        try config.write(toFile: h.configPath, atomically: true, encoding: .utf8)

        let run = try h.runOnce()
        #expect(run.status == 0, "\(run.stderr)")
        let requests = nginx.requests()
        #expect(requests.count == 8, "\(requests)")
        #expect(requests.allSatisfy { $0.protocolName == "HTTP/2.0" }, "\(requests)")
        #expect(Set(requests.map(\.connection)).count == 1, "\(requests)")
        let records = try h.spoolRecords()
        #expect(records.count == 1)  // the four pages are one story
        #expect(records.allSatisfy { ($0["article"] as? [String: Any])?["text_source"] as? String == "page" })
    }
}
