import Alerts
import ArgumentParser
import Basics
import Configuration
import Curl
import Daemon
import Feeds
import Foundation
import JSONOutput
import Rules

struct Test: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Try the rules on feeds or text, and explain every match (writes no state, no alerts).",
        discussion: """
            Evaluates the rules against each entry of each INPUT (a feed file, an http(s) URL, or - for \
            stdin) and against each --text. For every rule that fires it shows which terms matched, in which \
            field, at which offset, and a snippet with the matches in [brackets]. Rules come from --rules, \
            or else from the config.

            The inputs come from no configured feed, so rules' `feeds:` limits are not applied (a match of a \
            limited rule says so), unless --feed names the configured feed to test as: then its id and tags \
            count, as in the service.

            With --rule, a named rule that does not fire on an entry is explained too: the terms that are \
            missing, the NOT term that is present, how close the sides of a NEAR come against the distance \
            allowed. With --feed, an entry older than the config's `backfill` window is marked: on a first \
            fetch of that feed the service would not alert on it.

            With --articles, the article page of each entry of a feed INPUT is fetched as the service \
            would (`fetch.article`, or the --feed's `article:`; see README "Full article text") and the rules \
            run on the article's text; a page that fails is reported and its entry tested on the feed's text.

            With --recent DURATION, the rules run over the articles the service kept (`retain`) that were \
            fetched in that window, with the same explanations, then a summary per rule: articles matched, \
            feeds, first and last time. --feed ID or --feed tag:NAME (repeatable) limits them to those feeds. \
            It reads the state database while the service runs, without blocking it.

            With --output NAME, one sample alert is sent to that output of the config, as the service would \
            send it (the email, the webhook's POST, the command), and the outcome is printed: 0 when the \
            destination took it, 2 when not.

            Exit status: 0 when something matched, 1 when nothing did, 2 on errors.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(
        name: .long, parsing: .singleValue,
        help: ArgumentHelp("Rule files or globs to use instead of the config's rules (repeatable).", valueName: "glob"),
        completion: .file(extensions: ["yml", "yaml"]))
    var rules: [String] = []

    @Option(name: .customLong("rule"), help: ArgumentHelp("Only this rule (repeatable).", valueName: "id"))
    var onlyRules: [String] = []

    @Option(
        name: .long, parsing: .singleValue,
        help: ArgumentHelp("A plain article to test (repeatable).", valueName: "text"))
    var text: [String] = []

    @Option(
        name: .customLong("feed"),
        help: ArgumentHelp(
            "Test the inputs as entries of this configured feed, so that rules' feeds: limits apply. With --recent: only "
                + "articles of this feed, or of feeds with tag:NAME (repeatable).", valueName: "id"))
    var feeds: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Run the rules over the articles kept in the state database that were fetched this far back (e.g. 24h, 7d).",
            valueName: "duration"))
    var recent: String?

    @Flag(
        help: ArgumentHelp(
            "Fetch the article page of each entry as the service would (fetch.article, or the --feed's article:) "
                + "and match on the article's text."))
    var articles = false

    /// The one feed the inputs are tested as (without --recent).
    var feed: String? { recent == nil ? feeds.first : nil }

    @Flag(help: "One JSON object per match, one per line.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "The URL that relative links in a feed file or stdin resolve against (without it they stay relative).",
            valueName: "url"))
    var base: String?

    @Option(
        help: ArgumentHelp(
            "Send one sample alert to this output of the config (README \"Outputs\"), to check its set-up; "
                + "its filter is not applied, and a digest output gets a digest of one.", valueName: "name"))
    var output: String?

    @Argument(help: ArgumentHelp("Feed files, http(s) URLs, or - for stdin.", valueName: "input"), completion: .file())
    var inputs: [String] = []

    func validate() throws {
        try BaseURL.validate(base)
        if output != nil {
            if !inputs.isEmpty || !text.isEmpty || recent != nil || articles {
                throw ValidationError(
                    "--output sends a sample alert; give no INPUT, --text, --recent or --articles with it")
            }
            return
        }
        if let recent {
            guard let window = Quantity.duration(recent), window > .zero else {
                throw ValidationError(
                    "--recent '\(recent)' is not a duration; write a number and a unit, like 24h or 7d")
            }
            if !inputs.isEmpty || !text.isEmpty || articles {
                throw ValidationError("--recent tests the kept articles; give no INPUT, --text or --articles with it")
            }
            return
        }
        if inputs.isEmpty && text.isEmpty {
            throw ValidationError(
                "give at least one INPUT (a feed file, URL or -), --text \"...\", or --recent DURATION")
        }
        if feeds.count > 1 || feeds.first?.hasPrefix("tag:") == true {
            throw ValidationError(
                "--feed names one configured feed id to test the inputs as (several, and tag:NAME, go with --recent)")
        }
    }

    func run() async throws {
        if let output {
            try await sendSample(to: output)
            return
        }
        let (ruleSet, config) = try loadRuleSet()
        let known = Set(ruleSet.rules.map(\.id))
        if let unknown = onlyRules.first(where: { !known.contains($0) }) {
            throw failure([], "no rule with id '\(unknown)'")
        }
        if let recent, let window = Quantity.duration(recent) {
            try await runRecent(window: window, ruleSet: ruleSet, config: config)
            return
        }
        let chosen = Set(onlyRules)
        let (asFeed, backfill) = try configuredFeed(in: config)
        let now = Date()
        let reader = InputReader(userAgent: ServiceConfig.Fetch().userAgent)
        let parser = FeedParser()
        var matched = 0
        var errors = 0
        var sources: [(input: String, entries: [Entry])] = []
        for (index, article) in text.enumerated() {
            let entry = Entry(
                id: "text-\(index + 1)", title: "", link: nil, published: nil, updated: nil, author: nil,
                categories: [], summary: article, content: "")
            sources.append(("--text", [entry]))
        }
        for input in inputs {
            switch await reader.read(input) {
            case .failure(let failure):
                printError("newswatch test: \(failure)")
                errors += 1
            case .success(let loaded):
                do {
                    let feed = try parser.parse(loaded.data, url: loaded.url ?? base, contentType: loaded.contentType)
                    let entries =
                        articles
                        ? await readArticles(of: feed.entries, input: input, asFeed: asFeed, config: config)
                        : feed.entries
                    sources.append((input, entries))
                } catch {
                    printError("newswatch test: \(input): \(error)")
                    errors += 1
                }
            }
        }
        let term = Terminal.stdout
        for warning in ruleSet.warnings where !rules.isEmpty {
            // (From the config, the loader's warnings are not shown here: `check` shows them.)
            printError(warning.description)
        }
        for source in sources {
            // Without --feed the input is of no feed: no feed id, tags or feed host for `feed:`/`site:`.
            let feed =
                asFeed ?? FeedConfig(id: "", url: "", location: SourceLocation(file: source.input, line: 1, column: 1))
            for entry in source.entries {
                let document = AlertFactory.document(for: entry, feed: feed)
                let matches =
                    chosen.count == 1
                    ? ruleSet.evaluate(document, onlyRule: onlyRules[0], applyingFeeds: asFeed != nil)
                    : ruleSet.evaluate(document, applyingFeeds: asFeed != nil).filter {
                        chosen.isEmpty || chosen.contains($0.rule.id)
                    }
                matched += matches.count
                if json {
                    for match in matches { emit(jsonLine(input: source.input, entry: entry, match: match)) }
                    continue
                }
                // The rules named with --rule that did not fire, and why.
                let fired = Set(matches.map(\.rule.id))
                let misses: [(id: String, miss: RuleMiss)] = onlyRules.filter { !fired.contains($0) }.compactMap { id in
                    ruleSet.explainMiss(document, rule: id, applyingFeeds: asFeed != nil).map { (id, $0) }
                }
                if matches.isEmpty && misses.isEmpty { continue }
                let note = backfill.flatMap { Self.backfillNote(entry: entry, backfill: $0, now: now) }
                printHuman(input: source.input, entry: entry, matches: matches, misses: misses, note: note, term: term)
            }
        }
        if !json {
            let entries = sources.reduce(0) { $0 + $1.entries.count }
            printError(
                "\(matched) match\(matched == 1 ? "" : "es") in \(entries) entr\(entries == 1 ? "y" : "ies"), \(chosen.isEmpty ? ruleSet.rules.count : chosen.count) rules"
            )
        }
        if errors > 0 { throw ExitCode(2) }
        if matched == 0 { throw ExitCode(1) }
    }

    /// The configured feed named by --feed and the config's `backfill`, or nils without it; from
    /// `config` when the rules came from it already (the file is read once).
    private func configuredFeed(in loaded: ServiceConfig?) throws -> (FeedConfig?, Duration?) {
        guard let feed else { return (nil, nil) }
        let config: ServiceConfig
        if let loaded {
            config = loaded
        } else {
            try global.requireConfigFile()
            switch ConfigLoader.loadSettings(configPath: global.configPath) {
            case .failure(let error):
                throw failure(error.diagnostics, "--feed needs the config's feeds, and the config has problems")
            case .success(let settings):
                config = settings
            }
        }
        guard let found = config.feeds.first(where: { $0.id == feed }) else {
            let known = config.feeds.prefix(20).map(\.id).joined(separator: ", ")
            throw failure(
                [], "no feed with id '\(feed)' in \(config.file)" + (known.isEmpty ? "" : "; known: \(known)"))
        }
        return (found, config.backfill)
    }

    /// The entries with the text the service would match (README "Full article text"): each entry's page,
    /// fetched as `fetch.article` (or the feed's `article:`) asks, when it gave more than the feed. A page
    /// that fails is reported on stderr; its entry keeps the feed's text.
    func readArticles(of entries: [Entry], input: String, asFeed: FeedConfig?, config: ServiceConfig?) async
        -> [Entry]
    {
        let settings = config?.fetch ?? ServiceConfig.Fetch()
        let client = CurlClient(
            maxTotalConnections: settings.maxConcurrent, maxHostConnections: settings.maxPerHost)
        defer { client.shutdown() }
        let pages = ArticlePageFetcher(
            fetcher: client, gate: ArticleGate(maxConcurrent: settings.maxConcurrent, maxPerHost: settings.maxPerHost))
        let reading = await pages.read(
            entries, pageWanted: { _ in true }, mode: asFeed?.article ?? settings.article, settings: settings,
            history: nil)
        for (index, failure) in reading.failures {
            printError(
                "newswatch test: \(input): article page of \"\(entries[index].title)\" failed, testing the feed's "
                    + "text instead: \(failure.message)")
        }
        let fetched = reading.tally.fetched
        printError(
            "\(input): \(Plural.count(fetched, "article page")) fetched, \(reading.tally.failed) failed, "
                + "\(fetched - reading.tally.fellBack) used")
        return reading.articles.map { article in
            guard article.fromPage else { return article.entry }
            var entry = article.entry
            entry.summary = ""
            entry.content = article.text
            if entry.author == nil { entry.author = article.author }
            return entry
        }
    }

    /// What `FeedRefresher` does on the first fetch of a feed: an entry dated (published, else
    /// updated) before `now - backfill` is recorded as seen without an alert.
    static func backfillNote(entry: Entry, backfill: Duration, now: Date) -> String? {
        guard let date = entry.published ?? entry.updated else { return nil }
        guard date < now.addingTimeInterval(-backfill.seconds) else { return nil }
        let written = FeedDate.iso8601(date)
        return "dated \(written), older than backfill (\(Quantity.format(backfill))): on a first fetch of this feed "
            + "the service would not alert on it"
    }

    /// Prints every diagnostic, then `message`; the exit status for errors.
    func failure(_ diagnostics: [Diagnostic], _ message: String?) -> ExitCode {
        for d in diagnostics { printError(d.description) }
        if let message { printError("newswatch test: " + message) }
        return ExitCode(2)
    }

    /// The rules to try, and the config when they came from it.
    private func loadRuleSet() throws -> (RuleSet, ServiceConfig?) {
        if !rules.isEmpty {
            var files: [String] = []
            for pattern in rules {
                let absolute = PathResolver.absolute(pattern)
                let found = PathResolver.hasWildcard(absolute) ? PathResolver.glob(absolute) : [absolute]
                if found.isEmpty { throw failure([], "'\(pattern)' matches no file") }
                files.append(contentsOf: found)
            }
            let (ruleSet, diagnostics) = ConfigLoader.loadRules(files: files)
            if !diagnostics.isEmpty { throw failure(diagnostics, nil) }
            return (ruleSet, nil)
        }
        try global.requireConfigFile()
        switch ConfigLoader.load(configPath: global.configPath) {
        case .failure(let error):
            throw failure(error.diagnostics, "the config has problems; fix them or name rule files with --rules")
        case .success(let loaded):
            return (loaded.ruleSet, loaded.config)
        }
    }

    /// `{"input", "entry": {"id", "title", "link"}, "rule", "severity", "matches": [{"term", "field",
    /// "offset", "text"}], "actors"}` (README "Check and try rules"), keys in that order.
    func jsonLine(input: String, entry: Entry, match: RuleMatch) -> String {
        var w = JSONWriter()
        w.begin("{")
        w.field("input", input)
        w.key("entry")
        w.begin("{")
        w.field("id", entry.id)
        w.field("title", entry.title)
        w.field("link", entry.link)
        w.end("}")
        w.field("rule", match.rule.id)
        w.field("severity", match.rule.severity.rawValue)
        w.key("matches")
        AlertFormatter.write(
            match.hits.map { .init(term: $0.term, field: $0.field.rawValue, offset: $0.offset, text: $0.text) }, to: &w)
        w.key("actors")
        w.strings(match.actors)
        w.end("}")
        return w.text
    }

    func printHuman(
        input: String, entry: Entry, matches: [RuleMatch], misses: [(id: String, miss: RuleMiss)], note: String?,
        term: Terminal, emit: (String) -> Void = emit
    ) {
        let title = entry.title.isEmpty ? String(entry.text.prefix(70)) : entry.title
        emit(term.bold("\(input): \"\(title)\"") + (entry.link.map { " " + term.dim($0) } ?? ""))
        if let note { emit(term.dim("  note: " + note)) }
        for match in matches {
            emit(
                "  \(term.severity(match.rule.severity.rawValue.uppercased())) \(term.bold(match.rule.id))  \(match.rule.title)"
            )
            emit("    rule: \(match.rule.canonical)")
            if feed == nil, !match.rule.feeds.isEmpty {
                let limits = match.rule.feeds.map(\.description).joined(separator: ", ")
                emit(
                    term.dim("    limited to feeds \(limits): not applied here (--feed ID tests as one of your feeds)"))
            }
            let allHits = match.hits  // built when read: once
            for hit in allHits {
                emit("    \(hit.term)  \(term.dim("\(hit.field.rawValue)@\(hit.offset)"))  \"\(hit.text)\"")
            }
            if match.omittedHits > 0 {
                emit(
                    term.dim(
                        "    ... and \(match.omittedHits) more (the first \(RuleMatch.maxHitsPerTerm) of each term per field are shown)"
                    ))
            }
            let actors = match.actors
            if !actors.isEmpty { emit("    actors: \(actors.joined(separator: ", "))") }
            for field in [Field.title, .text] {
                let hits = allHits.filter { $0.field == field }
                if hits.isEmpty { continue }
                let snippet = Snippet.make(field == .title ? entry.title : entry.text, hits: hits)
                emit("    \(field.rawValue): " + highlight(snippet, term: term))
            }
        }
        for (id, miss) in misses {
            emit("  \(term.bold(id))  did not fire:")
            for line in miss.lines { emit("    " + line) }
        }
        emit("")
    }

    private func highlight(_ snippet: String, term: Terminal) -> String {
        guard term.colors else { return snippet }
        return snippet.replacingOccurrences(of: "[", with: "\u{1B}[1;33m[").replacingOccurrences(
            of: "]", with: "]\u{1B}[0m")
    }
}
