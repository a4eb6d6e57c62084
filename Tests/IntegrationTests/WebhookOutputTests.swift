import Foundation
import Synchronization
import TestSupport
import Testing

/// `webhook` outputs (README "Outputs"): a POST per alert with its id as `Idempotency-Key`; 503 with
/// `Retry-After` is retried while the log and spool go on; a 4xx is a permanent failure shown in
/// `status`; a crash between the POST and its acknowledgement gives one resend with the same key.
@Suite(.serialized) struct WebhookOutputTests {
    func prepared(_ h: ProductHarness, extra: [String] = []) throws {
        try h.writeRules("korea.yml", FeedText.rules)
        h.server.serve("/wire.xml", body: FeedText.rss(items: [FeedText.lethalAid, FeedText.specialForces]))
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        var config = try String(contentsOfFile: h.configPath, encoding: .utf8)
        let lines =
            ["name: chat", "type: webhook", "url: \(h.server.url("/hook/T0001?token=abc"))", "rules: [dprk-*]"] + extra
        config = config.replacingOccurrences(
            of: "  spool: ../var/spool\n",
            with: "  spool: ../var/spool\n  outputs:\n    - " + lines.joined(separator: "\n      ") + "\n")
        try config.write(toFile: h.configPath, atomically: true, encoding: .utf8)
    }

    func wait(seconds: Double, until done: () -> Bool) {
        let deadline = Date().addingTimeInterval(seconds)
        while !done() && Date() < deadline { usleep(50_000) }
    }

    @Test func twoFailuresWithRetryAfterThenOneDeliveryWhileTheLogAndSpoolWentOn() throws {
        let h = try ProductHarness()
        try prepared(h)
        let answered = Mutex(0)
        let spoolAtFirstPost = Mutex(-1)
        let spool = h.spoolNew
        h.server.route("/hook/T0001") { _ in
            let n = answered.withLock { n in
                n += 1
                return n
            }
            if n == 1 {
                let files = (try? FileManager.default.contentsOfDirectory(atPath: spool))?.count ?? 0
                spoolAtFirstPost.withLock { $0 = files }
            }
            return n <= 2 ? TestResponse(status: 503, headers: ["Retry-After: 1"], text: "busy") : .text("ok")
        }
        let service = try h.start(["run", "--config", h.configPath])
        wait(seconds: 30) { answered.withLock { $0 } >= 3 }
        Thread.sleep(forTimeInterval: 1.5)  // time for a wrong fourth POST
        service.signal(SIGTERM)
        #expect(service.wait() == 0, "\(service.stderr)")
        let posts = h.server.requests(to: "/hook/T0001")
        #expect(posts.count == 3, "\(service.stderr)")
        #expect(spoolAtFirstPost.withLock { $0 } == 2)  // the spool was written before the hook answered
        #expect(h.logLines().count == 2)
        let keys = Set(posts.map { $0.headers["idempotency-key"] ?? "" })
        #expect(keys.count == 1)
        let record = try #require(
            try JSONSerialization.jsonObject(with: Data(posts[2].body)) as? [String: Any])
        #expect(keys.first == record["id"] as? String)
        #expect(posts.allSatisfy { $0.method == "POST" && $0.headers["content-type"] == "application/json" })
        #expect(service.stderr.contains("chat") && service.stderr.contains("503"), "\(service.stderr)")
        #expect(service.stderr.contains("delivering again"), "\(service.stderr)")

        #expect(try h.runOnce().status == 0)
        #expect(h.server.requests(to: "/hook/T0001").count == 3)
    }

    @Test func aClientErrorIsPermanentLoggedAndShownInStatus() throws {
        let h = try ProductHarness()
        try prepared(h)
        h.server.route("/hook/T0001") { _ in TestResponse(status: 404, text: "no such hook") }
        let run = try h.runOnce()
        #expect(run.status == 0)
        #expect(run.stderr.contains("answered 404: no such hook"), "\(run.stderr)")
        #expect(!run.stderr.contains("token=abc"), "\(run.stderr)")
        #expect(h.server.requests(to: "/hook/T0001").count == 1)
        let status = try h.run(["status", "--json", "--config", h.configPath])
        #expect(status.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let output = try #require((report["outputs"] as? [[String: Any]])?.first)
        #expect(output["failed"] as? Int == 1)
        #expect(output["pending"] as? Int == 0)
        #expect((output["last_error"] as? String)?.contains("404") == true)
        #expect(output["destination"] as? String == "http://127.0.0.1:\(h.server.port)/…")
        #expect(try h.runOnce().status == 0)
        #expect(h.server.requests(to: "/hook/T0001").count == 1)
    }

    @Test func slackFormatWithAHeaderFromTheEnvironment() throws {
        let h = try ProductHarness()
        try prepared(h, extra: ["format: slack", "headers: {Authorization: \"env:CHAT_TOKEN\"}"])
        h.server.route("/hook/T0001") { _ in .text("ok") }
        let run = try h.runOnce(environment: ["CHAT_TOKEN": "Bearer xyz-123"])
        #expect(run.status == 0, "\(run.stderr)")
        let post = try #require(h.server.requests(to: "/hook/T0001").first)
        #expect(post.headers["authorization"] == "Bearer xyz-123")
        let body = try #require(try JSONSerialization.jsonObject(with: Data(post.body)) as? [String: Any])
        let text = try #require(body["text"] as? String)
        #expect(
            text.hasPrefix("*CRITICAL* dprk-forces-russia: <https://wire.example/news/1002|North Korean"), "\(text)")

        let missing = try h.run(["check", "--config", h.configPath])
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("CHAT_TOKEN is not set"), "\(missing.stdout)")
    }

    @Test func aCrashBetweenPostAndAcknowledgementResendsOnceWithTheSameKey() throws {
        let h = try ProductHarness()
        try prepared(h)
        h.server.route("/hook/T0001") { _ in .text("ok") }
        let crashed = try h.runOnce(environment: ["NEWSWATCH_FAILPOINT": "after-output-delivery"])
        #expect(crashed.status == 99)
        #expect(try h.runOnce().status == 0)
        #expect(try h.runOnce().status == 0)
        let posts = h.server.requests(to: "/hook/T0001")
        #expect(posts.count == 2)
        #expect(Set(posts.map { $0.headers["idempotency-key"] ?? "" }).count == 1)
    }
}
