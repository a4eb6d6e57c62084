import Foundation

/// Where delivered alerts go. A sink's delivery must be idempotent by alert id where the medium allows
/// it (the spool) and must never write a partial record. Implementations are used from one task at a time.
public protocol AlertSink: Sendable {
    /// A stable name, used to record per-sink delivery in the state database ("log", "spool").
    var name: String { get }
    /// Creates what the sink writes to (directories, the file) and checks that it can write there; called
    /// at start and on reload, so that an unusable path stops the service with a clear error instead of
    /// leaving every alert pending.
    func prepare() throws(SinkError)
    /// Delivers one alert. Throws `SinkError` when the medium fails (disk full, permissions); the caller
    /// keeps the alert pending and retries later.
    func deliver(_ alert: AlertRecord) throws(SinkError)
    /// Closes and reopens underlying files (log rotation, SIGHUP).
    func reopen()
    /// The delivery of `alert` is recorded in the state database: it will not be retried.
    func acknowledged(_ alert: AlertRecord)
    /// Notes a later source of an alert's story (README "One alert per story"); only the alert log
    /// writes it.
    func note(_ source: SourceNote) throws(SinkError)
}

extension AlertSink {
    public func prepare() throws(SinkError) {}
    public func reopen() {}
    public func acknowledged(_ alert: AlertRecord) {}
    public func note(_ source: SourceNote) throws(SinkError) {}
}
