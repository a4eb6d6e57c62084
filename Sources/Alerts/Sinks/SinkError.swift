import Foundation

/// A sink could not deliver an alert. The alert stays pending and is retried.
public struct SinkError: Error, Sendable, Equatable, CustomStringConvertible {
    public var sink: String
    public var path: String
    public var operation: String
    public var errno: Int32

    public init(sink: String, path: String, operation: String, errno: Int32) {
        self.sink = sink
        self.path = path
        self.operation = operation
        self.errno = errno
    }

    public var description: String {
        let reason = String(cString: strerror(errno))
        var hint = ""
        switch errno {
        case EACCES, EPERM: hint = "; check the owner and permissions of that path"
        case ENOSPC, EDQUOT: hint = "; free disk space, the alert stays pending and will be retried"
        case ENOENT: hint = "; the directory is missing, it will be recreated on the next attempt"
        default: hint = "; the alert stays pending and will be retried"
        }
        return "\(sink): cannot \(operation) \(path): \(reason)\(hint)"
    }
}
