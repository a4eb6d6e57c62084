import ArgumentParser
import Basics
import Configuration
import Foundation

/// `--config PATH`, shared by every command that reads the configuration (README "Commands").
struct GlobalOptions: ParsableArguments {
    static let defaultPath = "/etc/newswatch/newswatch.yml"
    static let environmentVariable = "NEWSWATCH_CONFIG"

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "The main config file (default: $NEWSWATCH_CONFIG, else \(defaultPath)).", valueName: "path"),
        completion: .file(extensions: ["yml", "yaml"]))
    var config: String?

    /// Where the config path came from: `--config`, else `$NEWSWATCH_CONFIG`, else the default.
    enum Origin: Equatable {
        case option, environment, builtIn
    }

    var origin: Origin {
        if config != nil { return .option }
        if let env = ProcessInfo.processInfo.environment[Self.environmentVariable], !env.isEmpty { return .environment }
        return .builtIn
    }

    var configPath: String {
        switch origin {
        case .option: config ?? Self.defaultPath
        case .environment: ProcessInfo.processInfo.environment[Self.environmentVariable] ?? Self.defaultPath
        case .builtIn: Self.defaultPath
        }
    }

    /// When the config file does not exist (or is a directory): what to say, naming how its path was
    /// chosen; nil when it is there.
    var missingConfigMessage: String? {
        let path = configPath
        var st = stat()
        let problem: String
        if stat(path, &st) != 0 {
            guard errno == ENOENT || errno == ENOTDIR else { return nil }  // the loader says what else is wrong
            problem = "does not exist"
        } else if (st.st_mode & S_IFMT) == S_IFDIR {
            problem = "is a directory, not a config file"
        } else {
            return nil
        }
        let how =
            switch origin {
            case .option: "the path was given with --config"
            case .environment: "the path comes from $\(Self.environmentVariable) (no --config was given)"
            case .builtIn:
                "the path is the default, as neither --config nor $\(Self.environmentVariable) was given; name the config with --config PATH"
            }
        return "newswatch: the config file \(path) \(problem); \(how)"
    }

    /// Prints why the config file cannot be read, and exits with `status`, when it does not exist.
    func requireConfigFile(failureStatus status: Int32 = 1) throws {
        if let message = missingConfigMessage {
            printError(message)
            throw ExitCode(status)
        }
    }

    /// The main config's settings and feeds alone, validated, without reading a rule file (`status` and
    /// `tail` start at once, with 100,000 rules as with 10, and work while a rule file has an error);
    /// or prints every problem to stderr and exits with `status`.
    func loadSettings(failureStatus status: Int32 = 1) throws -> ServiceConfig {
        try requireConfigFile(failureStatus: status)
        switch ConfigLoader.loadSettings(configPath: configPath) {
        case .failure(let error):
            for diagnostic in error.diagnostics { printError(diagnostic.description) }
            throw ExitCode(status)
        case .success(let config):
            return config
        }
    }
}
