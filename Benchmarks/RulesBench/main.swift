import Foundation
import Rules
import TestSupport

// rules-bench: compile time and matching throughput of the rule engine at 1k, 10k and 100k rules
// over a generated multi-script corpus. See Benchmarks/README.md ("## Rules").
//
//   rules-bench [--sizes 1000,10000,100000] [--articles 3000] [--seconds 2] [--seed 42]
//               [--export DIR] [--only-size N] [--matching-only]
//
// --matching-only skips the second timing, which also builds every hit's strings (for
// profiling the matcher alone).

struct Options {
    var sizes = [1_000, 10_000, 100_000]
    var articles = 3_000
    var seconds = 2.0
    var seed: UInt64 = 42
    var export: String?
    var matchingOnly = false

    init(_ args: [String]) {
        var i = 0
        func value() -> String {
            i += 1
            guard i < args.count else {
                FileHandle.standardError.write("missing value for \(args[i - 1])\n".data(using: .utf8) ?? Data())
                exit(2)
            }
            return args[i]
        }
        while i < args.count {
            switch args[i] {
            case "--sizes": sizes = value().split(separator: ",").compactMap { Int($0) }
            case "--only-size": sizes = [Int(value()) ?? 1000]
            case "--articles": articles = Int(value()) ?? articles
            case "--seconds": seconds = Double(value()) ?? seconds
            case "--seed": seed = UInt64(value()) ?? seed
            case "--export": export = value()
            case "--matching-only": matchingOnly = true
            case "-h", "--help":
                print(
                    "usage: rules-bench [--sizes 1000,10000,100000] [--articles N] [--seconds S] [--seed N] [--export DIR] [--matching-only]"
                )
                exit(0)
            default:
                FileHandle.standardError.write("unknown option \(args[i])\n".data(using: .utf8) ?? Data())
                exit(2)
            }
            i += 1
        }
    }
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

/// The plain literals of an expression (words, phrases, prefix stems), lower-cased, as a
/// literal scanner would look for them.
func literals(_ e: MatchExpression, actors: [String: [String]], into out: inout Set<String>) {
    switch e.node {
    case .term(let term):
        out.insert(term.words.map(\.text).joined(separator: " ").lowercased())
    case .actor(let id):
        for name in actors[id] ?? [] {
            out.insert(name.replacingOccurrences(of: "*", with: "").lowercased())
        }
    case .and(let xs), .or(let xs):
        for x in xs { literals(x, actors: actors, into: &out) }
    case .not(let x), .scope(_, let x):
        literals(x, actors: actors, into: &out)
    case .near(let a, let b, _, _):
        literals(a, actors: actors, into: &out)
        literals(b, actors: actors, into: &out)
    case .site, .feed:
        break
    }
}

/// A rules file (README "Write rules") with these actors and rules; strings single-quoted.
func rulesFile(actors: [ActorDefinition], rules: [RuleDefinition]) -> String {
    func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }
    var out = "actors:\n"
    for actor in actors {
        out += "  \(actor.id):\n    names: [\(actor.names.map(quoted).joined(separator: ", "))]\n"
    }
    out += "rules:\n"
    for rule in rules {
        out += "  - id: \(rule.id)\n    match: \(quoted(rule.match.text))\n"
        if !rule.feeds.isEmpty { out += "    feeds: [\(rule.feeds.map(quoted).joined(separator: ", "))]\n" }
    }
    return out
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
var rng = SplitMix64(seed: options.seed)
let pool = NamePool(size: 200_000, rng: &rng)
let corpusGenerator = CorpusGenerator(names: pool)
let documents = (0..<options.articles).map { corpusGenerator.article(&rng, index: $0) }
let totalBytes = documents.reduce(0) { $0 + $1.title.utf8.count + $1.text.utf8.count }
print(
    "corpus: \(documents.count) articles, \(String(format: "%.1f", Double(totalBytes) / 1e6)) MB "
        + "(title + text, \(totalBytes / documents.count) bytes on average), 10 scripts")

if let dir = options.export {
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    // Articles separated by U+001E (record separator), title and text by a newline.
    let corpus = documents.map { $0.title + "\n" + $0.text }.joined(separator: "\u{1E}")
    try corpus.write(toFile: dir + "/corpus.txt", atomically: true, encoding: .utf8)
}

var rows:
    [(size: Int, compile: Double, articlesPerSecond: Double, mbPerSecond: Double, perArticle: Double, fired: Double)] =
        []

for size in options.sizes {
    var ruleRNG = SplitMix64(seed: options.seed &+ UInt64(size))
    let ruleGenerator = RuleGenerator(names: pool, ruleCount: size)
    let actorCount = max(20, size / 50)
    let actors = ruleGenerator.actors(count: actorCount, &ruleRNG)
    let definitions = ruleGenerator.rules(count: size, actorCount: actorCount, &ruleRNG)

    let clock = ContinuousClock()
    let compileStart = clock.now
    let (ruleSet, diagnostics) = RuleSet.compile(actors: actors, rules: definitions)
    let compileTime = seconds(clock.now - compileStart)
    if !diagnostics.isEmpty {
        print("  \(diagnostics.count) diagnostics, first: \(diagnostics[0])")
    }

    if let dir = options.export {
        let names = Dictionary(uniqueKeysWithValues: actors.map { ($0.id, $0.names) })
        var set: Set<String> = []
        for rule in ruleSet.rules { literals(rule.expression, actors: names, into: &set) }
        try set.sorted().joined(separator: "\n").write(
            toFile: dir + "/literals-\(size).txt", atomically: true, encoding: .utf8)
        // The same actors and rules as a rules file, for timing `newswatch check` (YAML
        // loading included).
        try rulesFile(actors: actors, rules: definitions).write(
            toFile: dir + "/rules-\(size).yml", atomically: true, encoding: .utf8)
    }

    if ProcessInfo.processInfo.environment["RULES_BENCH_DEBUG"] != nil {
        let fired = Set(ruleSet.evaluate(documents[0]).map(\.rule.id))
        for m in ruleSet.evaluate(documents[0]).prefix(60) {
            print("  fired \(m.rule.canonical) \(m.hits.prefix(3).map(\.text))")
        }
        for r in documents.prefix(5).flatMap({ ruleSet.presearchCandidates($0) }) {
            print(
                "  candidate \(fired.contains(ruleSet.rules[r].id) ? "FIRED" : "     ") \(ruleSet.rules[r].canonical)")
        }
    }
    // Warm up once, then run whole passes over the corpus until the time budget is spent.
    var fired = 0
    var hits = 0
    var candidates = 0
    for d in documents {
        candidates += ruleSet.candidateCount(d)
        let matches = ruleSet.evaluate(d)
        fired += matches.count
        for m in matches { hits += m.hitCount }
    }
    var passes = 0
    let start = clock.now
    var elapsed = 0.0
    repeat {
        for d in documents { _ = ruleSet.evaluate(d) }
        passes += 1
        elapsed = seconds(clock.now - start)
    } while elapsed < options.seconds
    let perArticle = elapsed / Double(passes * documents.count)
    let mbPerSecond = Double(totalBytes * passes) / elapsed / 1e6
    // The same, with every match's hits and actors built as strings (what writing an alert
    // does; the matching above computes each hit's field, offset and extent, not its strings).
    var built = 0
    var builtPasses = 0
    let builtStart = clock.now
    var builtElapsed = 0.0
    repeat {
        for d in documents {
            for m in ruleSet.evaluate(d) {
                built &+= m.hits.count &+ m.actors.count
            }
        }
        builtPasses += 1
        builtElapsed = seconds(clock.now - builtStart)
    } while builtElapsed < options.seconds / 2 && !options.matchingOnly
    let builtMBPerSecond = Double(totalBytes * builtPasses) / builtElapsed / 1e6
    let firedPerArticle = Double(fired) / Double(documents.count)
    rows.append((size, compileTime, 1 / perArticle, mbPerSecond, perArticle, firedPerArticle))
    print(
        String(
            format:
                "rules %7d: compile %6.3f s | %8.0f articles/s | %7.1f MB/s | %6.1f µs/article | %.2f rules fired/article (%.2f%%), %.1f hits/fired, %.1f candidates/article | hits built: %.1f MB/s",
            size, compileTime, 1 / perArticle, mbPerSecond, perArticle * 1e6, firedPerArticle,
            100 * firedPerArticle / Double(max(1, ruleSet.rules.count)), Double(hits) / Double(max(1, fired)),
            Double(candidates) / Double(documents.count), builtMBPerSecond))
    if built == -1 { print("") }  // keeps the built hits alive to the optimizer
}

if let r10 = rows.first(where: { $0.size == 10_000 }), let r100 = rows.first(where: { $0.size == 100_000 }) {
    print(
        String(format: "time per article at 100k / 10k rules: %.2fx (target <= 2.5x)", r100.perArticle / r10.perArticle)
    )
}
if let r100 = rows.first(where: { $0.size == 100_000 }) {
    print(String(format: "compile 100k rules: %.3f s (target < 2 s)", r100.compile))
    print(String(format: "RESULT mbps100k=%.1f", r100.mbPerSecond))
}
