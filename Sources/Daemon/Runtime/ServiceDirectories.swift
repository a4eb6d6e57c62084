import Configuration
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Creates the directories the service writes to, with the modes of SPEC §7: the state directory private
/// (0750), the alert log's directory 2750 and the spool 2770 (setgid, so files keep the service's group).
public enum ServiceDirectories {
    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var errno: Int32
        public var description: String {
            "cannot create directory \(path): \(String(cString: strerror(errno))); create it or fix its permissions (the service user must be able to write there)"
        }
    }

    public static func create(for config: ServiceConfig) throws(Failure) {
        try make(config.stateDirectory, 0o750)
        try make((config.alertLog as NSString).deletingLastPathComponent, 0o2750)
        for sub in ["", "/tmp", "/new", "/cur"] {
            try make(config.spool + sub, 0o2770)
        }
    }

    static func make(_ path: String, _ mode: mode_t) throws(Failure) {
        var st = stat()
        if stat(path, &st) == 0 { return }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path, stat(parent, &st) != 0 {
            try make(parent, 0o755)
        }
        if mkdir(path, mode) != 0 && errno != EEXIST { throw Failure(path: path, errno: errno) }
        _ = chmod(path, mode)
    }
}
