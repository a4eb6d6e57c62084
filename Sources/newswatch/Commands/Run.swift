import ArgumentParser
import Configuration
import Daemon
import Foundation
import Logging
import ServiceLifecycle

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the service (until SIGTERM/SIGINT, or one pass with --once).",
        discussion: """
            Loads and validates the config and rules (exit 78 when they are invalid), opens the state \
            database, tells systemd READY=1 and fetches every feed on its interval. SIGHUP reloads the \
            config and rules (an invalid edit is logged and the old ones stay) and reopens the alert log. \
            SIGTERM or SIGINT stops it cleanly: exit 0. Exit 78 also when a path the config names (state_dir, \
            the alert log, the spool) cannot be used; exit 75 when another newswatch runs on the same state_dir.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Fetch every feed once, deliver the alerts, and exit (cron jobs, tests).")
    var once = false

    func run() async throws {
        let path = global.configPath
        if let missing = global.missingConfigMessage {
            printError("<3>" + missing)
            throw ExitCode(78)
        }
        let loaded: LoadedConfiguration
        switch ConfigLoader.load(configPath: path) {
        case .failure(let error):
            for diagnostic in error.diagnostics { printError("<3>\(diagnostic)") }
            printError(
                "<3>newswatch: \(error.diagnostics.count) problems in the configuration; fix them (newswatch check) and start again"
            )
            throw ExitCode(78)
        case .success(let value):
            loaded = value
        }
        JournalLogHandler.processLevel = Logger.Level(loaded.config.logLevel)
        LoggingSystem.bootstrap { label in JournalLogHandler(label: label) }
        let logger = Logger(label: "newswatch")
        for warning in loaded.warnings { logger.warning("\(warning)") }

        let service = NewswatchService(configPath: path, configuration: loaded, once: once, logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(
                        service: service, successTerminationBehavior: .gracefullyShutdownGroup,
                        failureTerminationBehavior: .gracefullyShutdownGroup)
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: Logger(label: "newswatch.lifecycle", factory: { _ in SwiftLogNoOpLogHandler() })))
        do {
            try await group.run()
        } catch let error as ServiceStartError {
            logger.critical("newswatch cannot start: \(error)")
            throw ExitCode(error.exitStatus)
        } catch {
            logger.critical("newswatch stopped on an error: \(error)")
            throw ExitCode(1)
        }
    }
}
