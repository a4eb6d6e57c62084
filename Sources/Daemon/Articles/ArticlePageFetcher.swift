import Alerts
import Articles
import Basics
import Configuration
import Curl
import Feeds
import Foundation
import Store

/// Fetches and extracts the article page of an entry (README "Full article text"): through the service's
/// libcurl client (http and https only, also on redirects; TLS verified), bounded by `article_timeout` and
/// `article_max_body` (also after decompression), and by ``ArticleGate`` so that pages never starve feeds.
public struct ArticlePageFetcher: Sendable {
    let fetcher: any HTTPFetching
    let gate: ArticleGate

    public init(fetcher: any HTTPFetching, gate: ArticleGate) {
        self.fetcher = fetcher
        self.gate = gate
    }

    /// The extracted page of `link`, or why there is none.
    func page(of link: String, settings: ServiceConfig.Fetch) async -> Result<ExtractedArticle, FeedFailure> {
        let host = WebAddress.host(of: link) ?? ""
        await gate.acquire(host: host)
        let result: Result<HTTPResponse, FetchError>
        do {
            result = .success(
                try await fetcher.fetch(
                    HTTPRequest(
                        url: link, userAgent: settings.userAgent, timeout: settings.articleTimeout,
                        connectTimeout: min(settings.articleTimeout, .seconds(15)), maxBody: settings.articleMaxBody,
                        caFile: settings.caFile)))
        } catch {
            result = .failure(error)
        }
        await gate.release(host: host)
        switch result {
        case .failure(let error):
            return .failure(FeedFailure(error))
        case .success(let response):
            return Self.extract(response)
        }
    }

    /// What reading the pages of a batch of entries gave.
    public struct Reading: Sendable {
        /// What the rules see of each entry, in the order given.
        public var articles: [MatchedArticle]
        /// The counts to add to the feed's totals.
        public var tally: ArticleTally
        /// The pages that failed: the entry's index and why.
        public var failures: [(index: Int, failure: FeedFailure)]
    }

    /// What the rules see of each entry (README "Full article text"): the page's text for entries whose
    /// page `mode` asks for (`pageWanted` false: an entry updated in place, whose page is not read again)
    /// and that gave more than the feed, else the feed's. Pages are fetched concurrently, bounded by the
    /// gate; a failed page falls back to the feed's text and is counted.
    public func read(
        _ entries: [Entry], pageWanted: (Int) -> Bool, mode: ArticleMode, settings: ServiceConfig.Fetch,
        history: ArticleTally?
    ) async -> Reading {
        var tally = ArticleTally()
        var wanted: [(index: Int, link: String)] = []
        for (index, entry) in entries.enumerated() where pageWanted(index) {
            // The feed's totals so far, this batch's decisions included.
            let known = (history ?? ArticleTally()) + tally
            switch ArticlePolicy.decide(mode: mode, text: entry.text, link: entry.link, history: known) {
            case .fetch:
                if let link = entry.link {
                    wanted.append((index, link))
                    tally.fetched += 1
                }
            case .skip:
                if mode == .auto && entry.link != nil { tally.skipped += 1 }
            }
        }
        var reading = Reading(articles: entries.map { MatchedArticle(entry: $0) }, tally: tally, failures: [])
        if wanted.isEmpty { return reading }
        let results = await withTaskGroup(of: (Int, Result<ExtractedArticle, FeedFailure>).self) { group in
            for (index, link) in wanted {
                group.addTask { (index, await page(of: link, settings: settings)) }
            }
            var results: [(Int, Result<ExtractedArticle, FeedFailure>)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }
        }
        for (index, result) in results {
            let entry = entries[index]
            switch result {
            case .success(let page):
                let matched = MatchedArticle(
                    entry: entry, pageText: page.text, canonical: page.canonical, author: page.author,
                    published: page.published)
                if !matched.fromPage { reading.tally.fellBack += 1 }
                if ArticlePolicy.isMuchLonger(
                    pageWords: ArticlePolicy.wordCount(page.text), feedWords: ArticlePolicy.wordCount(entry.text))
                {
                    reading.tally.longer += 1
                }
                reading.articles[index] = matched
            case .failure(let failure):
                reading.tally.failed += 1
                reading.tally.fellBack += 1
                reading.failures.append((index, failure))
            }
        }
        return reading
    }

    /// The article of a response, or why it gives none: an HTTP error, a body that is not HTML, a paywall.
    static func extract(_ response: HTTPResponse) -> Result<ExtractedArticle, FeedFailure> {
        let place = WebAddress.redacted(response.url)
        guard (200..<300).contains(response.status) else {
            return .failure(
                FeedFailure(
                    kind: .http(status: response.status), message: "HTTP \(response.status) from \(place)"))
        }
        if let type = response.contentType?.lowercased(), !isHTML(type) {
            return .failure(
                FeedFailure(
                    kind: .notHTML,
                    message: "\(place) is \(type.split(separator: ";").first ?? ""), not an HTML page"))
        }
        let article = ArticleExtractor.extract(
            [UInt8](response.body), contentType: response.contentType, url: response.url)
        if ArticlePolicy.isPaywall(article.text) {
            return .failure(FeedFailure(kind: .paywall, message: "\(place) asks to subscribe or sign in"))
        }
        return .success(article)
    }

    /// HTML, XHTML, or a type that servers send pages as by mistake.
    static func isHTML(_ contentType: String) -> Bool {
        contentType.contains("html") || contentType.hasPrefix("text/plain")
            || contentType.hasPrefix("application/octet-stream")
    }
}
