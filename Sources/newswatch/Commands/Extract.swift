import ArgumentParser
import Articles
import Configuration
import Feeds
import Foundation

struct Extract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Extract the article from web pages: title, author, date and main text.",
        discussion: """
            For each INPUT (an HTML file, an http(s) URL, or - for stdin): the title, author, publication \
            date (ISO 8601), canonical URL and language, then the main text, one paragraph per line with a \
            blank line between. Navigation, share bars, related links, comments and cookie banners are left \
            out. Pages in any encoding are read (HTTP charset, <meta charset>, legacy encodings).

            --base URL sets the page URL for files and stdin, against which relative links are resolved. \
            With --json, one JSON object per INPUT per line (JSON Lines), in the order given: \
            {"input","url","title","author","published","canonical","language","text"}.
            Exit status: 0 when every INPUT was read, 1 when one could not be.
            """)

    @Flag(help: "One JSON object per input, one per line.")
    var json = false

    @Option(help: ArgumentHelp("The page URL for files and stdin (base for relative links).", valueName: "url"))
    var base: String?

    @Argument(help: ArgumentHelp("HTML files, http(s) URLs, or - for stdin.", valueName: "input"), completion: .file())
    var inputs: [String]

    func validate() throws {
        try BaseURL.validate(base)
    }

    func run() async throws {
        let reader = InputReader(userAgent: ServiceConfig.Fetch().userAgent)
        let term = Terminal.stdout
        var failed = false
        for input in inputs {
            switch await reader.read(input) {
            case .failure(let failure):
                failed = true
                let message = Self.explained(failure)
                if json {
                    emit(ArticleJSON.line(input: input, url: nil, result: .failure(ArticleInputError(message))))
                } else {
                    printError("newswatch extract: \(message)")
                }
            case .success(let loaded):
                let url = loaded.url ?? base
                let article = ArticleExtractor.extract([UInt8](loaded.data), contentType: loaded.contentType, url: url)
                if json {
                    emit(ArticleJSON.line(input: input, url: url, result: .success(article)))
                } else {
                    printHuman(article, input: input, term: term)
                }
            }
        }
        if failed { throw ExitCode(1) }
    }

    /// What went wrong with an INPUT, and what to give instead.
    static func explained(_ failure: InputReader.Failure) -> String {
        let text = failure.description.replacingOccurrences(
            of: "name a feed file in it", with: "name an HTML file in it")
        return text.hasSuffix("does not exist") ? text + "; give an HTML file, an http(s) URL, or - for stdin" : text
    }

    private func printHuman(_ article: ExtractedArticle, input: String, term: Terminal) {
        emit(term.bold(input))
        emit("  title:     \(article.title ?? "-")")
        emit("  author:    \(article.author ?? "-")")
        emit("  published: \(article.published.map(FeedDate.iso8601) ?? "-")")
        emit("  canonical: \(article.canonical ?? "-")")
        emit("  language:  \(article.language ?? "-")")
        emit("")
        emit(article.text.isEmpty ? "(no article text found)" : article.text)
        emit("")
    }
}
