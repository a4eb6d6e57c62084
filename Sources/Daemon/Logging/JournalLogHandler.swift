import Alerts
import Basics
import Foundation
import Logging
import Synchronization

/// The operational log: one line per event on stderr, prefixed with the sd-daemon(3) priority (`<3>` error,
/// `<4>` warning, `<5>` notice, `<6>` info, `<7>` debug) so journald files each line at its level and
/// `journalctl -p warning` works. Metadata follows the message as `key=value`. On a terminal, a timestamp
/// and level name are shown instead of the prefix.
///
/// The level is one for the whole process (`processLevel`), so that a reload with another `log_level`
/// changes what every logger writes.
public struct JournalLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let tty: Bool

    /// Serializes writes so lines from concurrent tasks never interleave.
    private static let lock = Mutex<Void>(())
    /// `processLevel` as its index in `Logger.Level.allCases`.
    private static let level = Atomic<Int>(Logger.Level.allCases.firstIndex(of: .info) ?? 0)

    /// What every handler writes: this level and above.
    public static var processLevel: Logger.Level {
        get { Logger.Level.allCases[level.load(ordering: .relaxed)] }
        set { level.store(Logger.Level.allCases.firstIndex(of: newValue) ?? 0, ordering: .relaxed) }
    }

    public init(label: String) {
        self.label = label
        self.tty = isatty(STDERR_FILENO) == 1
    }

    /// Setting it on one logger sets it for the process.
    public var logLevel: Logger.Level {
        get { Self.processLevel }
        set { Self.processLevel = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    public func log(event: LogEvent) {
        var line = tty ? "\(Self.timestamp()) \(event.level.rawValue.uppercased()) " : "<\(Self.priority(event.level))>"
        line += Self.oneLine(event.message.description)
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { $1 } }
        for key in all.keys.sorted() {
            let value = Self.oneLine("\(all[key].map { "\($0)" } ?? "")")
            line += " \(key)=" + (value.contains(" ") || value.isEmpty ? "\"\(value)\"" : value)
        }
        line += "\n"
        let bytes = Array(line.utf8)
        Self.lock.withLock { _ in _ = FileSystem.writeAll(STDERR_FILENO, bytes) }
    }

    static func oneLine(_ s: String) -> String {
        guard s.contains(where: \.isNewline) else { return s }
        return s.split(whereSeparator: \.isNewline).joined(separator: " | ")
    }

    static func timestamp() -> String {
        Timestamp.local(Date())
    }
}
