import ArgumentParser
import Configuration
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

    /// Loads and validates the configuration, or prints every problem to stderr and exits with `status`.
    func loadConfiguration(failureStatus status: Int32 = 1) throws -> LoadedConfiguration {
        switch ConfigLoader.load(configPath: configPath) {
        case .failure(let error):
            for diagnostic in error.diagnostics { printError(diagnostic.description) }
            throw ExitCode(status)
        case .success(let loaded):
            return loaded
        }
    }
}
