import Foundation

#if canImport(Glibc)
    import Glibc
#endif

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
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Writes one line to stdout, flushing so pipes see it at once.
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
