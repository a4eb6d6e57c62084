import Configuration
import Foundation
import Rules
import Stories

/// Time per article of a story signature and its assignment, against matching 10k rules, in
/// alternating rounds on the same articles.
enum CostBench {
    static func run(corpus dir: String, rules: String, rounds: Int, seconds budget: Double) {
        let articles = BenchSupport.corpus(dir)
        let bytes = articles.reduce(0) { $0 + $1.title.utf8.count + $1.text.utf8.count }
        let (ruleSet, diagnostics) = ConfigLoader.loadRules(files: [rules])
        let errors = diagnostics.filter { !$0.message.hasPrefix("warning: ") }
        guard errors.isEmpty else {
            print("rules: \(errors.count) errors, first: \(errors[0])")
            exit(1)
        }
        let documents = articles.map { Document(title: $0.title, text: $0.text) }
        print(
            "cost: \(articles.count) articles, \(bytes / articles.count) bytes on average (title + text), "
                + "\(ruleSet.rules.count) rules from \(rules)")
        let clock = ContinuousClock()
        func time(_ body: () -> Int) -> Double {
            var passes = 0
            var sink = 0
            let start = clock.now
            var elapsed = 0.0
            repeat {
                sink &+= body()
                passes += 1
                elapsed = BenchSupport.seconds(clock.now - start)
            } while elapsed < budget
            if sink == -1 { print("") }
            return elapsed / Double(passes * articles.count) * 1e6
        }
        if ProcessInfo.processInfo.environment["STORIES_BENCH_PROFILE"] != nil {
            // Signatures only, for a profiler.
            var sink = 0
            for _ in 0..<10 { for a in articles { sink &+= StorySignature(title: a.title, text: a.text).size } }
            print("profiled \(sink)")
            return
        }
        if ProcessInfo.processInfo.environment["STORIES_BENCH_DEBUG"] != nil {
            // Signature time by kind of text: plain ASCII or not.
            for ascii in [true, false] {
                let part = articles.filter { a in a.text.utf8.allSatisfy { $0 < 0x80 } == ascii }
                let start = clock.now
                var sink = 0
                for _ in 0..<3 { for a in part { sink &+= StorySignature(title: a.title, text: a.text).size } }
                let each = BenchSupport.seconds(clock.now - start) / Double(3 * max(1, part.count)) * 1e6
                let bytes = part.reduce(0) { $0 + $1.text.utf8.count } / max(1, part.count)
                print(
                    String(
                        format: "  signature of %@ texts: %.1f µs (%d articles, %d bytes)", ascii ? "ASCII" : "other",
                        each, part.count, bytes) + (sink == -1 ? "" : ""))
            }
        }
        if ProcessInfo.processInfo.environment["STORIES_BENCH_DEBUG"] != nil {
            // Assign alone, on signatures made before.
            let signatures = articles.map { StorySignature(title: $0.title, text: $0.text) }
            var index = StoryIndex()
            let start = clock.now
            var merged = 0
            let repeats = ProcessInfo.processInfo.environment["STORIES_BENCH_PROFILE_ASSIGN"] != nil ? 20 : 1
            for (j, s) in Array(repeatElement(signatures, count: repeats).joined()).enumerated() {
                let i = j % signatures.count
                if i == 0 { index = StoryIndex() }
                if !index.assign(
                    s, canonical: "https://example.org/\(i)", at: Date(timeIntervalSinceReferenceDate: Double(i))
                ).isNew {
                    merged += 1
                }
            }
            let each = BenchSupport.seconds(clock.now - start) / Double(repeats * signatures.count) * 1e6
            print(String(format: "  assign alone: %.1f µs (%d merged)", each, merged))
        }
        var best = (matching: Double.infinity, signature: Double.infinity, assign: Double.infinity)
        for round in 1...rounds {
            let matching = time {
                documents.reduce(0) { $0 &+ ruleSet.evaluate($1).count }
            }
            let signature = time {
                articles.reduce(0) { $0 &+ StorySignature(title: $1.title, text: $1.text).size }
            }
            let assign = time {
                var index = StoryIndex()
                let start = Date(timeIntervalSinceReferenceDate: 0)
                var new = 0
                for (i, a) in articles.enumerated() {
                    let signature = StorySignature(title: a.title, text: a.text)
                    if index.assign(signature, canonical: "https://example.org/\(i)", at: start + Double(i)).isNew {
                        new += 1
                    }
                }
                return new
            }
            print(
                String(
                    format: "round %d: matching %.1f µs/article | signature %.1f | signature + assign %.1f (%.1f%%)",
                    round, matching, signature, assign, 100 * assign / matching))
            best = (min(best.matching, matching), min(best.signature, signature), min(best.assign, assign))
        }
        print(
            String(
                format:
                    "best: matching %d rules %.1f µs/article; signature %.1f µs, signature + assign %.1f µs/article = %.1f%% of matching",
                ruleSet.rules.count, best.matching, best.signature, best.assign, 100 * best.assign / best.matching))
    }
}
