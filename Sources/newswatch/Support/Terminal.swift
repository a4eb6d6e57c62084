import Alerts
import Basics
import Foundation

/// Output helpers: colours only on a terminal and never with `NO_COLOR`.
struct Terminal: Sendable {
    let colors: Bool

    static let stdout = Terminal(fd: STDOUT_FILENO)

    init(fd: Int32) {
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        colors = isatty(fd) == 1 && !noColor
    }

    func paint(_ text: String, _ code: String) -> String {
        colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func bold(_ text: String) -> String { paint(text, "1") }
    func dim(_ text: String) -> String { paint(text, "2") }

    func severity(_ text: String) -> String {
        switch text.lowercased() {
        case "critical": paint(text, "1;97;41")
        case "high": paint(text, "1;31")
        case "medium": paint(text, "33")
        case "low": paint(text, "36")
        default: paint(text, "2")
        }
    }
}

/// Writes to stderr (diagnostics and errors of the CLI commands).
func printError(_ text: String) {
    writeAll(STDERR_FILENO, text + "\n")
}

/// Writes one line to stdout, at once, so pipes see it.
func emit(_ line: String) {
    writeAll(STDOUT_FILENO, line + "\n")
}

/// Writes all of `text`. When the reader has gone (`newswatch test | head`, `tail -f | grep` ended), the
/// command ends as a tool killed by SIGPIPE would, quietly, with status 141. Other failures (stdout
/// closed, disk full) leave nothing more to say.
private func writeAll(_ fd: Int32, _ text: String) {
    if FileSystem.writeAll(fd, Array(text.utf8)) == EPIPE { exit(128 + SIGPIPE) }
}
