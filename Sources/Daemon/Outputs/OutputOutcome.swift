/// What became of one send to an output (README "Outputs").
public enum OutputOutcome: Sendable, Equatable {
    /// Accepted: acknowledged in the state database, never sent again.
    case delivered
    /// Not now (the destination is down, slow, rate-limited): the alert stays pending and is retried
    /// after `after` (a `Retry-After`) or the output's backoff.
    case retry(String, after: Duration?)
    /// Never (a webhook's 4xx, a mail server's 5xx to the message): logged, counted in `status`, and
    /// the alert leaves this output's queue so that the next ones go on.
    case permanent(String)
}
