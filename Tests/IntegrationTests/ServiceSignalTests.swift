import Basics
import Foundation
import Synchronization
import TestSupport
import Testing

/// The long-running service under real signals, reporting to a real sd_notify datagram socket.
@Suite(.serialized) struct ServiceSignalTests {
    @Test func reloadKeepsOldRulesOnABrokenEditAndStopExitsZero() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        h.server.serve("/wire.xml", body: FeedText.rss(items: [FeedText.weather]))
        h.server.serve("/late.xml", body: FeedText.rss(items: [FeedText.lethalAid]))
        let notify = try NotifyListener(directory: h.directory)
        defer { notify.stop() }

        let service = try h.start(
            ["run", "--config", h.configPath], environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "2000000"])
        #expect(eventually { notify.count(containing: "READY=1") >= 1 }, "no READY=1; stderr: \(service.stderr)")
        #expect(notify.messages.first?.contains("STATUS=1 feed, 3 rules") == true, "\(notify.messages)")
        #expect(eventually { h.server.requests(to: "/wire.xml").count == 1 })
        #expect(eventually { notify.count(containing: "WATCHDOG=1") >= 1 }, "no watchdog pings")

        // A broken rules edit together with a new feed: the reload is refused as a whole.
        try h.writeRules("korea.yml", FeedText.rules.replacingOccurrences(of: "(\"lethal aid\"", with: "(\"lethal aid"))
        try h.writeConfig(feeds: [("wire", "/wire.xml"), ("late", "/late.xml")])
        service.signal(SIGHUP)
        #expect(eventually { service.stderr.contains("reload failed") }, "stderr: \(service.stderr)")
        #expect(service.stderr.contains("<3>" + h.directory + "/etc/rules.d/korea.yml:"))
        #expect(service.isRunning)
        // The datagram may come after the log line: wait for it, then it is the only one.
        #expect(eventually { notify.count(containing: "RELOADING=1") == 1 })
        #expect(eventually { notify.count(containing: "READY=1") == 2 })
        #expect(h.server.requests(to: "/late.xml").isEmpty)

        // Fixed: the next reload takes the new feed at once, and its entry is matched.
        try h.writeRules("korea.yml", FeedText.rules)
        service.signal(SIGHUP)
        #expect(eventually { h.logLines().count == 1 }, "stderr: \(service.stderr)")
        #expect(h.logLines().first?.contains("korea-lethal-aid") == true)
        #expect(h.spoolFiles().count == 1)
        #expect(notify.count(containing: "RELOADING=1") == 2)

        service.signal(SIGTERM)
        let status = service.wait()
        #expect(status == 0, "stderr: \(service.stderr)")
        #expect(eventually(5) { notify.count(containing: "STOPPING=1") == 1 })
        #expect(service.stderr.contains("<5>newswatch stopped"))
        // Every operational line carries a priority prefix for journald.
        for line in service.stderr.split(separator: "\n") {
            #expect(line.hasPrefix("<") && line.dropFirst(2).hasPrefix(">"), "line without priority: \(line)")
        }
    }

    /// log_level and the fetch limits follow a reload; they needed a restart before.
    @Test func reloadAppliesTheLogLevelAndFetchLimits() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml")], logLevel: "warning")
        h.server.serve("/wire.xml", body: FeedText.rss(items: [FeedText.weather]))
        h.server.serve("/late.xml", body: FeedText.rss(items: [FeedText.lethalAid]))
        let notify = try NotifyListener(directory: h.directory)
        defer { notify.stop() }
        let service = try h.start(["run", "--config", h.configPath], environment: ["NOTIFY_SOCKET": notify.path])
        #expect(eventually { notify.count(containing: "READY=1") >= 1 }, "stderr: \(service.stderr)")
        #expect(eventually { h.server.requests(to: "/wire.xml").count == 1 })

        try h.writeConfig(feeds: [("wire", "/wire.xml"), ("late", "/late.xml")], logLevel: "info", maxPerHost: 5)
        let before = service.stderr
        service.signal(SIGHUP)
        #expect(!before.contains("<6>"), "info lines at log_level warning: \(before)")
        #expect(eventually { service.stderr.contains("<5>log_level is now info") }, "stderr: \(service.stderr)")
        #expect(eventually { service.stderr.contains("<6>feed late: ") }, "stderr: \(service.stderr)")
        #expect(service.stderr.contains("<5>fetch limits are now "), "stderr: \(service.stderr)")
        #expect(service.stderr.contains(", 5 per host"))

        service.signal(SIGTERM)
        #expect(service.wait() == 0, "stderr: \(service.stderr)")
    }

    @Test func aRunningServiceRetriesAFailingSinkUntilItWorks() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        // When the feed is first requested (the service is running), new/ becomes a file: the spool fails.
        let spoolNew = h.spoolNew
        let broken = Mutex(false)
        h.server.route("/wire.xml") { _ in
            let first = broken.withLock { done in
                defer { done = true }
                return !done
            }
            if first {
                try? FileManager.default.removeItem(atPath: spoolNew)
                _ = FileManager.default.createFile(atPath: spoolNew, contents: Data())
            }
            return .text(FeedText.rss(items: [FeedText.lethalAid]), contentType: "application/rss+xml")
        }
        let service = try h.start(["run", "--config", h.configPath])
        #expect(eventually { h.logLines().count == 1 }, "stderr: \(service.stderr)")
        #expect(eventually { service.stderr.contains("<3>") && service.stderr.contains(h.spoolNew) })
        try FileManager.default.removeItem(atPath: h.spoolNew)
        // The retry comes from the running service itself (every 30 s), not from a restart.
        #expect(eventually(90) { h.spoolFiles().count == 1 }, "stderr: \(service.stderr)")
        // The file is in new/ before the notice is written: wait for the line too.
        #expect(eventually { service.stderr.contains("spool: delivering again") }, "stderr: \(service.stderr)")
        #expect(h.logLines().count == 1)
        service.signal(SIGTERM)
        #expect(service.wait() == 0)
    }

    @Test func sigintAlsoStopsCleanly() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        h.server.serve("/wire.xml", body: FeedText.rss(items: [FeedText.weather]))
        let service = try h.start(["run", "--config", h.configPath])
        #expect(eventually { h.server.requests(to: "/wire.xml").count == 1 })
        service.signal(SIGINT)
        #expect(service.wait() == 0, "stderr: \(service.stderr)")
    }

    @Test func stopDoesNotWaitForeverOnASlowTransfer() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("slow", "/slow.xml")])
        h.server.route("/slow.xml") { _ in TestResponse(text: "<rss/>", delay: .seconds(120)) }
        let service = try h.start(["run", "--config", h.configPath])
        #expect(eventually { h.server.requests(to: "/slow.xml").count == 1 })
        service.signal(SIGTERM)
        #expect(service.wait() == 0, "stderr: \(service.stderr)")
        #expect(service.stderr.contains("cancelling 1 transfer that"))
    }

    @Test func aSecondRunOnTheSameStateDirectoryExits75AndReadOnlyCommandsStillWork() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", FeedText.rules)
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        h.server.serve("/wire.xml", body: FeedText.rss(items: [FeedText.lethalAid]))
        let service = try h.start(["run", "--config", h.configPath])
        #expect(eventually { h.logLines().count == 1 }, "stderr: \(service.stderr)")
        let second = try h.runOnce()
        #expect(second.status == 75, "stderr: \(second.stderr)")
        #expect(second.stderr.contains("another newswatch (process \(service.pid))"), "stderr: \(second.stderr)")
        #expect(h.server.requests(to: "/wire.xml").count == 1, "the second run fetched")
        let status = try h.run(["status", "--config", h.configPath])
        #expect(status.status == 0, "stderr: \(status.stderr)")
        let tail = try h.run(["tail", "--config", h.configPath])
        #expect(
            tail.status == 0 && tail.stdout.contains("korea-lethal-aid"),
            "stdout: \(tail.stdout) stderr: \(tail.stderr)")
        service.signal(SIGTERM)
        #expect(service.wait() == 0, "stderr: \(service.stderr)")
        #expect(h.logLines().count == 1)
    }

    @Test func aMissingConfigAtStartSaysHowItsPathWasChosenAndExits78() throws {
        let h = try ProductHarness()
        let run = try h.run(["run", "--config", h.directory + "/nowhere.yml"])
        #expect(run.status == 78)
        #expect(run.stderr.contains("nowhere.yml does not exist; the path was given with --config"), "\(run.stderr)")
        let test = try h.run(
            ["test", "--text", "lethal aid"], environment: ["NEWSWATCH_CONFIG": h.directory + "/gone.yml"])
        #expect(test.status != 0)
        #expect(
            test.stderr.contains("gone.yml does not exist; the path comes from $NEWSWATCH_CONFIG"), "\(test.stderr)")
    }

    @Test func invalidConfigAtStartExits78() throws {
        let h = try ProductHarness()
        try h.writeRules("korea.yml", "rules:\n  - id: x\n    match: '@nobody'\n")
        try h.writeConfig(feeds: [("wire", "/wire.xml")])
        let run = try h.run(["run", "--config", h.configPath])
        #expect(run.status == 78)
        #expect(run.stderr.contains(h.directory + "/etc/rules.d/korea.yml:3:"))
        #expect(h.server.requests.isEmpty)
    }
}
