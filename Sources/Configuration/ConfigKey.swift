/// The keys the config and the rule files know (README "Configure" and "Write rules"), one enum per
/// mapping. The loader switches over them exhaustively, so a key added here must be handled there; the
/// order of the cases is the order in which "known keys: ..." lists them.
enum ConfigKey {
    /// The top level of `newswatch.yml`.
    enum Top: String, CaseIterable {
        case stateDir = "state_dir"
        case rules
        case logLevel = "log_level"
        case alerts, fetch, backfill, retain
        case catchUp = "catch_up"
        case story, health
        case feeds, opml
    }

    /// `health:`
    enum Health: String, CaseIterable {
        case failingAfter = "failing_after"
        case quietAfter = "quiet_after"
        case severity
    }

    /// `story:` (or `story: off`)
    enum Story: String, CaseIterable {
        case window
        case logSources = "log_sources"
    }

    /// `alerts:`
    enum Alerts: String, CaseIterable {
        case log
        case logFormat = "log_format"
        case spool
        case outputs
    }

    /// One of `alerts.outputs`.
    enum Output: String, CaseIterable {
        case name, type, command, timeout, severity, rules, tags
        case url, from, to, username, password
        case passwordFile = "password_file"
        case format, headers
        case caFile = "ca_file"
        case digest
    }

    /// `fetch:`
    enum Fetch: String, CaseIterable {
        case interval, timeout
        case maxConcurrent = "max_concurrent"
        case maxPerHost = "max_per_host"
        case maxBody = "max_body"
        case userAgent = "user_agent"
        case article
        case articleTimeout = "article_timeout"
        case articleMaxBody = "article_max_body"
        case caFile = "ca_file"
    }

    /// One entry of `feeds:`.
    enum Feed: String, CaseIterable {
        case id, url, title, interval, tags, article
        case quietAfter = "quiet_after"
    }

    /// The top level of a rules file.
    enum RuleFile: String, CaseIterable {
        case actors, rules
    }

    /// One actor of `actors:`, in its long form (`names:` and `title:`).
    enum Actor: String, CaseIterable {
        case names, title
    }

    /// One entry of `rules:`.
    enum Rule: String, CaseIterable {
        case id, title, severity, tags, match, feeds
        case catchUp = "catch_up"
        case story
    }

    /// The settings that name a path the service writes to, as messages name them.
    enum Path: String, CaseIterable {
        case stateDir = "state_dir"
        case alertLog = "alerts.log"
        case spool = "alerts.spool"
    }
}
