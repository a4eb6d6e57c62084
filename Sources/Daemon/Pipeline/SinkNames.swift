import Synchronization

/// The names of the sinks an alert is queued for: the log, the spool and the outputs (README "Outputs"),
/// which a reload may change. Shared by the refresher and the catch-up; read at each commit.
public final class SinkNames: Sendable {
    private let names: Mutex<[String]>

    public init(_ names: [String]) {
        self.names = Mutex(names)
    }

    public var current: [String] { names.withLock { $0 } }

    public func set(_ new: [String]) {
        names.withLock { $0 = new }
    }
}
