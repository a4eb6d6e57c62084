import Configuration
import Foundation

/// Everything that wakes the run loop. Timers, transfers, deliveries, signals and the reading of the
/// configuration each come back as one of these; `RunState.handle` turns it into `RunAction`s.
public enum RunEvent: Sendable {
    /// The loop begins (after the state database is open and the sinks are prepared).
    case started
    /// The schedule timer: feeds may be due.
    case tick
    /// Half the systemd watchdog interval has passed.
    case watchdogDue
    /// Time to retry a delivery that failed (every 30 s while a sink fails).
    case deliveryRetryDue
    /// Time to prune the state database (a minute after start, then every 6 hours).
    case pruneDue
    /// One feed's refresh ended.
    case finished(FeedConfig, RefreshResult)
    /// A delivery round ended: how many deliveries succeeded, and whether a sink still fails.
    case deliveryFinished(delivered: Int, blocked: Bool)
    /// A page of a catch-up committed this many new alerts.
    case catchUpProgress(alerts: Int)
    /// The catch-up ended: what it did, or nil when it failed (already logged) or was cut short.
    case catchUpFinished(CatchUpOutcome?)
    /// SIGHUP.
    case reload
    /// The configuration was read again: the new one, or nil when it was invalid (already logged).
    case reloaded(LoadedConfiguration?)
    /// SIGTERM/SIGINT, or the end of `--once`.
    case shutdown
    /// The grace period for transfers in flight after a stop request has passed.
    case shutdownDeadline
}
