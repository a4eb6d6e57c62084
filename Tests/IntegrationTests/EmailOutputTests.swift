import Foundation
import Testing

/// `email` outputs (README "Outputs") against a real mail server on 127.0.0.1 with STARTTLS and AUTH:
/// one message per alert the filter takes, never twice; a digest per period, once across a restart; a
/// crash between the send and its acknowledgement gives one resend with the same Message-ID.
@Suite(.serialized) struct EmailOutputTests {
    /// A harness whose config has the `desk-mail` output (`extra` lines added to it) and the test wire.
    func prepared(_ mail: MailTestServer?, _ h: ProductHarness, extra: [String] = [], url: String? = nil) throws {
        try h.writeRules("korea.yml", FeedText.rules)
        h.server.serve("/wire.xml", body: FeedText.rss(items: [FeedText.lethalAid, FeedText.specialForces]))
        let passwordFile = h.directory + "/etc/smtp.pass"
        try (MailTestServer.password + "\n").write(toFile: passwordFile, atomically: true, encoding: .utf8)
        chmod(passwordFile, 0o600)
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        var config = try String(contentsOfFile: h.configPath, encoding: .utf8)
        let lines =
            [
                "name: desk-mail", "type: email", "url: \(url ?? mail?.url ?? "")", "from: newswatch@example.org",
                "to: [desk@example.org]", "username: \(MailTestServer.username)", "password_file: smtp.pass",
                "ca_file: \(mail?.certificate ?? "")",
            ] + extra
        config = config.replacingOccurrences(
            of: "  spool: ../var/spool\n",
            with: "  spool: ../var/spool\n  outputs:\n    - " + lines.joined(separator: "\n      ") + "\n")
        try config.write(toFile: h.configPath, atomically: true, encoding: .utf8)
    }

    @Test func oneMessagePerAlertTheFilterTakesNeverTwice() throws {
        let h = try ProductHarness()
        let mail = try MailTestServer(in: h.directory)
        try prepared(mail, h, extra: ["severity: critical"])
        let run = try h.runOnce()
        #expect(run.status == 0, "\(run.stderr)")
        let messages = mail.messages()
        try #require(messages.count == 1, "\(messages) \(run.stderr)")
        let message = messages[0]
        let records = try h.spoolRecords()
        #expect(records.count == 2)
        let critical = try #require(
            records.first { ($0["rule"] as? [String: Any])?["id"] as? String == "dprk-forces-russia" })
        let id = try #require(critical["id"] as? String)
        #expect(MailTestServer.header("Message-ID", in: message) == "<\(id)@newswatch>")
        #expect(
            MailTestServer.header("Subject", in: message)
                == "[CRITICAL] dprk-forces-russia: North Korean special forces seen in Russia's Kursk region")
        #expect(MailTestServer.header("X-Test-Envelope-To", in: message) == "desk@example.org")
        #expect(message.contains("https://wire.example/news/1002"))
        #expect(try h.runOnce().status == 0)
        #expect(mail.messages().count == 1)

        let status = try h.run(["status", "--json", "--config", h.configPath])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let output = try #require((report["outputs"] as? [[String: Any]])?.first)
        #expect(output["name"] as? String == "desk-mail")
        #expect(output["delivered"] as? Int == 1)
        #expect(output["pending"] as? Int == 0)
        #expect(output["failing_since"] is NSNull)
    }

    @Test func aServerThatIsDownKeepsTheAlertPendingAndItIsSentOnceWhenItIsBack() throws {
        let h = try ProductHarness()
        let mail = try MailTestServer(in: h.directory, failFirst: 1)
        try prepared(mail, h, extra: ["rules: [dprk-*]"])
        let first = try h.runOnce()
        #expect(first.status == 0)
        #expect(first.stderr.contains("desk-mail"), "\(first.stderr)")
        #expect(first.stderr.contains("451"), "\(first.stderr)")
        #expect(mail.messages().isEmpty)
        #expect(h.spoolFiles().count == 2)  // the log and the spool did not wait
        let status = try h.run(["status", "--config", h.configPath])
        #expect(status.status == 1)
        #expect(status.stdout.contains("failing since"), "\(status.stdout)")
        #expect(status.stdout.contains("451"), "\(status.stdout)")

        #expect(try h.runOnce().status == 0)
        #expect(mail.messages().count == 1)
        #expect(try h.runOnce().status == 0)
        #expect(mail.messages().count == 1)
        let after = try h.run(["status", "--config", h.configPath])
        #expect(after.status == 0, "\(after.stdout)")
    }

    @Test func aCrashBetweenSendAndAcknowledgementResendsOnceWithTheSameMessageID() throws {
        let h = try ProductHarness()
        let mail = try MailTestServer(in: h.directory)
        try prepared(mail, h, extra: ["rules: [dprk-*]"])
        let crashed = try h.runOnce(environment: ["NEWSWATCH_FAILPOINT": "after-output-delivery"])
        #expect(crashed.status == 99)
        #expect(mail.messages().count == 1)
        #expect(try h.runOnce().status == 0)
        let messages = mail.messages()
        #expect(messages.count == 2)
        #expect(Set(messages.map { MailTestServer.header("Message-ID", in: $0) }).count == 1)
        #expect(try h.runOnce().status == 0)
        #expect(mail.messages().count == 2)
    }

    @Test func aDigestGathersItsPeriodInOneMessageOnceAcrossARestart() throws {
        let h = try ProductHarness()
        let mail = try MailTestServer(in: h.directory)
        try prepared(mail, h, extra: ["digest: 4s"])
        // The period is not over when the run ends: nothing is sent, both alerts wait.
        let periodEnd = ceil(Date().timeIntervalSince1970 / 4) * 4
        if periodEnd - Date().timeIntervalSince1970 < 1.5 { Thread.sleep(forTimeInterval: 2) }
        #expect(try h.runOnce().status == 0)
        #expect(mail.messages().isEmpty)
        Thread.sleep(forTimeInterval: 6.5)
        #expect(try h.runOnce().status == 0)
        let messages = mail.messages()
        try #require(messages.count == 1, "\(messages)")
        let digest = messages[0]
        #expect(
            MailTestServer.header("Subject", in: digest)?.hasPrefix("[CRITICAL] newswatch digest: 2 alerts") == true)
        #expect(MailTestServer.header("Message-ID", in: digest)?.hasPrefix("<digest.desk-mail.") == true)
        #expect(digest.contains("korea-lethal-aid") && digest.contains("dprk-forces-russia"))
        #expect(try h.runOnce().status == 0)
        #expect(mail.messages().count == 1)
    }

    @Test func testOutputSendsASampleAndNamesWhatFails() throws {
        let h = try ProductHarness()
        let mail = try MailTestServer(in: h.directory)
        try prepared(mail, h)
        let sent = try h.run(["test", "--output", "desk-mail", "--config", h.configPath])
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.contains("sent a sample alert"))
        let messages = mail.messages()
        #expect(messages.count == 1)
        #expect(messages.first?.contains("Sample alert for output desk-mail") == true)

        try "wrong\n".write(toFile: h.directory + "/etc/smtp.pass", atomically: true, encoding: .utf8)
        chmod(h.directory + "/etc/smtp.pass", 0o600)
        let denied = try h.run(["test", "--output", "desk-mail", "--config", h.configPath])
        #expect(denied.status == 2)
        #expect(denied.stderr.contains("Login denied") && denied.stderr.contains("password_file"), "\(denied.stderr)")

        let unknown = try h.run(["test", "--output", "pager", "--config", h.configPath])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("its outputs: desk-mail"), "\(unknown.stderr)")
    }

    @Test func anUnverifiedCertificateIsRefused() throws {
        let h = try ProductHarness()
        let mail = try MailTestServer(in: h.directory)
        try prepared(mail, h)
        var config = try String(contentsOfFile: h.configPath, encoding: .utf8)
        config = config.replacingOccurrences(of: "      ca_file: \(mail.certificate)\n", with: "")
        try config.write(toFile: h.configPath, atomically: true, encoding: .utf8)
        let refused = try h.run(["test", "--output", "desk-mail", "--config", h.configPath])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("certificate"), "\(refused.stderr)")
        #expect(mail.messages().isEmpty)
    }
}
