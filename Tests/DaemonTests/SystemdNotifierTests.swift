import Basics
import Foundation
import TestSupport
import Testing

@testable import Daemon

@Suite struct SystemdNotifierTests {
    @Test func sendsAssignmentsAsDatagrams() throws {
        let socket = try NotifyListener()
        defer { socket.stop() }
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": socket.path])
        notifier.ready(status: "3 feeds, 2 rules")
        notifier.reloading()
        notifier.watchdog()
        notifier.stopping()
        #expect(eventually(10) { socket.messages.count == 4 })
        let messages = socket.messages
        #expect(messages.first == "READY=1\nSTATUS=3 feeds, 2 rules")
        #expect(messages.dropFirst().first?.hasPrefix("RELOADING=1\nMONOTONIC_USEC=") == true)
        #expect(Array(messages.dropFirst(2)) == ["WATCHDOG=1", "STOPPING=1"])
    }

    @Test func watchdogIntervalFollowsEnvironment() {
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "2000000"]).watchdogInterval == .seconds(2))
        #expect(
            SystemdNotifier(environment: ["WATCHDOG_USEC": "2000000", "WATCHDOG_PID": "1"]).watchdogInterval == nil)
        #expect(SystemdNotifier(environment: [:]).watchdogInterval == nil)
        #expect(!SystemdNotifier(environment: [:]).isActive)
    }
}
