import Basics
import Foundation
import Synchronization

/// The human-readable alert log (README "Alerts"): one line per alert, text or JSON, appended with a single
/// `write(2)` so a reader never sees half a line. Follows log rotation: before each write it checks
/// that the open file is still the one at `path` and reopens otherwise; `reopen()` forces it (SIGHUP).
public final class AlertLogSink: AlertSink {
    public let name = "log"
    public let path: String
    public let format: AlertLogFormat
    private let fileMode: mode_t
    private let state = Mutex<OpenFile?>(nil)

    private struct OpenFile {
        var fd: Int32
        var device: UInt
        var inode: UInt
    }

    public init(path: String, format: AlertLogFormat, fileMode: mode_t = 0o640) {
        self.path = path
        self.format = format
        self.fileMode = fileMode
    }

    deinit {
        state.withLock { file in
            if let fd = file?.fd { close(fd) }
            file = nil
        }
    }

    public func line(for alert: AlertRecord) -> String {
        switch format {
        case .text: AlertFormatter.textLine(alert)
        case .json: AlertFormatter.jsonLine(alert)
        }
    }

    public func deliver(_ alert: AlertRecord) throws(SinkError) {
        try append(line(for: alert))
    }

    public func note(_ source: SourceNote) throws(SinkError) {
        switch format {
        case .text: try append(AlertFormatter.textLine(source))
        case .json: try append(AlertFormatter.jsonLine(source))
        }
    }

    /// Appends one line with a single write.
    private func append(_ line: String) throws(SinkError) {
        let bytes = Array((line + "\n").utf8)
        let result: Result<Void, SinkError> = state.withLock { file in
            if let current = file, !Self.isCurrent(current, path: path) {
                close(current.fd)
                file = nil
            }
            if file == nil {
                switch open() {
                case .success(let opened): file = opened
                case .failure(let error): return .failure(error)
                }
            }
            guard let fd = file?.fd else { return .failure(error("open", EBADF)) }
            let rc = FileSystem.writeAll(fd, bytes)
            if rc != 0 {
                close(fd)
                file = nil
                return .failure(error("write to", rc))
            }
            return .success(())
        }
        try result.get()
    }

    public func prepare() throws(SinkError) {
        let result: Result<Void, SinkError> = state.withLock { file in
            if file != nil { return .success(()) }
            return open().map { file = $0 }
        }
        try result.get()
    }

    public func reopen() {
        state.withLock { file in
            if let fd = file?.fd { close(fd) }
            file = nil
        }
    }

    private func error(_ operation: String, _ code: Int32) -> SinkError {
        SinkError(sink: name, path: path, operation: operation, errno: code)
    }

    private func open() -> Result<OpenFile, SinkError> {
        let directory = (path as NSString).deletingLastPathComponent
        let rc = Directory.create(directory, mode: 0o2750, parentMode: 0o755)
        if rc != 0 { return .failure(error("create the directory of", rc)) }
        let fd = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, fileMode)
        if fd < 0 { return .failure(error("open", errno)) }
        var st = stat()
        if fstat(fd, &st) != 0 {
            let code = errno
            close(fd)
            return .failure(error("stat", code))
        }
        return .success(OpenFile(fd: fd, device: UInt(st.st_dev), inode: UInt(st.st_ino)))
    }

    private static func isCurrent(_ file: OpenFile, path: String) -> Bool {
        var st = stat()
        guard stat(path, &st) == 0 else { return false }
        return UInt(st.st_dev) == file.device && UInt(st.st_ino) == file.inode
    }
}
