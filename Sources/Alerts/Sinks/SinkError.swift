import Foundation

/// A sink could not deliver an alert. The alert stays pending and is retried.
public struct SinkError: Error, Sendable, Equatable, CustomStringConvertible {
    public var sink: String
    public var path: String
    public var operation: String
    public var errno: Int32
    /// What went wrong, for a sink that is not a file (an output's command); replaces the file message.
    public var problem: String?

    public init(sink: String, path: String, operation: String, errno: Int32) {
        self.sink = sink
        self.path = path
        self.operation = operation
        self.errno = errno
    }

    /// A failure that is not a file's: `problem` says what happened and what to do.
    public init(sink: String, problem: String) {
        self.init(sink: sink, path: "", operation: "", errno: 0)
        self.problem = problem
    }

    public var description: String {
        if let problem { return "\(sink): \(problem)" }
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
