import Alerts
import Basics
import Configuration
import Curl
import Feeds
import Foundation
import Logging
import Rules
import Store
import Stories

/// One pass of the pipeline for one feed: fetch (conditional GET) → parse → keep the entries not seen
/// before → match them → commit the seen keys and the alerts they raise in one transaction. Every failure
/// is recorded on the feed; it is logged as a warning when it is new, not each time it repeats.
public struct FeedRefresher: Sendable {
    let fetcher: any HTTPFetching
    let store: StateStore
    let sinkNames: SinkNames
    let logger: Logger
    let policy = FetchPolicy()
    let parser = FeedParser()
    let pages: ArticlePageFetcher
    let loggedPageFailures = OnceSet()
    /// The window's stories (README "One alert per story"); nil: one alert per article, as `story: off`.
    let stories: StoryBook?

    public init(
        fetcher: any HTTPFetching, store: StateStore, sinkNames: SinkNames, logger: Logger,
        articleGate: ArticleGate = ArticleGate(maxConcurrent: 32, maxPerHost: 2), stories: StoryBook? = nil
    ) {
        self.fetcher = fetcher
        self.store = store
        self.sinkNames = sinkNames
        self.logger = logger
        pages = ArticlePageFetcher(fetcher: fetcher, gate: articleGate)
        self.stories = stories
    }

    public func refresh(_ feed: FeedConfig, config: ServiceConfig, ruleSet: RuleSet) async -> RefreshResult {
        let started = ContinuousClock.now
        let fetchedAt = Date()
        let previous: FeedState?
        do {
            previous = try await store.feedState(id: feed.id)
        } catch {
            return RefreshResult(
                feedID: feed.id, outcome: .failed(FeedFailure(kind: .store, message: "\(error)")),
                nextFetchAt: fetchedAt.adding(.seconds(60)), consecutiveFailures: 1)
        }
        let sameURL = previous?.url == feed.url
        let request = HTTPRequest(
            url: feed.url, userAgent: config.fetch.userAgent,
            etag: sameURL ? previous?.etag : nil, lastModified: sameURL ? previous?.lastModified : nil,
            timeout: config.fetch.timeout, connectTimeout: min(config.fetch.timeout, .seconds(15)),
            maxBody: config.fetch.maxBody, caFile: config.fetch.caFile)
        let interval = feed.interval ?? config.fetch.interval

        /// The feed's health after this fetch and its `feed-health` alerts (README "Feed health").
        func health(_ outcome: FeedHealth.Outcome, title: String?) -> (FeedHealthState, [NewAlert]) {
            var (health, events) = FeedHealth.next(
                previous?.health ?? FeedHealthState(), outcome: outcome, feed: feed, settings: config.health,
                now: fetchedAt)
            let alerts = FeedHealth.alerts(
                events, health: &health, feed: feed, feedTitle: title ?? previous?.title, settings: config.health,
                now: fetchedAt)
            return (health, alerts)
        }

        /// Records a failure on the feed; the run loop decides whether it is worth a log line.
        func fail(_ failure: FeedFailure, status: Int?, retryAfter: Duration? = nil) async -> RefreshResult {
            if Task.isCancelled {
                return RefreshResult(
                    feedID: feed.id, outcome: .cancelled, nextFetchAt: fetchedAt,
                    consecutiveFailures: previous?.consecutiveFailures ?? 0)
            }
            let failures = (previous?.consecutiveFailures ?? 0) + 1
            let next = fetchedAt.adding(
                policy.delay(interval: interval, consecutiveFailures: failures, retryAfter: retryAfter))
            var record = FetchRecord(
                feedID: feed.id, url: feed.url, status: status, fetchedAt: fetchedAt,
                duration: (ContinuousClock.now - started).seconds, nextFetchAt: next,
                outcome: .failed(error: failure.message, kind: failure.kindName))
            let (state, alerts) = health(.failed(failure), title: nil)
            record.health = state
            if let storeFailure = await commit(record, alerts: alerts) {
                return RefreshResult(
                    feedID: feed.id, outcome: .failed(storeFailure), nextFetchAt: fetchedAt.adding(.seconds(60)),
                    consecutiveFailures: failures)
            }
            var result = RefreshResult(
                feedID: feed.id, outcome: .failed(failure), nextFetchAt: next, consecutiveFailures: failures)
            result.healthAlerts = alerts.count
            return result
        }

        let response: HTTPResponse
        do {
            response = try await fetcher.fetch(request)
        } catch {
            var status: Int?
            if case .bodyTooLarge(_, let known) = error { status = known }  // a 200 cut off at max_body
            return await fail(FeedFailure(error), status: status)
        }
        let retryAfter = response.retryAfter.flatMap { RetryAfter.delay($0, now: Date()) }
        let nextOK = fetchedAt.adding(policy.delay(interval: interval, consecutiveFailures: 0, retryAfter: nil))
        let duration = { (ContinuousClock.now - started).seconds }

        let movedTo = response.permanentRedirect ? response.url : nil
        if response.status == 304 {
            var record = FetchRecord(
                feedID: feed.id, url: feed.url, status: 304, fetchedAt: fetchedAt, duration: duration(),
                nextFetchAt: nextOK, outcome: .notModified)
            let (state, alerts) = health(.answered(newEntries: 0, movedTo: movedTo), title: nil)
            record.health = state
            if let storeFailure = await commit(record, alerts: alerts) {
                return RefreshResult(
                    feedID: feed.id, outcome: .failed(storeFailure), nextFetchAt: fetchedAt.adding(.seconds(60)),
                    consecutiveFailures: (previous?.consecutiveFailures ?? 0) + 1)
            }
            logger.debug("feed \(feed.id) not modified", metadata: ["feed": "\(feed.id)"])
            var result = RefreshResult(
                feedID: feed.id, outcome: .notModified, nextFetchAt: nextOK, consecutiveFailures: 0)
            result.healthAlerts = alerts.count
            return result
        }
        guard (200..<300).contains(response.status) else {
            var message = "HTTP \(response.status) from \(response.url)"
            switch response.status {
            case 404, 410: message += "; the feed is gone: check its URL in the config"
            case 401, 403: message += "; the server refuses access"
            case 429:
                message +=
                    "; the server asks to slow down" + (retryAfter.map { ", retrying in \(Int($0.seconds))s" } ?? "")
            case 500...599: message += "; server error, will retry with backoff"
            default: break
            }
            return await fail(
                FeedFailure(kind: .http(status: response.status), message: message), status: response.status,
                retryAfter: retryAfter)
        }

        let parsed: Feed
        do {
            parsed = try parser.parse(response.body, url: response.url, contentType: response.contentType)
        } catch {
            return await fail(
                FeedFailure(kind: .unparseable, message: "\(error) (\(WebAddress.redacted(response.url)))"),
                status: response.status)
        }

        // Entries not seen before, each once, in feed order.
        var keyed: [(key: String, entry: Entry)] = []
        var keys = Set<String>()
        for entry in parsed.entries {
            let key = ArticleKey.make(link: entry.link, feedID: feed.id, entryID: entry.id)
            if keys.insert(key).inserted { keyed.append((key, entry)) }
        }
        let seen: [String: String]
        do {
            seen = try await store.seenDigests(feedID: feed.id, keys: keyed.map(\.key))
        } catch {
            return await fail(FeedFailure(kind: .store, message: "\(error)"), status: response.status)
        }
        let firstSight = previous?.lastSuccessAt == nil
        let backfillStart = fetchedAt.addingTimeInterval(-config.backfill.seconds)
        var newKeys: [String] = []
        var updatedCount = 0
        var digests: [String: String] = [:]
        var presentKeys: [String] = []
        var candidates: [Candidate] = []
        for (key, entry) in keyed {
            let digest = KeptArticle.contentDigest(
                title: entry.title, text: entry.text, author: entry.author, categories: entry.categories)
            // New, or updated in place since it was seen (README "Updated stories"); an entry seen before
            // digests were kept only gets its digest recorded.
            let updated: Bool
            switch seen[key] {
            case nil: updated = false
            case "": digests[key] = digest; presentKeys.append(key); continue
            case let known?:
                presentKeys.append(key)
                if known == digest { continue }
                updated = true
            }
            if updated { updatedCount += 1 } else { newKeys.append(key) }
            digests[key] = digest
            // An entry older than `backfill` on a feed's first fetch raises nothing, and is not kept either:
            // a rule added later must not alert on what the service itself would not.
            if !updated, firstSight, let date = entry.published ?? entry.updated, date < backfillStart { continue }
            candidates.append(Candidate(entry: entry, updated: updated))
        }
        // The article pages of new entries (README "Full article text"), then the rules over what each
        // entry turned out to say.
        let (articles, tally) = await readPages(of: candidates, feed: feed, config: config, history: previous?.articles)
        var alerts: [NewAlert] = []
        var kept: [KeptArticle] = []
        var places: [StoryArticle] = []
        for (candidate, article) in zip(candidates, articles) {
            let entry = candidate.entry
            let articleKey = article.key(feedID: feed.id)
            // The article's story (README "One alert per story"): a near-copy of one seen in the window,
            // or a new one.
            var story: StoryLink?
            if config.story.enabled, let stories {
                let signature = StorySignature(title: entry.title, text: article.text)
                let (id, place) = await stories.assign(
                    key: articleKey, signature: signature, canonical: article.canonical, at: fetchedAt)
                if let place { places.append(place) }
                story = StoryLink(
                    storyID: id,
                    source: StorySource(
                        articleKey: articleKey, feedID: feed.id, url: entry.link.map(WebAddress.redacted),
                        title: entry.title, seenAt: fetchedAt))
            }
            if config.retain > .zero {
                kept.append(
                    KeptArticle(
                        key: articleKey, feedID: feed.id, entryID: entry.id, title: entry.title, url: entry.link,
                        canonical: article.canonical, author: article.author, categories: entry.categories,
                        published: article.published, fetchedAt: fetchedAt,
                        textSource: article.fromPage ? "page" : "feed", text: article.text))
            }
            let document = AlertFactory.document(for: article, feed: feed)
            for match in ruleSet.evaluate(document) {
                // A rule that already alerted on this article raises nothing (same alert id); one that
                // fires only on the new text raises its alert, marked updated. A rule that alerted on the
                // article's story raises nothing either: the article becomes a source of that alert.
                let ruleStory = match.rule.story ? story : nil
                let record = AlertFactory.record(
                    match: match, article: article, feed: feed, feedTitle: parsed.title, articleKey: articleKey,
                    now: fetchedAt, story: ruleStory?.firstRecord,
                    updated: candidate.updated)
                alerts.append(
                    NewAlert(
                        id: record.id, createdAt: fetchedAt, ruleID: match.rule.id, feedID: feed.id,
                        record: AlertFormatter.jsonLine(record), story: ruleStory))
            }
        }
        var record = FetchRecord(
            feedID: feed.id, url: feed.url, status: response.status, fetchedAt: fetchedAt, duration: duration(),
            nextFetchAt: nextOK,
            outcome: .parsed(
                title: parsed.title, etag: response.etag, lastModified: response.lastModified,
                malformed: parsed.malformed))
        record.articles = tally
        let (healthState, healthAlerts) = health(
            .answered(newEntries: newKeys.count, movedTo: movedTo), title: parsed.title)
        record.health = healthState
        alerts += healthAlerts
        let committed: CommitOutcome
        do {
            committed = try await store.commitReporting(
                record, seenKeys: Array(digests.keys), presentKeys: presentKeys, alerts: alerts,
                sinks: sinkNames.current,
                digests: digests, articles: kept, stories: places)
        } catch {
            return RefreshResult(
                feedID: feed.id, outcome: .failed(FeedFailure(kind: .store, message: "\(error)")),
                nextFetchAt: fetchedAt.adding(.seconds(60)),
                consecutiveFailures: (previous?.consecutiveFailures ?? 0) + 1)
        }
        Failpoint.hit(.afterCommit)
        if parsed.malformed && previous?.malformed != true {
            logger.warning(
                "feed \(feed.id) is malformed; recovered \(Plural.count(parsed.entries.count, "entry", "entries"))",
                metadata: ["feed": "\(feed.id)", "url": "\(WebAddress.redacted(response.url))"])
        }
        logger.info(
            "feed \(feed.id): \(Plural.count(parsed.entries.count, "entry", "entries")), \(newKeys.count) new\(updatedCount > 0 ? ", \(updatedCount) updated" : ""), \(Plural.count(committed.inserted.count, "alert"))\(committed.addedSources.isEmpty ? "" : ", \(Plural.count(committed.addedSources.count, "source")) of earlier alerts")",
            metadata: ["feed": "\(feed.id)", "status": "\(response.status)"])
        var result = RefreshResult(
            feedID: feed.id,
            outcome: .updated(newEntries: newKeys.count, alerts: committed.inserted.count, malformed: parsed.malformed),
            nextFetchAt: nextOK, consecutiveFailures: 0)
        result.addedSources = committed.addedSources
        result.healthAlerts = healthAlerts.count
        return result
    }

    /// An entry to match: new, or updated in place.
    struct Candidate {
        var entry: Entry
        var updated: Bool
    }

    /// What the rules see of each candidate (README "Full article text"): the pages of new entries are
    /// read as `fetch.article` (or the feed's `article:`) asks; a failed page is logged once per feed and
    /// kind.
    func readPages(of candidates: [Candidate], feed: FeedConfig, config: ServiceConfig, history: ArticleTally?)
        async -> ([MatchedArticle], ArticleTally)
    {
        let reading = await pages.read(
            candidates.map(\.entry), pageWanted: { !candidates[$0].updated },
            mode: feed.article ?? config.fetch.article,
            settings: config.fetch, history: history)
        for (index, failure) in reading.failures where loggedPageFailures.isFirst(feed.id + "\n" + failure.kindName) {
            logger.warning(
                "feed \(feed.id): article page failed, matching the feed's text instead: \(failure.message)",
                metadata: [
                    "feed": "\(feed.id)", "kind": "\(failure.kindName)",
                    "url": "\(WebAddress.redacted(candidates[index].entry.link ?? ""))",
                ])
        }
        return (reading.articles, reading.tally)
    }

    /// Records a fetch that raised no rule's alert (perhaps a feed-health alert); a store failure comes
    /// back as the refresh's failure.
    private func commit(_ record: FetchRecord, alerts: [NewAlert] = []) async -> FeedFailure? {
        do {
            try await store.commit(record, alerts: alerts, sinks: sinkNames.current)
            return nil
        } catch {
            return FeedFailure(kind: .store, message: "\(error)")
        }
    }
}
