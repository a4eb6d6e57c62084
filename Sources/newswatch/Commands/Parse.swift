import Alerts
import ArgumentParser
import Basics
import Configuration
import Feeds
import Foundation

struct Parse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse feeds and print what newswatch sees.",
        discussion: """
            For each INPUT (a feed file, an http(s) URL, or - for stdin): the feed's title, link and format, \
            and each entry's id, title, link, dates and plain text. With --json, one JSON object per INPUT \
            per line (JSON Lines), in the order given.
            """)

    @Flag(help: "One JSON object per input, one per line.")
    var json = false

    @Option(
        help: ArgumentHelp(
            "The URL that relative links in a file or stdin resolve against (without it they stay relative).",
            valueName: "url"))
    var base: String?

    func validate() throws {
        try BaseURL.validate(base)
    }

    @Argument(help: ArgumentHelp("Feed files, http(s) URLs, or - for stdin.", valueName: "input"), completion: .file())
    var inputs: [String]

    func run() async throws {
        let reader = InputReader(userAgent: ServiceConfig.Fetch().userAgent)
        let parser = FeedParser()
        let term = Terminal.stdout
        var failed = false
        for input in inputs {
            let result: Result<Feed, FeedError>
            switch await reader.read(input) {
            case .failure(let failure):
                failed = true
                if json {
                    emit(FeedJSON.line(input: input, result: .failure(.notAFeed(failure.description))))
                } else {
                    printError("newswatch parse: \(failure)")
                }
                continue
            case .success(let loaded):
                result = Result { () throws(FeedError) -> Feed in
                    try parser.parse(loaded.data, url: loaded.url ?? base, contentType: loaded.contentType)
                }
            }
            if json {
                emit(FeedJSON.line(input: input, result: result))
                if case .failure = result { failed = true }
                continue
            }
            switch result {
            case .failure(let error):
                failed = true
                printError("newswatch parse: \(input): \(error)")
            case .success(let feed):
                printHuman(feed, input: input, term: term)
            }
        }
        if failed { throw ExitCode(1) }
    }

    private func printHuman(_ feed: Feed, input: String, term: Terminal) {
        emit(term.bold(input))
        emit("  title:   \(feed.title ?? "-")")
        emit("  link:    \(feed.link ?? "-")")
        emit("  format:  \(feed.format.rawValue)\(feed.malformed ? " (malformed, recovered)" : "")")
        emit("  entries: \(feed.entries.count)")
        for (index, entry) in feed.entries.enumerated() {
            emit("")
            emit(term.bold("  [\(index + 1)] \(entry.title.isEmpty ? "(no title)" : entry.title)"))
            emit("      id:         \(entry.id)")
            emit("      link:       \(entry.link ?? "-")")
            emit("      published:  \(entry.published.map(Timestamp.iso8601) ?? "-")")
            emit("      updated:    \(entry.updated.map(Timestamp.iso8601) ?? "-")")
            if let author = entry.author { emit("      author:     \(author)") }
            if !entry.categories.isEmpty { emit("      categories: \(entry.categories.joined(separator: ", "))") }
            emit("      text:       \(entry.text)")
        }
        emit("")
    }
}
