import Foundation

/// One alert, exactly as README "Alerts" describes it: the spool file's content and, with `log_format: json`,
/// one line of the alert log. Pure value; built by the daemon from a rule match and an entry, written
/// by `AlertFormatter.jsonLine` and read back with `JSONDecoder`.
public struct AlertRecord: Sendable, Decodable, Equatable {
    public struct RuleInfo: Sendable, Decodable, Equatable {
        public var id: String
        public var title: String
        public var severity: String
        public var tags: [String]
        public init(id: String, title: String, severity: String, tags: [String]) {
            self.id = id
            self.title = title
            self.severity = severity
            self.tags = tags
        }
    }

    public struct ArticleInfo: Sendable, Decodable, Equatable {
        public var title: String
        public var url: String?
        public var published: String?
        public var author: String?
        public var entryID: String
        /// Where the text the rules saw came from: `page` (the extracted article) or `feed` (README "Full
        /// article text"); nil in records written before article pages were fetched.
        public var textSource: String?
        /// The page's `<link rel=canonical>`, when it gave one.
        public var canonical: String?

        enum CodingKeys: String, CodingKey {
            case title, url, published, author
            case entryID = "entry_id"
            case textSource = "text_source"
            case canonical
        }

        public init(
            title: String, url: String?, published: String?, author: String?, entryID: String,
            textSource: String? = "feed", canonical: String? = nil
        ) {
            self.title = title
            self.url = url
            self.published = published
            self.author = author
            self.entryID = entryID
            self.textSource = textSource
            self.canonical = canonical
        }

    }

    public struct FeedInfo: Sendable, Decodable, Equatable {
        public var id: String
        public var title: String?
        public var url: String
        public init(id: String, title: String?, url: String) {
            self.id = id
            self.title = title
            self.url = url
        }
    }

    public struct MatchInfo: Sendable, Decodable, Equatable {
        public var term: String
        public var field: String
        public var offset: Int
        public var text: String
        public init(term: String, field: String, offset: Int, text: String) {
            self.term = term
            self.field = field
            self.offset = offset
            self.text = text
        }
    }

    /// The story an alert stands for (README "One alert per story"): its id and the sources known when
    /// the record was first written.
    public struct StoryInfo: Sendable, Decodable, Equatable {
        public var id: String
        public var sources: Int
        public init(id: String, sources: Int) {
            self.id = id
            self.sources = sources
        }
    }

    /// A feed's health episode (README "Feed health"): what went wrong and since when.
    public struct HealthInfo: Sendable, Decodable, Equatable {
        /// `failing`, `gone`, `quiet` or `moved`.
        public var kind: String
        public var since: String
        public init(kind: String, since: String) {
            self.kind = kind
            self.since = since
        }
    }

    public var id: String
    public var time: String
    public var rule: RuleInfo
    public var article: ArticleInfo
    public var feed: FeedInfo
    public var matches: [MatchInfo]
    /// Hits left out of `matches` (at most 20 are kept per term and field, README "Alerts"); nil for none.
    public var omittedMatches: Int?
    public var actors: [String]
    public var snippet: String
    /// The story, unless stories are off (globally or for the rule).
    public var story: StoryInfo?
    /// A `feed-health` alert's episode; nil for the alerts of rules.
    public var health: HealthInfo?
    /// A `feed-health` alert that says the episode is over; nil otherwise.
    public var recovered: Bool?
    /// Raised by a new or changed rule over kept articles (README "Catch up"); nil otherwise.
    public var catchUp: Bool?
    /// Raised by an entry updated in place since it was first seen; nil otherwise.
    public var updated: Bool?

    enum CodingKeys: String, CodingKey {
        case id, time, rule, article, feed, matches
        case omittedMatches = "omitted_matches"
        case actors, snippet, story, health, recovered
        case catchUp = "catch_up"
        case updated
    }

    public init(
        id: String, time: String, rule: RuleInfo, article: ArticleInfo, feed: FeedInfo,
        matches: [MatchInfo], omittedMatches: Int? = nil, actors: [String], snippet: String, story: StoryInfo? = nil,
        catchUp: Bool = false, updated: Bool = false
    ) {
        self.id = id
        self.time = time
        self.rule = rule
        self.article = article
        self.feed = feed
        self.matches = matches
        self.omittedMatches = omittedMatches.flatMap { $0 > 0 ? $0 : nil }
        self.actors = actors
        self.snippet = snippet
        self.story = story
        health = nil
        recovered = nil
        self.catchUp = catchUp ? true : nil
        self.updated = updated ? true : nil
    }
}
