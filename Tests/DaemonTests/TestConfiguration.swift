import Configuration
import Foundation
import Testing

/// A real configuration, written to a temporary directory and loaded as the service loads it.
struct TestConfiguration {
    let directory: String
    let loaded: LoadedConfiguration

    static let rules = """
        rules:
          - id: lethal-aid
            title: Lethal aid
            severity: high
            match: '"lethal aid"'
          - id: special-forces
            match: '"special forces"'
        """

    init(feeds: [(id: String, url: String)], rules: String = Self.rules, extra: String = "", backfill: String = "3650d")
        throws
    {
        directory = NSTemporaryDirectory() + "newswatch-daemon-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/etc/rules.d", withIntermediateDirectories: true)
        var text = """
            state_dir: ../var/lib
            rules: [rules.d/*.yml]
            alerts:
              log: ../var/log/alerts.log
              spool: ../var/spool
            fetch:
              interval: 15m
              max_concurrent: 4
              max_per_host: 2
            backfill: \(backfill)
            \(extra)
            feeds:

            """
        for feed in feeds { text += "  - id: \(feed.id)\n    url: \(feed.url)\n" }
        try text.write(toFile: directory + "/etc/newswatch.yml", atomically: true, encoding: .utf8)
        try rules.write(toFile: directory + "/etc/rules.d/watch.yml", atomically: true, encoding: .utf8)
        loaded = try ConfigLoader.load(configPath: directory + "/etc/newswatch.yml").get()
    }

    var configPath: String { directory + "/etc/newswatch.yml" }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
