import Basics
import Foundation

/// Whether a path the service writes to can be used (README "Configure"): `state_dir`, `alerts.log` and
/// `alerts.spool`. What `run` would trip on at start-up is found before it starts: a file where a
/// directory must be made, a path under `/proc` or `/sys`, a directory that cannot be written.
public enum UsablePath {
    /// What the service makes at the path.
    public enum Kind: Sendable {
        /// A directory (the state directory, the spool).
        case directory
        /// A file in a directory (the alert log).
        case file
    }

    /// A problem with a path: an error, or (`isWarning`) something that may be fine for another user.
    public struct Problem: Sendable, Equatable {
        public var message: String
        public var isWarning: Bool
    }

    /// The problem with using `path` (absolute) as `kind`, or nil. Without `writable`, only what is
    /// wrong for every user is looked at (the layout: a file in the way, `/proc`, `/sys`); with it, also
    /// whether this process may create the path. Cheap: a few `stat` calls, no file is made.
    public static func problem(_ path: String, kind: Kind, writable: Bool) -> Problem? {
        for kernel in ["/proc", "/sys"] where path == kernel || path.hasPrefix(kernel + "/") {
            return Problem(
                message:
                    "\(path) is under \(kernel), which the kernel provides; choose a directory on a disk, like /var/lib/newswatch",
                isWarning: false)
        }
        var st = stat()
        var directory = path
        if stat(path, &st) == 0 {
            let isDirectory = (st.st_mode & S_IFMT) == S_IFDIR
            switch kind {
            case .directory where !isDirectory:
                return Problem(
                    message: "\(path) exists and is not a directory; move it away or choose another path",
                    isWarning: false)
            case .file where isDirectory:
                return Problem(
                    message: "\(path) is a directory; name a file in it, like \(path)/alerts.log", isWarning: false)
            case .file:
                if writable, access(path, W_OK) != 0 {
                    return notWritable(path, errno: errno, owner: st.st_uid, what: "cannot append to \(path)")
                }
                directory = parent(of: path)
            case .directory:
                break
            }
        } else {
            // The nearest ancestor that exists is where the missing directories would be made.
            directory = parent(of: path)
            while stat(directory, &st) != 0 && directory != "/" { directory = parent(of: directory) }
            if (st.st_mode & S_IFMT) != S_IFDIR {
                return Problem(
                    message:
                        "cannot create \(path): \(directory) is a file, not a directory; move it away or choose another path",
                    isWarning: false)
            }
        }
        guard writable, let code = Directory.writableProblem(directory) else { return nil }
        if code == ENOTDIR {
            return Problem(message: "cannot create \(path): \(directory) is not a directory", isWarning: false)
        }
        _ = stat(directory, &st)
        return notWritable(path, errno: code, owner: st.st_uid, what: "cannot create \(path) in \(directory)")
    }

    /// Not writable: an error, unless the directory belongs to another user (the service may run as
    /// that user, and `check` as an analyst): then a warning that says so.
    private static func notWritable(_ path: String, errno code: Int32, owner: uid_t, what: String) -> Problem {
        let reason = Directory.describe(errno: code)
        if (code == EACCES || code == EPERM) && owner != geteuid() {
            return Problem(
                message: "\(what) as this user (\(reason)); fine if the service runs as the owner, uid \(owner)",
                isWarning: true)
        }
        return Problem(message: "\(what): \(reason); fix its permissions or choose another path", isWarning: false)
    }

    private static func parent(of path: String) -> String {
        let p = (path as NSString).deletingLastPathComponent
        return p.isEmpty ? "/" : p
    }
}
