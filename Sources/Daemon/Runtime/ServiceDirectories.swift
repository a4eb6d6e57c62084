import Alerts
import Basics
import Configuration
import Foundation

/// Prepares what the service writes to, with the modes of README "Files under var/": the state directory
/// private (0750), then each sink's own files (the alert log's directory 2750, the spool 2770 with
/// setgid so files keep the service's group). A path that cannot be used is a configuration problem:
/// the service stops with exit status 78 instead of keeping every alert pending.
public enum ServiceDirectories {
    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var errno: Int32
        /// The sink's own message when a sink's path is the problem.
        public var sinkError: SinkError?

        public var description: String {
            if let sinkError {
                return "\(sinkError.sink): cannot \(sinkError.operation) \(sinkError.path): "
                    + "\(Directory.describe(errno: sinkError.errno)); fix the path in the config or its permissions (the service user must be able to write there)"
            }
            return
                "cannot create directory \(path): \(Directory.describe(errno: errno)); fix state_dir in the config or create it with permissions the service user can write to"
        }
    }

    public static func prepare(stateDirectory: String, sinks: [any AlertSink]) throws(Failure) {
        let rc = Directory.create(stateDirectory, mode: 0o750, parentMode: 0o755)
        if rc != 0 { throw Failure(path: stateDirectory, errno: rc) }
        if let problem = Directory.writableProblem(stateDirectory) {
            throw Failure(path: stateDirectory, errno: problem)
        }
        for sink in sinks {
            do {
                try sink.prepare()
            } catch {
                throw Failure(path: error.path, errno: error.errno, sinkError: error)
            }
        }
    }
}
