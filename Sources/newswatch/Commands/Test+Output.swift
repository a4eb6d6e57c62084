import Alerts
import ArgumentParser
import Basics
import Configuration
import Curl
import Daemon
import Foundation
import Logging

extension Test {
    /// `test --output NAME` (README "Outputs"): one sample alert, sent as the service sends.
    func sendSample(to name: String) async throws {
        let config = try global.loadSettings(failureStatus: 2)
        guard let output = config.outputs.first(where: { $0.name == name }) else {
            let known = config.outputs.map(\.name)
            throw failure(
                [],
                "no output named '\(name)' in \(global.configPath); "
                    + (known.isEmpty
                        ? "the config has no alerts.outputs" : "its outputs: \(known.joined(separator: ", "))"))
        }
        if let problem = OutputSenders.problem(output) { throw failure([], problem) }
        let client = CurlClient(maxTotalConnections: 2, maxHostConnections: 1)
        defer { client.shutdown() }
        var logger = Logger(label: "newswatch")
        logger.logLevel = .warning
        let sender = OutputSenders.make(output, client: client, logger: logger)
        let sample = Self.sampleAlert(output: name)
        let outcome =
            output.digest == nil
            ? await sender.send(sample) : await sender.send(digest: [sample], periodEnd: Date())
        switch outcome {
        case .delivered:
            emit("sent a sample alert (id \(sample.id)) to \(name): \(output.kind.rawValue) \(output.destination)")
        case .retry(let message, _), .permanent(let message):
            throw failure([], "\(name): \(message)")
        }
    }

    /// A sample alert that says what it is; its id is new each time (a mail client would hide a second
    /// message with the same `Message-ID`).
    static func sampleAlert(output: String) -> AlertRecord {
        var random = SystemRandomNumberGenerator()
        let id = "test" + String(format: "%012llx", random.next() & 0xFFFF_FFFF_FFFF)
        let host = ProcessInfo.processInfo.hostName
        return AlertRecord(
            id: id, time: Timestamp.iso8601(Date()),
            rule: .init(id: "newswatch-test", title: "Sample alert", severity: "high", tags: ["test"]),
            article: .init(
                title: "Sample alert for output \(output)", url: "https://example.org/newswatch-test",
                published: nil, author: nil, entryID: id),
            feed: .init(id: "newswatch-test", title: "newswatch test --output", url: "https://example.org/"),
            matches: [], actors: [],
            snippet:
                "This is a sample alert sent by newswatch test --output \(output) on \(host) to check the output's set-up. No rule fired."
        )
    }
}
