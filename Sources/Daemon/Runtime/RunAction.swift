import Alerts
import Configuration
import Logging

/// What the run loop's shell must do after an event; each is one small piece of I/O.
public enum RunAction: Sendable, Equatable {
    /// Start refreshing these feeds (each in its own child task; it ends with `.finished`).
    case startFeeds([FeedConfig])
    /// Start a delivery round of the outbox (it ends with `.deliveryFinished`). Never asked for while
    /// one runs: the state coalesces requests.
    case deliver
    /// Run the catch-up of new or changed rules with the current configuration (it ends with
    /// `.catchUpFinished`). Never asked for while one runs.
    case catchUp
    /// Note later sources of alerts' stories in the alert log, after the next delivery round.
    case noteSources([SourceNote])
    /// Prune the state database.
    case prune
    /// Send `WATCHDOG=1`.
    case pingWatchdog
    /// Read the configuration and rules again (it ends with `.reloaded`).
    case readConfiguration
    /// The state took the reloaded configuration (`RunState.configuration`): the shell makes new sinks
    /// when the alert log or spool changed and sets new connection limits when they changed.
    case apply(sinksChanged: Bool, limitsChanged: Bool)
    /// Close and reopen the sinks' files (log rotation).
    case reopenSinks
    /// Tell systemd (READY=1, RELOADING=1, STOPPING=1, STATUS=).
    case notify(SystemdNotice)
    /// Write one line to the operational log.
    case log(Logger.Level, String, metadata: [String: String] = [:])
    /// Emit `.shutdownDeadline` after the grace period.
    case armShutdownDeadline
    /// Leave the loop: no transfer and no delivery is running (or the stop grace has passed: what
    /// still runs is cancelled).
    case finish
}

/// The sd_notify messages the loop sends.
public enum SystemdNotice: Sendable, Equatable {
    case ready(status: String)
    case reloading
    case stopping
    case status(String)
}
