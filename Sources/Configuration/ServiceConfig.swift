import Basics
import Foundation

/// The validated main configuration (README "Configure"). Every path is absolute: relative paths in the file were
/// resolved against the directory of the file that named them.
public struct ServiceConfig: Sendable, Equatable {
    public enum LogLevel: String, Sendable, CaseIterable {
        case trace, debug, info, notice, warning, error
    }

    public struct Fetch: Sendable, Equatable {
        public var interval: Duration = .seconds(15 * 60)
        public var timeout: Duration = .seconds(30)
        public var maxConcurrent: Int = 32
        public var maxPerHost: Int = 2
        public var maxBody: Int = 10 << 20
        public var userAgent: String = "newswatch/\(NewswatchVersion.current) (+https://github.com/newswatch/newswatch)"
        /// When an entry's article page is fetched (README "Full article text"); a feed's `article:` wins.
        public var article: ArticleMode = .auto
        public var articleTimeout: Duration = .seconds(20)
        public var articleMaxBody: Int = 5 << 20
        /// Certificate authorities (PEM) to trust for feeds and pages instead of the system's (an
        /// intranet's own CA); nil: the system's.
        public var caFile: String?
        public init() {}
    }

    /// The config file this came from.
    public var file: String
    public var stateDirectory: String
    /// Absolute glob patterns of the rule files.
    public var rulePatterns: [String]
    public var logLevel: LogLevel = .info
    public var alertLog: String
    public var alertLogFormat: AlertLogFormat = .text
    /// `alerts.outputs` (README "Outputs").
    public var outputs: [OutputConfig] = []
    public var spool: String
    public var fetch = Fetch()
    public var backfill: Duration = .seconds(24 * 3600)
    /// How long the text of new articles is kept for `test --recent` and catch-up (README "Keep recent
    /// articles"); zero keeps none.
    public var retain: Duration = .seconds(7 * 86400)
    /// How far back a new or changed rule runs over the kept articles (README "Catch up"); zero: not at all.
    public var catchUp: Duration = .seconds(24 * 3600)
    /// One alert per story and rule (README "One alert per story").
    public var story = StorySettings()
    /// When a feed's health raises an alert (README "Feed health").
    public var health = HealthSettings()
    public var feeds: [FeedConfig] = []

    public var databasePath: String { stateDirectory + "/state.sqlite" }

    public init(file: String, stateDirectory: String, rulePatterns: [String], alertLog: String, spool: String) {
        self.file = file
        self.stateDirectory = stateDirectory
        self.rulePatterns = rulePatterns
        self.alertLog = alertLog
        self.spool = spool
    }
}

/// The version string shown by `--version` and in the default User-Agent.
public enum NewswatchVersion {
    public static let current = "0.1.0"
}
