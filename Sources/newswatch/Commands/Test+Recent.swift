import Alerts
import ArgumentParser
import Basics
import Configuration
import Feeds
import Foundation
import JSONOutput
import Rules
import Store

/// `newswatch test --recent DURATION` (README "Hunt back"): the rules over the articles the service kept.
extension Test {
    /// What one rule matched among the kept articles.
    struct RecentSummary {
        var articles = 0
        var feeds: [String: Int] = [:]
        var first: Date?
        var last: Date?

        mutating func add(feed: String, time: Date) {
            articles += 1
            feeds[feed, default: 0] += 1
            first = min(first ?? time, time)
            last = max(last ?? time, time)
        }
    }

    func runRecent(window: Duration, ruleSet: RuleSet, config loaded: ServiceConfig?) async throws {
        let config = try loaded ?? global.loadSettings(failureStatus: 2)
        let feedIDs = try selectedFeeds(config)
        let store: StateStore
        do {
            store = try StateStore(path: config.databasePath, readOnly: true)
        } catch {
            throw failure([], "\(error); has the service run with this config (state_dir \(config.stateDirectory))?")
        }
        defer { store.close() }
        let chosen = Set(onlyRules)
        let configured = Dictionary(config.feeds.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let since = Date().addingTimeInterval(-window.seconds)
        let started = ContinuousClock.now
        var summaries: [String: RecentSummary] = [:]
        var articles = 0
        var bytes = 0
        var matched = 0
        let term = Terminal.stdout
        // The next page is read (and decompressed) while this one is matched.
        func read(after: (Date, String)?) -> Task<[KeptArticle], any Error> {
            Task { try await store.keptArticles(since: since, after: after, feeds: feedIDs) }
        }
        var reading = read(after: nil)
        while true {
            let page: [KeptArticle]
            do {
                page = try await reading.value
            } catch {
                throw failure([], "\(error)")
            }
            guard let last = page.last else { break }
            reading = read(after: (last.fetchedAt, last.key))
            // One write per page, not per line: a hunt over a week prints hundreds of thousands of lines.
            var output: [String] = []
            let evaluated = await Self.evaluate(
                page, ruleSet: ruleSet, chosen: chosen, configured: configured, file: config.file)
            for (article, entry, matches) in evaluated {
                articles += 1
                bytes += article.text.utf8.count + article.title.utf8.count
                matched += matches.count
                for match in matches {
                    summaries[match.rule.id, default: RecentSummary()].add(
                        feed: article.feedID, time: article.published ?? article.fetchedAt)
                }
                let input = "\(article.feedID) \(Timestamp.local(article.fetchedAt))"
                if json {
                    for match in matches { output.append(jsonLine(input: input, entry: entry, match: match)) }
                } else if !matches.isEmpty {
                    printHuman(input: input, entry: entry, matches: matches, misses: [], note: nil, term: term) {
                        output.append($0)
                    }
                }
            }
            if !output.isEmpty { emit(output.joined(separator: "\n")) }
        }
        let seconds = (ContinuousClock.now - started).seconds
        let ruleIDs = chosen.isEmpty ? summaries.keys.sorted() : onlyRules
        if json {
            for id in ruleIDs { emit(Self.summaryJSON(rule: id, summaries[id] ?? RecentSummary())) }
        } else {
            printRecentSummary(
                window: window, articles: articles, bytes: bytes, seconds: seconds, ruleIDs: ruleIDs,
                summaries: summaries,
                ruleCount: chosen.isEmpty ? ruleSet.rules.count : chosen.count, term: term)
        }
        if matched == 0 { throw ExitCode(1) }
    }

    /// The page's articles as entries, each with the matches of the chosen rules (all when none is
    /// chosen), in page order; the articles are matched on every core.
    static func evaluate(
        _ page: [KeptArticle], ruleSet: RuleSet, chosen: Set<String>, configured: [String: FeedConfig], file: String
    ) async -> [(KeptArticle, Entry, [RuleMatch])] {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunk = max(1, (page.count + cores - 1) / cores)
        return await withTaskGroup(of: (Int, [(KeptArticle, Entry, [RuleMatch])]).self) { group in
            for start in stride(from: 0, to: page.count, by: chunk) {
                let slice = Array(page[start..<min(page.count, start + chunk)])
                group.addTask {
                    let done = slice.map { article in
                        let entry = Entry(
                            id: article.entryID, title: article.title, link: article.url, published: article.published,
                            author: article.author, categories: article.categories, content: article.text)
                        let feed =
                            configured[article.feedID]
                            ?? FeedConfig(
                                id: article.feedID, url: "", location: SourceLocation(file: file, line: 1, column: 1))
                        let matches = ruleSet.evaluate(AlertFactory.document(for: entry, feed: feed))
                            .filter { chosen.isEmpty || chosen.contains($0.rule.id) }
                        return (article, entry, matches)
                    }
                    return (start, done)
                }
            }
            var parts: [(Int, [(KeptArticle, Entry, [RuleMatch])])] = []
            for await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }

    /// The feed ids that `--feed ID` and `--feed tag:NAME` name; nil for all feeds.
    func selectedFeeds(_ config: ServiceConfig) throws -> Set<String>? {
        guard !feeds.isEmpty else { return nil }
        var ids = Set<String>()
        for name in feeds {
            if name.hasPrefix("tag:") {
                let tag = String(name.dropFirst(4))
                let tagged = config.feeds.filter { $0.tags.contains(tag) }.map(\.id)
                if tagged.isEmpty {
                    let tags = Set(config.feeds.flatMap(\.tags))
                    let hint =
                        EditDistance.closest(to: tag, in: tags, limit: 2).map { " (did you mean tag:\($0)?)" } ?? ""
                    throw failure([], "no configured feed has the tag '\(tag)'\(hint)")
                }
                ids.formUnion(tagged)
            } else {
                // A feed removed from the config may still have kept articles: its id is taken as given.
                ids.insert(name)
            }
        }
        return ids
    }

    func printRecentSummary(
        window: Duration, articles: Int, bytes: Int, seconds: Double, ruleIDs: [String],
        summaries: [String: RecentSummary],
        ruleCount: Int, term: Terminal
    ) {
        let megabytes = Double(bytes) / 1_000_000
        emit(
            term.bold("Last \(Quantity.format(window)): \(Plural.count(articles, "kept article")) (")
                + term.bold(String(format: "%.1f MB of text, %.2f s", megabytes, seconds))
                + term.bold("), \(Plural.count(ruleCount, "rule"))"))
        let width = min(40, ruleIDs.map(\.count).max() ?? 0)
        for id in ruleIDs {
            let s = summaries[id] ?? RecentSummary()
            let name = id.padding(toLength: max(width, id.count), withPad: " ", startingAt: 0)
            guard s.articles > 0, let first = s.first, let last = s.last else {
                emit("  \(name)  no article")
                continue
            }
            let top = s.feeds.sorted { $0.value == $1.value ? $0.key < $1.key : $0.value > $1.value }
            let feedList =
                top.prefix(5).map { "\($0.key) \($0.value)" }.joined(separator: ", ") + (top.count > 5 ? ", ..." : "")
            emit(
                "  \(name)  \(Plural.count(s.articles, "article")) in \(Plural.count(s.feeds.count, "feed")) (\(feedList)); "
                    + "first \(Timestamp.local(first)), last \(Timestamp.local(last))")
        }
        let silent = ruleCount - ruleIDs.count
        if onlyRules.isEmpty && silent > 0 {
            emit(term.dim("  \(Plural.count(silent, "other rule")) matched no article"))
        }
    }

    /// `{"summary": {"rule", "articles", "feeds": {"ID": N}, "first", "last"}}`, one per rule, after the matches.
    static func summaryJSON(rule: String, _ s: RecentSummary) -> String {
        var w = JSONWriter()
        w.begin("{")
        w.key("summary")
        w.begin("{")
        w.field("rule", rule)
        w.field("articles", s.articles)
        w.key("feeds")
        w.begin("{")
        for (feed, count) in s.feeds.sorted(by: { $0.key < $1.key }) { w.field(feed, count) }
        w.end("}")
        w.field("first", s.first.map(Timestamp.iso8601))
        w.field("last", s.last.map(Timestamp.iso8601))
        w.end("}")
        w.end("}")
        return w.text
    }
}
