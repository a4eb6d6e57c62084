import Foundation
import TestSupport
import Testing

@testable import Feeds

/// A deterministic mutation loop over the fixtures: truncations, byte flips, inserted markup.
/// Whatever comes in, the parser returns (no crash, no hang) and every entry has an id.
@Suite("Robustness")
struct RobustnessTests {

    static let snippets: [[UInt8]] = [
        "<", ">", "&", "</item>", "</channel>", "<item>", "]]>", "<![CDATA[",
        "&#x0;", "&amp", "<!DOCTYPE x [", "\u{0}", "\u{FF}", "</", "<?", "<!--",
        "xml:base=\"::\"", "\"", "&rsquo;", "<entry>", "</feed>",
    ].map { Array($0.utf8) }

    @Test(arguments: FixtureCase.all.map(\.file))
    func mutationsNeverBreakInvariants(_ file: String) throws {
        let original = Array(try Fixtures.data(file))
        var rng = SplitMix64(seed: file.utf8.reduce(UInt64(original.count)) { $0 &* 31 &+ UInt64($1) })
        for _ in 0..<150 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &rng) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes.removeSubrange(at...)
                case 1: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                case 2: bytes.insert(contentsOf: Self.snippets.randomElement(using: &rng)!, at: at)
                default: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...64, using: &rng)))
                }
            }
            do {
                let feed = try FeedParser().parse(Data(bytes), url: "https://example.org/f")
                for entry in feed.entries { #expect(!entry.id.isEmpty) }
                _ = FeedJSON.line(input: file, result: .success(feed))
            } catch {
                #expect(!error.description.isEmpty)
            }
        }
    }
}
