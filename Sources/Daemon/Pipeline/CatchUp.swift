import Alerts
import Basics
import Configuration
import Feeds
import Foundation
import Logging
import Rules
import Store

/// What a catch-up did: how many rules caught up, over how many kept articles, raising how many alerts.
public struct CatchUpOutcome: Sendable, Equatable {
    public var rules = 0
    public var articles = 0
    public var alerts = 0

    public init(rules: Int = 0, articles: Int = 0, alerts: Int = 0) {
        self.rules = rules
        self.articles = articles
        self.alerts = alerts
    }
}

/// A new or changed rule runs over the kept articles inside its `catch_up` window and raises its alerts
/// through the outbox, marked `"catch_up": true` (README "Catch up"). It runs beside the service, a page
/// of articles at a time, yielding between pages so that fetching goes on. An article the rule already
/// alerted on raises nothing (the alert id is the same), so a catch-up cut short by a crash is simply
/// run again at the next start, and raises each alert once.
struct CatchUp: Sendable {
    let store: StateStore
    let sinkNames: SinkNames
    let logger: Logger
    static let pageSize = 200

    typealias Outcome = CatchUpOutcome

    /// A digest of what a rule matches (its expression in canonical form and its feed limits): a new
    /// title or severity is no reason to catch up again.
    static func digest(of rule: Rule) -> String {
        var text = rule.canonical
        for feed in rule.feeds { text += "\u{1F}" + feed.description }
        return KeptArticle.digest(of: [text])
    }

    /// Runs the catch-up of `configuration`'s rules that need one; `progress` is called after each page
    /// with the alerts it committed. Returns what it did (nothing when no rule is new or changed).
    func run(_ configuration: LoadedConfiguration, now: Date, progress: @Sendable (Int) -> Void)
        async throws(StoreError) -> Outcome
    {
        let config = configuration.config
        var digests: [String: String] = [:]
        for rule in configuration.ruleSet.rules { digests[rule.id] = Self.digest(of: rule) }
        let pending = try await store.syncRules(digests, now: now)
        guard !pending.isEmpty else { return Outcome() }
        // Each pending rule's window; a rule with none (catch_up: 0, or retain: 0) is done at once.
        var windows: [String: Date] = [:]
        for rule in configuration.ruleSet.rules where pending.contains(rule.id) {
            let window = rule.catchUp ?? config.catchUp
            if window > .zero && config.retain > .zero { windows[rule.id] = now.adding(.zero - window) }
        }
        var outcome = Outcome(rules: windows.count)
        if let since = windows.values.min() {
            let configured = Dictionary(config.feeds.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let started = Date()
            let total = try await store.keptArticleCount(since: since)
            var after: (Date, String)?
            while !Task.isCancelled {
                let page = try await store.keptArticles(since: since, after: after, limit: Self.pageSize)
                guard let last = page.last else { break }
                after = (last.fetchedAt, last.key)
                var alerts: [NewAlert] = []
                // Each article's story (README "One alert per story"): a rule catching up on a story it
                // alerted on already adds a source, not an alert.
                let storyOf =
                    config.story.enabled ? try await store.storyIDs(articleKeys: page.map(\.key)) : [:]
                for article in page {
                    let entry = Entry(
                        id: article.entryID, title: article.title, link: article.url, published: article.published,
                        author: article.author, categories: article.categories, content: article.text)
                    let feed =
                        configured[article.feedID]
                        ?? FeedConfig(
                            id: article.feedID, url: "", location: SourceLocation(file: config.file, line: 1, column: 1)
                        )
                    var matched = MatchedArticle(entry: entry)
                    matched.fromPage = article.textSource == "page"
                    matched.canonical = article.canonical
                    for match in configuration.ruleSet.evaluate(AlertFactory.document(for: matched, feed: feed)) {
                        guard let from = windows[match.rule.id], article.fetchedAt >= from else { continue }
                        let story = storyOf[article.key].flatMap { id in
                            match.rule.story
                                ? StoryLink(
                                    storyID: id,
                                    source: StorySource(
                                        articleKey: article.key, feedID: article.feedID, url: article.url,
                                        title: article.title, seenAt: article.fetchedAt)) : nil
                        }
                        let record = AlertFactory.record(
                            match: match, article: matched, feed: feed, feedTitle: nil, articleKey: article.key,
                            now: now, story: story?.firstRecord, catchUp: true)
                        alerts.append(
                            NewAlert(
                                id: record.id, createdAt: now, ruleID: match.rule.id, feedID: article.feedID,
                                record: AlertFormatter.jsonLine(record), story: story))
                    }
                }
                outcome.articles += page.count
                let state = CatchUpProgress(
                    rules: windows.count, articlesDone: outcome.articles, articlesTotal: max(total, outcome.articles),
                    alerts: outcome.alerts, startedAt: started, updatedAt: Date())
                let inserted = try await store.commitCatchUp(alerts, sinks: sinkNames.current, progress: state)
                outcome.alerts += inserted.count
                if !inserted.isEmpty { progress(inserted.count) }
                Failpoint.hit(.duringCatchUp)
                await Task.yield()
            }
        }
        if Task.isCancelled { return outcome }
        try await store.markCaughtUp(digests.filter { pending.contains($0.key) })
        return outcome
    }
}
