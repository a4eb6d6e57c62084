import Foundation

/// A mail server for the tests: `Tests/Helpers/smtp_server.py` (aiosmtpd, Debian's python3-aiosmtpd) on
/// 127.0.0.1 with STARTTLS (a certificate made here by openssl for 127.0.0.1, trusted through the
/// output's ca_file) and AUTH. Each message it accepts is a file in `directory`.
final class MailTestServer: @unchecked Sendable {
    // @unchecked: used from one test at a time; `process` is only touched from the test's task.
    let directory: String
    let certificate: String
    let port: Int
    private let process: Process

    static let username = "newswatch"
    static let password = "s3cret pass"

    /// - Parameters:
    ///   - failFirst: the first messages answered 451 (try again later).
    init(in base: String, failFirst: Int = 0, reject: Bool = false) throws {
        directory = base + "/mailbox"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let key: String
        (certificate, key) = try TestCertificate.make(in: base)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Helpers/smtp_server.py").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        var arguments = [
            script, "--dir", directory, "--tls", certificate, key, "--auth", "\(Self.username):\(Self.password)",
            "--fail-first", String(failFirst),
        ]
        if reject { arguments.append("--reject") }
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let line = String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(process.processIdentifier, SIGKILL)
            throw MailServerError(
                message: "the test mail server did not start (is python3-aiosmtpd installed?): \(line)")
        }
        self.port = port
    }

    deinit {
        // SIGKILL: the test runner's threads block SIGTERM, and the child inherits that mask.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    struct MailServerError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    var url: String { "smtp://127.0.0.1:\(port)" }

    /// The messages received so far, in order, as text.
    func messages() -> [String] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".eml") }.sorted()
        return names.compactMap { try? String(contentsOfFile: directory + "/" + $0, encoding: .utf8) }
    }

    /// Waits until at least `count` messages are there (at most `seconds`).
    func waitForMessages(_ count: Int, seconds: Double = 20) -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        while messages().count < count && Date() < deadline { usleep(50_000) }
        return messages()
    }

    /// A header's value in a message (the first one).
    static func header(_ name: String, in message: String) -> String? {
        for line in message.components(separatedBy: "\r\n") {
            if line.isEmpty { return nil }
            if line.lowercased().hasPrefix(name.lowercased() + ":") {
                return line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}
