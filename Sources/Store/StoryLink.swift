import Foundation

/// An alert's story (README "One alert per story"): the story its article belongs to, and the article as
/// a source of that story. When the rule has alerted on the story already, the alert is not raised and
/// the article is recorded as a source of the earlier alert instead.
public struct StoryLink: Sendable, Equatable {
    public var storyID: Int64
    public var source: StorySource

    public init(storyID: Int64, source: StorySource) {
        self.storyID = storyID
        self.source = source
    }
}

/// One article that reported a story: where it came from and when newswatch saw it.
public struct StorySource: Sendable, Equatable {
    public var articleKey: String
    public var feedID: String
    public var url: String?
    public var title: String
    public var seenAt: Date

    public init(articleKey: String, feedID: String, url: String?, title: String, seenAt: Date) {
        self.articleKey = articleKey
        self.feedID = feedID
        self.url = url
        self.title = title
        self.seenAt = seenAt
    }
}

/// A source added to an alert raised earlier for the same story and rule.
public struct AddedSource: Sendable, Equatable {
    public var alertID: String
    public var ruleID: String
    public var storyID: Int64
    public var source: StorySource

    public init(alertID: String, ruleID: String, storyID: Int64, source: StorySource) {
        self.alertID = alertID
        self.ruleID = ruleID
        self.storyID = storyID
        self.source = source
    }
}

/// An article's place in a story, as the state database keeps it for the story window: its story id and
/// its signature, from which the story index is rebuilt at start.
public struct StoryArticle: Sendable, Equatable {
    public var key: String
    public var storyID: Int64
    public var seenAt: Date
    public var canonical: String?
    public var signature: [UInt8]

    public init(key: String, storyID: Int64, seenAt: Date, canonical: String?, signature: [UInt8]) {
        self.key = key
        self.storyID = storyID
        self.seenAt = seenAt
        self.canonical = canonical
        self.signature = signature
    }
}

/// What a refresh's commit did: the alerts that were new, and the sources added to earlier alerts.
public struct CommitOutcome: Sendable, Equatable {
    public var inserted: [String] = []
    public var addedSources: [AddedSource] = []

    public init(inserted: [String] = [], addedSources: [AddedSource] = []) {
        self.inserted = inserted
        self.addedSources = addedSources
    }
}
