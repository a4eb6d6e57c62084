import Foundation
import Rules
import TestSupport
import Testing

@testable import Configuration

/// A typo must never bring the service down: rule files corrupted at random (bytes changed, removed,
/// duplicated, lines swapped, cut short) are loaded without a crash, and every problem found names this
/// file with a line and column inside it.
@Suite struct CorruptedRuleFileTests {
    static let original = """
        actors:
          north_korea:
            names: ["North Korea", "North Korean*", DPRK, Pyongyang, 북한, КНДР]
          russia: [Russia, Russian*, Moscow, Россия]
        rules:
          - &base
            id: dprk-forces-russia
            title: North Korean forces with Russia
            severity: critical
            tags: [dprk, russia]
            match: '@north_korea NEAR/15 ("special forces" OR troops) AND @russia'
            feeds: [tag:korea]
          - <<: *base
            id: dprk-missile
            match: >
              @north_korea AND (missile* OR ICBM) ONEAR/10 (launch* OR fired)
              AND NOT title:"test page"
          - id: "quoted \\u00e9"
            match: "raw:US AND site:example.org AND (a OR b) c"
        """

    @Test(arguments: [11, 12, 13, 14] as [UInt64])
    func neverCrashesAndAlwaysPointsIntoTheFile(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let directory = NSTemporaryDirectory() + "newswatch-corrupt-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/rules.yml"
        let pieces: [[UInt8]] = [
            Array("'".utf8), Array("\"".utf8), Array(":".utf8), Array("- ".utf8), Array("\n".utf8),
            Array("  ".utf8), Array("\t".utf8), Array("(".utf8), Array("*".utf8), Array("&x".utf8),
            Array("*x".utf8), Array("[".utf8), Array("{".utf8), Array("NEAR/".utf8), Array("@".utf8),
            Array("---\n".utf8), [0xFF], [0xC3], [0x00], Array("é".utf8), Array("<<: ".utf8),
        ]
        var reports = 0
        for _ in 0..<300 {
            var bytes = Array(Self.original.utf8)
            for _ in 0..<(1 + random.below(4)) {
                let at = random.below(bytes.count + 1)
                switch random.below(5) {
                case 0: bytes.insert(contentsOf: random.pick(pieces), at: at)
                case 1: if at < bytes.count { bytes.remove(at: at) }
                case 2: if at < bytes.count { bytes[at] = UInt8(truncatingIfNeeded: random.next()) }
                case 3: bytes = Array(bytes.prefix(at))
                default:
                    let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
                    let i = random.below(lines.count), j = random.below(lines.count)
                    var swapped = lines
                    swapped.swapAt(i, j)
                    bytes = Array(swapped.joined(separator: [0x0A]))
                }
            }
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            let (ruleSet, diagnostics) = ConfigLoader.loadRules(files: [file])
            let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count
            for d in diagnostics {
                #expect(d.location.file == file, "\(d)")
                #expect(
                    d.location.line >= 1 && d.location.line <= lines + 1,
                    "\(d) in \(String(decoding: bytes, as: UTF8.self))")
                #expect(d.location.column >= 1, "\(d)")
                #expect(!d.message.isEmpty)
            }
            // A loaded rule set still matches (rules left out for errors are simply absent).
            _ = ruleSet.evaluate(Document(title: "North Korea fired a missile", text: "launch", feedID: "f"))
            if !diagnostics.isEmpty { reports += 1 }
        }
        #expect(reports > 100, "the corruptions should mostly be reported: \(reports) of 300")
    }
}
