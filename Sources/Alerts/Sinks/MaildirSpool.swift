import Basics
import Foundation

/// The maildir-style spool (README "Alerts"): each alert is written to `tmp/`, fsync'd, and renamed into `new/`
/// as `<unix-seconds>.<alert-id>.json` (mode 0640), then the directory is fsync'd. A consumer never sees
/// a partial file, nor the same alert twice.
///
/// "Twice" holds whatever the consumer does with the files. Before the rename, a marker named after the
/// alert id is made durable in a private ledger directory (in the state directory). If the process dies
/// after writing but before the delivery is acknowledged, the retry finds the marker and writes nothing,
/// even when the consumer has already deleted the file, or renamed it in `cur/` with a `:2,` suffix. It
/// only completes a rename that was cut off. The marker is removed once the delivery is acknowledged.
/// Without a ledger, the retry looks for the file's own name in `new/` and `cur/`.
public final class MaildirSpool: AlertSink {
    public let name = "spool"
    public let directory: String
    /// Where the delivery markers live; nil for none.
    public let ledger: String?
    private let fileMode: mode_t

    public init(directory: String, ledger: String? = nil, fileMode: mode_t = 0o640) {
        self.directory = directory
        self.ledger = ledger
        self.fileMode = fileMode
    }

    public var tmp: String { directory + "/tmp" }
    public var new: String { directory + "/new" }
    public var cur: String { directory + "/cur" }

    /// The spool file name of an alert: `<unix-seconds>.<alert-id>.json`, seconds from the alert's time.
    public static func fileName(for alert: AlertRecord) -> String {
        let seconds = Timestamp.parse(alert.time).map { Int($0.timeIntervalSince1970) } ?? 0
        return "\(seconds).\(alert.id).json"
    }

    /// Creates `tmp/`, `new/` and `cur/` (group-writable with setgid: consumers in the group take files),
    /// and the ledger (private to the service).
    public func prepare() throws(SinkError) {
        for dir in [directory, tmp, new, cur] {
            let rc = Directory.create(dir, mode: 0o2770, parentMode: 0o755)
            if rc != 0 { throw SinkError(sink: name, path: dir, operation: "create directory", errno: rc) }
        }
        if let ledger {
            let rc = Directory.create(ledger, mode: 0o700, parentMode: 0o750)
            if rc != 0 { throw SinkError(sink: name, path: ledger, operation: "create directory", errno: rc) }
        }
    }

    /// The delivery marker of an alert, if there is a ledger.
    func marker(for alert: AlertRecord) -> String? {
        ledger.map { $0 + "/" + alert.id }
    }

    public func deliver(_ alert: AlertRecord) throws(SinkError) {
        let file = Self.fileName(for: alert)
        if let marker = marker(for: alert), FileSystem.exists(marker) {
            // Written before; only the acknowledgement was lost. Finish the rename if it was cut off (or
            // failed) too: the file is then still in tmp/, kept there for this.
            if FileSystem.exists(tmp + "/" + file) { try moveIntoNew(file) }
            return
        }
        if FileSystem.exists(new + "/" + file) || FileSystem.exists(cur + "/" + file) { return }
        let tmpPath = tmp + "/" + file
        let body = Array((AlertFormatter.jsonLine(alert) + "\n").utf8)
        var fd = open(tmpPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        if fd < 0 && errno == ENOENT {
            // The spool was removed under the running service: create it again (not on every delivery).
            try prepare()
            fd = open(tmpPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        }
        if fd < 0 && errno == EEXIST {
            // Left over from an attempt that was cut off: it was never renamed, so replace it.
            unlink(tmpPath)
            fd = open(tmpPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        }
        if fd < 0 { throw SinkError(sink: name, path: tmpPath, operation: "create", errno: errno) }
        _ = fchmod(fd, fileMode)
        var rc = FileSystem.writeAll(fd, body)
        if rc == 0 && fsync(fd) != 0 { rc = errno }
        close(fd)
        if rc == 0, ledger != nil {
            // The file's name in tmp/ must be durable before the marker says it exists.
            rc = FileSystem.fsyncDirectory(tmp)
        }
        if rc != 0 {
            unlink(tmpPath)
            throw SinkError(sink: name, path: tmpPath, operation: "write", errno: rc)
        }
        if let marker = marker(for: alert), let ledger {
            var markerFD = open(marker, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
            if markerFD < 0 && errno == ENOENT, Directory.create(ledger, mode: 0o700, parentMode: 0o750) == 0 {
                markerFD = open(marker, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
            }
            if markerFD < 0 {
                let code = errno
                unlink(tmpPath)
                throw SinkError(sink: name, path: marker, operation: "create", errno: code)
            }
            close(markerFD)
            let code = FileSystem.fsyncDirectory(ledger)
            if code != 0 {
                unlink(marker)
                unlink(tmpPath)
                throw SinkError(sink: name, path: ledger, operation: "sync", errno: code)
            }
        }
        try moveIntoNew(file)
    }

    /// Renames `tmp/FILE` into `new/` and makes the rename durable. When the rename fails, the file
    /// stays in tmp/ if a marker stands for it (the retry renames it), else it is removed.
    private func moveIntoNew(_ file: String) throws(SinkError) {
        let tmpPath = tmp + "/" + file
        var renamed = rename(tmpPath, new + "/" + file) == 0
        if !renamed && errno == ENOENT && FileSystem.exists(tmpPath) {
            try prepare()
            renamed = rename(tmpPath, new + "/" + file) == 0
        }
        if !renamed {
            let code = errno
            if ledger == nil { unlink(tmpPath) }
            throw SinkError(sink: name, path: new + "/" + file, operation: "rename into", errno: code)
        }
        _ = FileSystem.fsyncDirectory(new)
    }

    /// The alert ids that have a delivery marker in the ledger.
    public func markedAlertIDs() -> [String] {
        guard let ledger else { return [] }
        return ((try? FileManager.default.contentsOfDirectory(atPath: ledger)) ?? []).filter { !$0.hasPrefix(".") }
    }

    /// Removes the marker of an alert whose delivery was acknowledged (a crash between the
    /// acknowledgement and `acknowledged` can leave one behind).
    public func removeMarker(alertID: String) {
        if let ledger, !alertID.contains("/") { unlink(ledger + "/" + alertID) }
    }

    /// The delivery is recorded: the marker is no longer needed.
    public func acknowledged(_ alert: AlertRecord) {
        if let marker = marker(for: alert) { unlink(marker) }
    }
}
