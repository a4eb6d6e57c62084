import Alerts
import Basics
import Foundation

/// One service per state directory (README "As a systemd service"): `run` holds an exclusive `flock`
/// on `STATE_DIR/newswatch.lock` for its whole life, with its pid written inside. The kernel drops the
/// lock when the process ends, however it ends, so a crash never leaves a stale lock. The read-only
/// commands (`status`, `tail`, `test`) never take it.
public final class StateLock: Sendable {
    public static let fileName = "newswatch.lock"

    public struct Held: Error, CustomStringConvertible {
        public var path: String
        public var pid: Int32?

        public var description: String {
            let who = pid.map { "process \($0)" } ?? "another process"
            return "another newswatch (\(who)) is running on this state directory (\(path) is locked): "
                + "stop it first, or give this one its own state_dir; status, tail and test work beside it"
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var errno: Int32

        public var description: String {
            "cannot lock \(path): \(Directory.describe(errno: errno)); the service user must be able to write to the state directory"
        }
    }

    /// The lock file's descriptor, open (and locked) until `deinit`.
    private let fd: Int32
    public let path: String

    /// Takes the lock or throws `Held` (naming the holder) or `Failure`.
    public init(stateDirectory: String) throws {
        path = stateDirectory + "/" + Self.fileName
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        if fd < 0 { throw Failure(path: path, errno: errno) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            let holder = Self.readPID(fd)
            close(fd)
            if code == EWOULDBLOCK { throw Held(path: path, pid: holder) }
            throw Failure(path: path, errno: code)
        }
        _ = ftruncate(fd, 0)
        FileSystem.writeAll(fd, Array("\(getpid())\n".utf8))
        self.fd = fd
    }

    deinit {
        close(fd)
    }

    private static func readPID(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = pread(fd, &buffer, buffer.count, 0)
        guard n > 0 else { return nil }
        return Int32(String(decoding: buffer.prefix(n), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
