import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The maildir-style spool (SPEC §6): each alert is written to `tmp/`, fsync'd, and renamed into `new/`
/// as `<unix-seconds>.<alert-id>.json` (mode 0640), then the directory is fsync'd. The file name is a
/// function of the alert alone, so a repeated delivery of the same alert finds its file in `new/` or
/// `cur/` and writes nothing: a consumer never sees a partial file, nor the same alert twice.
public final class MaildirSpool: AlertSink {
    public let name = "spool"
    public let directory: String
    private let fileMode: mode_t

    public init(directory: String, fileMode: mode_t = 0o640) {
        self.directory = directory
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

    /// Creates `tmp/`, `new/` and `cur/` (group-writable with setgid: consumers in the group take files).
    public func prepare() throws(SinkError) {
        for dir in [directory, tmp, new, cur] {
            let rc = FileSystem.makeDirectories(dir, mode: 0o2770)
            if rc != 0 { throw SinkError(sink: name, path: dir, operation: "create directory", errno: rc) }
        }
    }

    public func deliver(_ alert: AlertRecord) throws(SinkError) {
        let file = Self.fileName(for: alert)
        if FileSystem.exists(new + "/" + file) || FileSystem.exists(cur + "/" + file) { return }
        try prepare()
        let tmpPath = tmp + "/" + file
        let body = Array((AlertFormatter.jsonLine(alert) + "\n").utf8)
        var fd = open(tmpPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
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
        if rc != 0 {
            unlink(tmpPath)
            throw SinkError(sink: name, path: tmpPath, operation: "write", errno: rc)
        }
        if rename(tmpPath, new + "/" + file) != 0 {
            let code = errno
            unlink(tmpPath)
            throw SinkError(sink: name, path: new + "/" + file, operation: "rename into", errno: code)
        }
        FileSystem.fsyncDirectory(new)
    }
}
