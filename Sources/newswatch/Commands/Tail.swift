import Alerts
import ArgumentParser
import Basics
import Configuration
import Foundation
import JSONOutput
import Rules
import Store

struct Tail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show recent alerts from the alert log, newest last.",
        discussion: """
            Reads the alert log named in the config. -f keeps following it, also across log rotation. \
            Colours only on a terminal and never with NO_COLOR. With --json, each alert is printed as its \
            full JSON record (from the state database when the log is in text format). The database keeps \
            full records for 90 days; an older text line is printed as {"id", "time", "rule", "log_line"}.

            An alert whose story was reported again by other articles (README "One alert per story") shows \
            "+N sources"; --story ALERT-ID lists the sources of that alert's story, from the state database \
            (with --json, one object per source: {"alert", "rule", "story", "feed", "url", "title", "time"}).
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(name: .shortAndLong, help: "Keep following the log (across rotation).")
    var follow = false

    @Option(name: .short, help: ArgumentHelp("How many alerts to show first.", valueName: "N"))
    var n: Int = 10

    @Option(name: .long, help: ArgumentHelp("Only alerts of this rule.", valueName: "id"))
    var rule: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Only alerts of at least this severity (\(Severity.allCases.map(\.rawValue).joined(separator: ", "))).",
            valueName: "level"))
    var severity: String?

    @Option(name: .long, help: ArgumentHelp("Only alerts newer than this (45s, 15m, 2h, 1d).", valueName: "duration"))
    var since: String?

    @Option(
        name: .long,
        help: ArgumentHelp("List the sources of this alert's story (the alert id from the log).", valueName: "alert-id")
    )
    var story: String?

    @Flag(help: "Print full JSON records, one per line.")
    var json = false

    func validate() throws {
        if let severity, Severity(rawValue: severity.lowercased()) == nil {
            throw ValidationError(
                "--severity must be one of \(Severity.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let since, Quantity.duration(since) == nil {
            throw ValidationError("--since '\(since)' is not a duration (like 45s, 15m, 2h, 1d)")
        }
        if n < 0 { throw ValidationError("-n must be 0 or more") }
    }

    func run() async throws {
        let config = try global.loadSettings()
        if let story {
            try await listSources(of: story, config: config)
            return
        }
        let path = config.alertLog
        let store =
            FileManager.default.fileExists(atPath: config.databasePath)
            ? try? StateStore(path: config.databasePath, readOnly: true) : nil
        let minimum = severity.flatMap { Severity(rawValue: $0.lowercased()) }
        let cutoff = since.flatMap(Quantity.duration).map { Date().addingTimeInterval(-Double($0.components.seconds)) }
        let term = Terminal.stdout

        func keep(_ line: AlertLogLine) -> Bool {
            if let rule, line.ruleID != rule { return false }
            // A severity this version does not know counts as the lowest.
            if let minimum, (Severity(rawValue: line.severity) ?? .info) < minimum { return false }
            if let cutoff, line.time < cutoff { return false }
            return true
        }
        func show(_ lines: [AlertLogLine]) async {
            if json {
                let missing = lines.filter { $0.record == nil }.map(\.alertID)
                let records = (try? await store?.alertRecords(ids: missing)) ?? [:]
                for line in lines {
                    if line.record != nil {
                        emit(line.raw)
                    } else {
                        emit(records[line.alertID] ?? line.summaryJSON)
                    }
                }
            } else {
                let sources = (try? await store?.sourceCounts(alertIDs: lines.map(\.alertID))) ?? [:]
                for line in lines {
                    let others = (sources[line.alertID] ?? 1) - 1
                    emit(
                        Self.render(line, term: term)
                            + (others > 0 ? term.dim(" +\(Plural.count(others, "source"))") : ""))
                }
            }
        }

        var follower = LogFollower(path: path)
        // The last n alerts that pass the filters, read from the end of the log (which may be big).
        let initial = follower.readLast(n) { AlertLogLine.parse($0).flatMap { keep($0) ? $0 : nil } }
        if initial.isEmpty && !FileManager.default.fileExists(atPath: path) {
            printError(
                follow
                    ? "newswatch tail: no alert log at \(path) yet; waiting for the first alert"
                    : "newswatch tail: no alert log at \(path) yet (no alert has been raised)")
        }
        await show(initial)
        guard follow else { return }
        while !Task.isCancelled {
            try await Task.sleep(for: .milliseconds(250))
            let lines = follower.readAvailable().compactMap(AlertLogLine.parse).filter(keep)
            if !lines.isEmpty { await show(lines) }
        }
    }

    /// The sources of the story of alert `alertID` (README "One alert per story"), oldest first.
    func listSources(of alertID: String, config: ServiceConfig) async throws {
        guard FileManager.default.fileExists(atPath: config.databasePath) else {
            printError("newswatch tail: no state database at \(config.databasePath) yet")
            throw ExitCode(1)
        }
        let store = try StateStore(path: config.databasePath, readOnly: true)
        defer { store.close() }
        guard let storyID = try await store.storyIDs(alertIDs: [alertID])[alertID] else {
            printError(
                "newswatch tail: alert \(alertID) has no story: no such alert id, or it was raised with stories off "
                    + "(copy the id= of a log line)")
            throw ExitCode(1)
        }
        let term = Terminal.stdout
        for alert in try await store.storySources(story: storyID) {
            if !json {
                emit(
                    term.bold("story \(storyID), \(alert.ruleID)")
                        + " (alert \(alert.alertID)): \(Plural.count(alert.sources.count, "source"))")
            }
            for source in alert.sources {
                if json {
                    var w = JSONWriter()
                    w.begin("{")
                    w.field("alert", alert.alertID)
                    w.field("rule", alert.ruleID)
                    w.field("story", String(storyID))
                    w.field("feed", source.feedID)
                    w.field("url", source.url)
                    w.field("title", source.title)
                    w.field("time", Timestamp.iso8601(source.seenAt))
                    w.end("}")
                    emit(w.text)
                } else {
                    emit(
                        "  \(term.dim(Timestamp.local(source.seenAt)))  \(source.feedID)  \(source.url ?? "-")  \"\(source.title)\""
                    )
                }
            }
        }
    }

    /// An alert as a text line for a person (README "Commands"): the log line, with its time in local
    /// time with date and zone; the JSON of a JSON log as the text line it stands for.
    static func render(_ line: AlertLogLine, term: Terminal) -> String {
        let text = line.record.map(AlertFormatter.textLine) ?? line.raw
        // Everything after the time: severity, rule, and the rest.
        let rest = text.drop { $0 != " " }.dropFirst()
        let time = Timestamp.local(line.time)
        guard term.colors else { return time + " " + rest }
        let parts = rest.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return time + " " + rest }
        return "\(term.dim(time)) \(term.severity(String(parts[0]))) \(term.bold(String(parts[1]))) \(parts[2])"
    }
}

/// Reads complete lines appended to a file, and starts again from the top when the file is rotated
/// (another inode at the path) or truncated.
struct LogFollower {
    let path: String
    private var fd: Int32 = -1
    private var inode: UInt = 0
    private var offset: off_t = 0
    private var partial: [UInt8] = []

    init(path: String) {
        self.path = path
    }

    mutating func readAvailable() -> [String] {
        var lines: [String] = []
        var st = stat()
        let exists = stat(path, &st) == 0
        if fd >= 0 {
            // Drain what the old file still has, then switch if it was rotated.
            lines += drain()
            if exists && (UInt(st.st_ino) != inode || st.st_size < offset) {
                close(fd)
                fd = -1
            }
        }
        if fd < 0 && exists {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd >= 0 {
                inode = UInt(st.st_ino)
                offset = 0
                partial = []
                lines += drain()
            }
        }
        return lines
    }

    /// Opens the file and returns, oldest first, its last `count` complete lines that `read`
    /// turns into a value (nil: not wanted), reading backwards from the end in blocks (a big log
    /// is not read whole); `readAvailable` then goes on from the end.
    mutating func readLast<Value>(_ count: Int, _ read: (String) -> Value?) -> [Value] {
        var st = stat()
        guard stat(path, &st) == 0 else { return [] }
        if fd >= 0 { close(fd) }
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        inode = UInt(st.st_ino)
        // What is there now; what is appended from here on is `readAvailable`'s.
        let end = max(0, lseek(fd, 0, SEEK_END))
        offset = end
        partial = []
        var found: [Value] = []
        // Whether the end of the last complete line has been seen (what follows it is a line
        // still being written, which `readAvailable` completes).
        var sawEnd = false
        var done: Bool { sawEnd && found.count >= count }
        // The start of a line whose end was in the blocks read so far.
        var carry: [UInt8] = []
        var position = end
        let blockSize = 64 * 1024
        var block = [UInt8](repeating: 0, count: blockSize)
        while position > 0 && !done {
            let size = Int(min(off_t(blockSize), position))
            position -= off_t(size)
            guard pread(fd, &block, size, position) == size else { break }
            let bytes = Array(block[0..<size]) + carry
            var lineEnd = bytes.count
            var i = bytes.count - 1
            while i >= 0 && !done {
                if bytes[i] == UInt8(ascii: "\n") {
                    if !sawEnd {
                        partial = Array(bytes[(i + 1)..<lineEnd])
                        sawEnd = true
                    } else {
                        if let value = read(String(decoding: bytes[(i + 1)..<lineEnd], as: UTF8.self)) {
                            found.append(value)
                        }
                    }
                    lineEnd = i
                }
                i -= 1
            }
            carry = Array(bytes[0..<lineEnd])
        }
        if position == 0 && !done {
            if sawEnd {
                // The file's first line.
                if !carry.isEmpty, let value = read(String(decoding: carry, as: UTF8.self)) { found.append(value) }
            } else {
                partial = carry  // no newline at all yet
            }
        }
        return found.reversed()
    }

    private mutating func drain() -> [String] {
        var lines: [String] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = pread(fd, &buffer, buffer.count, offset)
            if n <= 0 { break }
            offset += off_t(n)
            for byte in buffer[0..<n] {
                if byte == UInt8(ascii: "\n") {
                    lines.append(String(decoding: partial, as: UTF8.self))
                    partial.removeAll(keepingCapacity: true)
                } else {
                    partial.append(byte)
                }
            }
        }
        return lines
    }
}
