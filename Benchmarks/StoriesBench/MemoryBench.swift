import Foundation
import Stories
import TestSupport

/// RSS of the index with N distinct articles in the window, the time per assign when it is that
/// full, and the time to rebuild it from the signatures' bytes (the daemon's start-up).
enum MemoryBench {
    static func run(count: Int, corpus dir: String) {
        // Words of the corpus, drawn at random: distinct articles of realistic words and length.
        var words: [Substring] = []
        for a in BenchSupport.corpus(dir) {
            words += a.text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        }
        var rng = SplitMix64(seed: 7)
        let clock = ContinuousClock()
        let before = BenchSupport.residentMB()
        var index = StoryIndex()
        let start = Date(timeIntervalSinceReferenceDate: 0)
        var saved: [(id: StoryID, bytes: [UInt8], canonical: String, at: Date)] = []
        var assignTime = 0.0
        var findTime = 0.0
        var merged = 0
        for i in 0..<count {
            var text = ""
            for p in 0..<5 {
                if p > 0 { text += "\n\n" }
                for _ in 0..<(40 + rng.below(60)) {
                    text += words[rng.below(words.count)]
                    text += " "
                }
            }
            let title = (0..<8).map { _ in String(words[rng.below(words.count)]) }.joined(separator: " ")
            let signature = StorySignature(title: title, text: text)
            let at = start + Double(i) * (48 * 3600 / Double(count))
            let url = "https://news.example/\(i)"
            let t0 = clock.now
            let found = index.find(signature, canonical: url, at: at)
            let t1 = clock.now
            let id = found ?? StoryID(rawValue: index.nextID)
            let isNew = found == nil
            index.insert(id: id, signature: signature, canonical: url, at: at)
            let t2 = clock.now
            assignTime += BenchSupport.seconds(t2 - t0)
            findTime += BenchSupport.seconds(t1 - t0)
            if !isNew { merged += 1 }
            if i % 25000 == 24999 {
                print(
                    String(
                        format: "  %d: find %.1f µs, insert %.1f µs on average so far", i + 1,
                        findTime / Double(i + 1) * 1e6, (assignTime - findTime) / Double(i + 1) * 1e6))
            }
            if i % 10 == 0 { saved.append((id, signature.bytes, url, at)) }
        }
        let filled = BenchSupport.residentMB()
        print(
            String(
                format:
                    "memory: %d articles in the window: RSS %.0f MB (%.0f MB before: %.0f MB, %.0f bytes per article); assign %.1f µs on average; %d merged",
                count, filled, before, filled - before, (filled - before) * 1_048_576 / Double(count),
                assignTime / Double(count) * 1e6, merged))
        // Rebuild: every tenth article's bytes were kept; time ten times that many inserts.
        let t0 = clock.now
        var rebuilt = StoryIndex()
        for round in 0..<10 {
            for s in saved {
                guard let signature = StorySignature(bytes: s.bytes) else { continue }
                rebuilt.insert(id: s.id, signature: signature, canonical: s.canonical + "#\(round)", at: s.at)
            }
        }
        let rebuild = BenchSupport.seconds(clock.now - t0)
        print(
            String(
                format: "rebuild: %d articles inserted from their bytes in %.2f s (%.1f µs each)", rebuilt.count,
                rebuild, rebuild / Double(max(1, rebuilt.count)) * 1e6))
    }
}
