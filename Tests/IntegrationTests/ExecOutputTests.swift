import Foundation
import TestSupport
import Testing

/// An `exec` output (README "Outputs"): a sink of the outbox that runs a command per alert it takes,
/// once per alert, retried when the command fails or hangs, while the log and spool go on.
@Suite(.serialized) struct ExecOutputTests {
    func prepared(command: String, filter: String = "", timeout: String = "5s") throws -> (ProductHarness, String) {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        h.server.serve("/wire.xml", body: FeedText.rss(items: [FeedText.lethalAid, FeedText.specialForces]))
        let out = h.directory + "/tickets.jsonl"
        try setOutput(h, command: command.replacingOccurrences(of: "OUT", with: out), filter: filter, timeout: timeout)
        return (h, out)
    }

    /// Writes the config afresh with the `ticket` output.
    func setOutput(_ h: ProductHarness, command: String, filter: String, timeout: String) throws {
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        var config = try String(contentsOfFile: h.configPath, encoding: .utf8)
        let output = """
              outputs:
                - name: ticket
                  type: exec
                  command: [/bin/sh, -c, '\(command)']
                  timeout: \(timeout)
            \(filter.isEmpty ? "" : "      " + filter + "\n")
            """
        config = config.replacingOccurrences(of: "  spool: ../var/spool\n", with: "  spool: ../var/spool\n" + output)
        try config.write(toFile: h.configPath, atomically: true, encoding: .utf8)
    }

    func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test func theCommandGetsEachAlertItsFilterTakesOnceWithTheRecordOnStdin() throws {
        let (h, out) = try prepared(
            command: "cat >> OUT; echo filed $NEWSWATCH_ALERT_ID >&2", filter: "severity: critical")
        let run = try h.runOnce()
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let tickets = lines(out)
        #expect(tickets.count == 1, "\(tickets)")
        let record = try #require(
            try JSONSerialization.jsonObject(with: Data((tickets.first ?? "").utf8)) as? [String: Any])
        #expect((record["rule"] as? [String: Any])?["id"] as? String == "dprk-forces-russia")
        #expect(run.stderr.contains("filed \(record["id"] as? String ?? "?")"), "\(run.stderr)")
        #expect(h.spoolFiles().count == 2)
        #expect(try h.runOnce().status == 0)
        #expect(lines(out).count == 1)
    }

    @Test func aCommandThatHangsIsKilledAndTheAlertRetriedWhileTheOthersGoOn() throws {
        let (h, out) = try prepared(command: "sleep 30", filter: "rules: [dprk-*]", timeout: "1s")
        let hung = try h.runOnce()
        #expect(hung.status == 0, "stderr: \(hung.stderr)")
        #expect(hung.stderr.contains("was killed"), "\(hung.stderr)")
        #expect(h.spoolFiles().count == 2)
        #expect(h.logLines().count == 2)
        let status = try h.run(["status", "--json", "--config", h.configPath])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect(report["pending_deliveries"] as? Int == 1, "\(report)")

        try setOutput(h, command: "cat >> \(out)", filter: "rules: [dprk-*]", timeout: "5s")
        #expect(try h.runOnce().status == 0)
        #expect(lines(out).count == 1)
        #expect(try h.runOnce().status == 0)
        #expect(lines(out).count == 1)
        #expect(h.spoolFiles().count == 2)
    }

    @Test(arguments: [
        ("type: email", "'command' does not apply to type email"),
        ("command: [sh, -c, true]", "the program 'sh' must be an absolute path"),
        ("name: log", "not 'log' or 'spool'"),
    ])
    func outputErrorsNameTheLine(line: String, expected: String) throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [])
        var config = try String(contentsOfFile: h.configPath, encoding: .utf8)
        var output = ["name: ticket", "type: exec", "command: [/bin/true]"]
        let key = line.prefix { $0 != ":" }
        output = output.map { $0.hasPrefix(key + ":") ? line : $0 }
        config = config.replacingOccurrences(
            of: "  spool: ../var/spool\n",
            with: "  spool: ../var/spool\n  outputs:\n    - " + output.joined(separator: "\n      ") + "\n")
        try config.write(toFile: h.configPath, atomically: true, encoding: .utf8)
        let check = try h.run(["check", "--config", h.configPath])
        #expect(check.status == 1)
        #expect(check.stdout.contains(expected) || check.stderr.contains(expected), "\(check.stdout) \(check.stderr)")
        #expect((check.stdout + check.stderr).contains("newswatch.yml:"), "\(check.stdout) \(check.stderr)")
    }
}
