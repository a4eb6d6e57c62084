import Basics
import Foundation

/// Small POSIX helpers shared by the sinks (write fully, fsync); the
/// CLI and the operational log write through `writeAll` too.
public enum FileSystem {
    /// Writes all of `bytes` to `fd`, retrying on EINTR and short writes. Returns 0 or an errno.
    @discardableResult
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return write(fd, base + offset, raw.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if n == 0 { return EIO }  // never for a non-empty write; not a reason to spin
            offset += n
        }
        return 0
    }

    /// Makes a directory's entries durable. Returns 0 or an errno.
    @discardableResult
    static func fsyncDirectory(_ path: String) -> Int32 {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { return errno }
        let rc = fsync(fd) == 0 ? 0 : errno
        close(fd)
        return rc
    }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }
}
