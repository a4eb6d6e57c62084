import ArgumentParser
import Basics
import Configuration
import Foundation

@main
struct Newswatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newswatch",
        abstract: "Watch news feeds for topics and actors, and raise alerts.",
        discussion: """
            newswatch fetches the feeds named in its config, matches every new entry against the watch rules \
            in rules.d/*.yml, and writes each alert to the alert log and, as a JSON file, to the spool.

            Config: --config PATH, or $NEWSWATCH_CONFIG, or /etc/newswatch/newswatch.yml.
            Exit status of run: 0 after a clean stop, 78 when the config or rules are invalid.
            """,
        version: NewswatchVersion.current,
        subcommands: [
            Run.self, Check.self, Test.self, Parse.self, Extract.self, Tail.self, Status.self, RulesCommand.self,
        ])

    static func main() async {
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
