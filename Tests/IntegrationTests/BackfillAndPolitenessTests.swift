import Foundation
import TestSupport
import Testing

@Suite(.serialized) struct BackfillAndPolitenessTests {
    static func rfc822(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    @Test func backfillLimitsOnlyTheFirstSightOfAFeed() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        var config = try String(contentsOfFile: h.configPath, encoding: .utf8)
        config = config.replacingOccurrences(of: "backfill: 3650d", with: "backfill: 24h")
        try config.write(toFile: h.configPath, atomically: true, encoding: .utf8)

        var old = FeedText.lethalAid
        old.published = "Mon, 02 Mar 2020 08:00:00 GMT"
        var fresh = FeedText.specialForces
        fresh.published = Self.rfc822(Date().addingTimeInterval(-3600))
        h.server.serve("/wire.xml", body: FeedText.rss(items: [old, fresh]), etag: "\"1\"")
        #expect(try h.runOnce().status == 0)
        #expect(h.logLines().count == 1)
        #expect(h.logLines().first?.contains("dprk-forces-russia") == true)

        // Once the feed is known, a new entry alerts whatever its date.
        var late = FeedText.missile
        late.published = "Tue, 03 Mar 2020 08:00:00 GMT"
        h.server.serve("/wire.xml", body: FeedText.rss(items: [late, old, fresh]), etag: "\"2\"")
        #expect(try h.runOnce().status == 0)
        #expect(h.logLines().count == 2)
        #expect(h.logLines().last?.contains("dprk-missile") == true)
    }

    @Test func retryAfterOn429MovesOnlyThatFeedsNextFetch() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("busy", "/busy.xml"), ("calm", "/calm.xml")])
        h.server.route("/busy.xml") { _ in .status(429, headers: ["Retry-After: 7200"]) }
        h.server.serve("/calm.xml", body: FeedText.rss(items: [FeedText.weather]))
        let started = Date()
        #expect(try h.runOnce().status == 0)
        let status = try h.run(["status", "--json", "--config", h.configPath])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let feeds = try #require(object["feeds"] as? [[String: Any]])
        let busy = try #require(feeds.first { $0["id"] as? String == "busy" })
        let calm = try #require(feeds.first { $0["id"] as? String == "calm" })
        let formatter = ISO8601DateFormatter()
        let busyNext = try #require((busy["next_fetch"] as? String).flatMap(formatter.date(from:)))
        let calmNext = try #require((calm["next_fetch"] as? String).flatMap(formatter.date(from:)))
        #expect(busyNext >= started.addingTimeInterval(7200 - 2))
        #expect(calmNext < started.addingTimeInterval(7200))
        #expect(busy["http_status"] as? Int == 429)
        #expect((busy["last_error"] as? String)?.contains("429") == true)
    }

    @Test func theUserAgentAndCompressionAreSent() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        h.server.serve("/wire.xml", body: FeedText.rss(items: [FeedText.lethalAid]), gzip: true)
        #expect(try h.runOnce().status == 0)
        #expect(h.logLines().count == 1)
        let request = try #require(h.server.requests(to: "/wire.xml").first)
        #expect(request.headers["user-agent"]?.hasPrefix("newswatch/") == true)
        #expect(request.headers["accept-encoding"]?.contains("gzip") == true)
    }
}
