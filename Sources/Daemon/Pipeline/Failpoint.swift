import Basics
import Foundation

/// Fault injection for the crash tests: the process exits at once (like SIGKILL: no clean-up) at the
/// named point. `NEWSWATCH_FAILPOINT=after-commit`: right after the first refresh transaction commits,
/// before any delivery. `after-spool-delivery`: right after the spool has written its first file, before
/// that delivery is acknowledged. `after-output-delivery`: right after an output's destination accepted a
/// message, before it is acknowledged. `during-catch-up`: right after the first page of a catch-up commits
/// its alerts, before the catch-up is recorded as done. Unset in normal operation, where `hit` is a no-op.
enum Failpoint: String {
    case afterCommit = "after-commit"
    case afterSpoolDelivery = "after-spool-delivery"
    case afterOutputDelivery = "after-output-delivery"
    case duringCatchUp = "during-catch-up"

    static let active: Failpoint? = ProcessInfo.processInfo.environment["NEWSWATCH_FAILPOINT"].flatMap(Failpoint.init)

    static func hit(_ point: Failpoint) {
        if active == point { _exit(99) }
    }
}
