import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The long-running service under real signals, reporting to a real sd_notify datagram socket.
@Suite(.serialized) struct ServiceSignalTests {
    /// Collects the datagrams the service sends to `$NOTIFY_SOCKET`, on a background thread.
    final class NotifyListener: @unchecked Sendable {
        // @unchecked: `messages` is only touched under `lock`.
        let path: String
        private let fd: Int32
        private let lock = NSLock()
        private var received: [String] = []
        private var thread: Thread?

        init(directory: String) throws {
            path = directory + "/notify.sock"
            fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (i, b) in path.utf8.enumerated() { raw[i] = b }
            }
            let rc = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
            }
            guard rc == 0 else { throw POSIXError(.EADDRINUSE) }
            var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let t = Thread { [self] in
                var buffer = [UInt8](repeating: 0, count: 4096)
                while !Thread.current.isCancelled {
                    let n = recv(fd, &buffer, buffer.count, 0)
                    if n > 0 {
                        let text = String(decoding: buffer[0..<n], as: UTF8.self)
                        lock.lock()
                        received.append(text)
                        lock.unlock()
                    }
                }
            }
            thread = t
            t.start()
        }

        var messages: [String] {
            lock.lock()
            defer { lock.unlock() }
            return received
        }

        func count(containing needle: String) -> Int {
            messages.filter { $0.contains(needle) }.count
        }

        func stop() {
            thread?.cancel()
            usleep(300_000)
            close(fd)
        }
    }

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
        #expect(notify.messages.first?.contains("STATUS=1 feeds, 3 rules") == true, "\(notify.messages)")
        #expect(eventually { h.server.requests(to: "/wire.xml").count == 1 })
        #expect(eventually { notify.count(containing: "WATCHDOG=1") >= 1 }, "no watchdog pings")

        // A broken rules edit together with a new feed: the reload is refused as a whole.
        try h.writeRules("korea.yml", FeedText.rules.replacingOccurrences(of: "(\"lethal aid\"", with: "(\"lethal aid"))
        try h.writeConfig(feeds: [("wire", "/wire.xml"), ("late", "/late.xml")])
        service.signal(SIGHUP)
        #expect(eventually { service.stderr.contains("reload failed") }, "stderr: \(service.stderr)")
        #expect(service.stderr.contains("<3>" + h.directory + "/etc/rules.d/korea.yml:"))
        #expect(service.isRunning)
        #expect(notify.count(containing: "RELOADING=1") == 1)
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
        #expect(service.stderr.contains("cancelling 1 transfers"))
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
