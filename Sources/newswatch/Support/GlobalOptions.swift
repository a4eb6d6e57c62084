import ArgumentParser
import Foundation

/// `--config PATH`, shared by every command that reads the configuration.
struct GlobalOptions: ParsableArguments {
    static let defaultPath = "/etc/newswatch/newswatch.yml"

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "The main config file (default: $NEWSWATCH_CONFIG, else \(defaultPath)).", valueName: "path"),
        completion: .file(extensions: ["yml", "yaml"]))
    var config: String?

    var configPath: String {
        if let config { return config }
        if let env = ProcessInfo.processInfo.environment["NEWSWATCH_CONFIG"], !env.isEmpty { return env }
        return Self.defaultPath
    }
}
