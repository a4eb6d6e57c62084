import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Fault injection for the crash tests: `NEWSWATCH_FAILPOINT=after-commit` makes the process exit at once
/// (like SIGKILL: no delivery, no clean-up) right after the first refresh transaction commits. Unset in
/// normal operation, where `hit` is a no-op.
enum Failpoint: String {
    case afterCommit = "after-commit"

    static let active: Failpoint? = ProcessInfo.processInfo.environment["NEWSWATCH_FAILPOINT"].flatMap(Failpoint.init)

    static func hit(_ point: Failpoint) {
        if active == point { _exit(99) }
    }
}
