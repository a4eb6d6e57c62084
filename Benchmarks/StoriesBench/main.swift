import Foundation
import Stories

// stories-bench: quality, cost and memory of story detection (Sources/Stories). See Benchmarks/README.md
// ("## Stories"); Benchmarks/stories_bench.py makes the labelled set and runs every part.
//
//   stories-bench --quality FILE [--threshold T (default StoryIndex.defaultThreshold)]
//       FILE: JSON lines {"group", "kind", "title", "text", "url", "original", "against"} in stream
//       order (made by stories_bench.py). Prints the share of republications merged with their
//       original and of distinct stories merged, pair by pair and through a StoryIndex.
//   stories-bench --cost DIR [--rules FILE] [--rounds 3] [--seconds 1]
//       DIR/corpus.txt as rules-bench --export writes it; FILE the rules (default DIR/rules-10000.yml).
//       Prints µs per article of signature + assign, of matching those rules, and the ratio.
//   stories-bench --memory N [--cost DIR]
//       N distinct articles (words drawn from the corpus) in the window: RSS, assign and rebuild times.

func option(_ name: String) -> String? {
    let arguments = Array(CommandLine.arguments.dropFirst())
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}

let threshold = option("--threshold").flatMap(Double.init) ?? StoryIndex.defaultThreshold
if let file = option("--quality") {
    QualityBench.run(file: file, threshold: threshold)
} else if let count = option("--memory").flatMap(Int.init), let dir = option("--cost") {
    MemoryBench.run(count: count, corpus: dir)
} else if let dir = option("--cost") {
    CostBench.run(
        corpus: dir, rules: option("--rules") ?? dir + "/rules-10000.yml",
        rounds: option("--rounds").flatMap(Int.init) ?? 3, seconds: option("--seconds").flatMap(Double.init) ?? 1)
} else {
    print("usage: stories-bench --quality FILE | --cost DIR [--rules FILE] | --memory N --cost DIR")
    exit(2)
}
