import Configuration

/// Everything that wakes the run loop.
enum RunEvent: Sendable {
    case tick
    case finished(FeedConfig, RefreshResult)
    case reload
    case shutdown
    case shutdownDeadline
}
