import Basics
import Foundation
import TestSupport

/// Runs the real `newswatch` binary on a config it writes into a fresh directory, with real files,
/// a real SQLite database and a real HTTP server on 127.0.0.1.
final class ProductHarness: @unchecked Sendable {
    // @unchecked: used from one test at a time; the only shared part, `server`, is itself Sendable.
    let directory: String
    let server: TestHTTPServer

    init() throws {
        directory = NSTemporaryDirectory() + "newswatch-it-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/etc/rules.d", withIntermediateDirectories: true)
        server = try TestHTTPServer()
    }

    deinit {
        server.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    var configPath: String { directory + "/etc/newswatch.yml" }
    var logPath: String { directory + "/var/log/alerts.log" }
    var spoolNew: String { directory + "/var/spool/new" }
    var spoolCur: String { directory + "/var/spool/cur" }
    var databasePath: String { directory + "/var/lib/state.sqlite" }

    /// Writes the main config with these feeds (`id: path-on-the-test-server`). Article pages are not
    /// fetched unless `article` says so: the test feeds' links point at hosts that do not exist.
    func writeConfig(
        feeds: [(id: String, path: String)], extra: String = "", logFormat: String = "text", logLevel: String = "debug",
        maxPerHost: Int = 2, article: String = "never"
    ) throws {
        var text = """
            state_dir: ../var/lib
            rules: [rules.d/*.yml]
            log_level: \(logLevel)
            alerts:
              log: ../var/log/alerts.log
              log_format: \(logFormat)
              spool: ../var/spool
            fetch:
              interval: 15m
              timeout: 10s
              max_per_host: \(maxPerHost)
              article: \(article)
            backfill: 3650d
            \(extra)
            feeds:

            """
        for feed in feeds {
            text += "  - id: \(feed.id)\n    url: \(server.url(feed.path))\n    tags: [test]\n"
        }
        try text.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    func writeRules(_ name: String, _ text: String) throws {
        try text.write(toFile: directory + "/etc/rules.d/" + name, atomically: true, encoding: .utf8)
    }

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: String {
        // The test bundle lives in the build products directory, next to the executable.
        let exe =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("newswatch").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return "newswatch-binary-not-built (run swift build --build-tests)"
    }

    /// Starts `newswatch ARGS`; stdout and stderr go to files in the test directory.
    func start(_ arguments: [String], environment: [String: String] = [:]) throws -> RunningProcess {
        try RunningProcess(binary: Self.binary, arguments: arguments, environment: environment, directory: directory)
    }

    /// Runs `newswatch ARGS` to completion.
    func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> Outcome {
        let process = try RunningProcess(
            binary: Self.binary, arguments: arguments, environment: environment, directory: directory, stdin: stdin)
        let status = process.wait()
        return Outcome(status: status, stdout: process.stdout, stderr: process.stderr)
    }

    func runOnce(environment: [String: String] = [:]) throws -> Outcome {
        try run(["run", "--once", "--config", configPath], environment: environment)
    }

    func logLines() -> [String] {
        ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func spoolFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: spoolNew)) ?? []).sorted()
    }

    func spoolRecords() throws -> [[String: Any]] {
        try spoolFiles().map { name in
            let data = try Data(contentsOf: URL(fileURLWithPath: spoolNew + "/" + name))
            return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        }
    }
}

/// A child process of the test, with its output captured in files (no pipe can fill up and block it).
final class RunningProcess: @unchecked Sendable {
    // @unchecked: `process` is only touched from the test's own task.
    let process = Process()
    let outPath: String
    let errPath: String

    init(binary: String, arguments: [String], environment: [String: String], directory: String, stdin: String? = nil)
        throws
    {
        let id = UUID().uuidString
        outPath = directory + "/out-\(id).txt"
        errPath = directory + "/err-\(id).txt"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env["NOTIFY_SOCKET"] = nil
        env["WATCHDOG_USEC"] = nil
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        if let stdin {
            let pipe = Pipe()
            process.standardInput = pipe
            try process.run()
            pipe.fileHandleForWriting.write(Data(stdin.utf8))
            try pipe.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    var stdout: String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for the exit (at most 60 s, then kills) and returns the exit status.
    @discardableResult
    func wait() -> Int32 {
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return -1
        }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
            ? 128 + process.terminationStatus : process.terminationStatus
    }
}
