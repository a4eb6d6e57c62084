import Foundation
import TestSupport
import Testing

@testable import Rules

/// A deliberately naive evaluator of the AST over token lists: the oracle for the engine.
struct ReferenceEvaluator {
    typealias Pattern = [(key: String, prefix: Bool)]
    let actorNames: [String: [Pattern]]
    /// Patterns of the rules' terms, computed once.
    let termPatterns: [[Term.Word]: Pattern]
    /// Field instances: 0 = title, 1 = body.
    let instances: [[NormalizedToken]]

    static func pattern(_ words: [Term.Word]) -> Pattern {
        var out: Pattern = []
        for word in words {
            let tokens = TextNormalizer.tokens(word.text)
            for (j, t) in tokens.enumerated() {
                out.append((t.key, word.isPrefix && j == tokens.count - 1))
            }
        }
        return out
    }

    static func pattern(name: String) -> Pattern {
        pattern(
            name.split(separator: " ").map { piece in
                piece.hasSuffix("*")
                    ? Term.Word(text: String(piece.dropLast()), isPrefix: true, offset: 0)
                    : Term.Word(text: String(piece), isPrefix: false, offset: 0)
            })
    }

    func occurrences(_ p: Pattern, instance: Int) -> [(Int, Int, Int)] {
        let tokens = instances[instance]
        guard !p.isEmpty, tokens.count >= p.count else { return [] }
        var out: [(Int, Int, Int)] = []
        for s in 0...(tokens.count - p.count) {
            let ok = p.indices.allSatisfy { i in
                p[i].prefix ? tokens[s + i].key.hasPrefix(p[i].key) : tokens[s + i].key == p[i].key
            }
            if ok { out.append((instance, s, s + p.count - 1)) }
        }
        return out
    }

    func spans(_ e: MatchExpression, _ scope: [Int]) -> [(Int, Int, Int)] {
        switch e.node {
        case .term(let term):
            let p = termPatterns[term.words] ?? Self.pattern(term.words)
            return scope.flatMap { occurrences(p, instance: $0) }
        case .actor(let id):
            return (actorNames[id] ?? []).flatMap { p in scope.flatMap { occurrences(p, instance: $0) } }
        case .or(let xs):
            return xs.flatMap { spans($0, scope) }
        case .scope(let field, let x):
            return spans(x, field == .title ? [0] : [0, 1])
        case .near(let a, let b, let n, let ordered):
            var out: [(Int, Int, Int)] = []
            for x in spans(a, scope) {
                for y in spans(b, scope) where x.0 == y.0 {
                    let forward = x.2 < y.1 && y.1 - x.2 - 1 <= n
                    let backward = !ordered && y.2 < x.1 && x.1 - y.2 - 1 <= n
                    if forward || backward { out.append((x.0, min(x.1, y.1), max(x.2, y.2))) }
                }
            }
            return out
        default:
            return []
        }
    }

    func eval(_ e: MatchExpression, _ scope: [Int] = [0, 1]) -> Bool {
        switch e.node {
        case .and(let xs): return xs.allSatisfy { eval($0, scope) }
        case .or(let xs): return xs.contains { eval($0, scope) }
        case .not(let x): return !eval(x, scope)
        case .scope(let field, let x): return eval(x, field == .title ? [0] : [0, 1])
        default: return !spans(e, scope).isEmpty
        }
    }
}

@Suite struct DifferentialTests {
    static let vocabulary = [
        "alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa", "lambda", "zeta", "theta", "alphabet",
        "betamax", "gammas", "deltaic",
    ]
    static let actorDefinitions = [
        ActorDefinition(
            id: "x", names: ["alpha beta", "gamm*", "Omega"], location: SourceLocation(file: "a", line: 1, column: 1)),
        ActorDefinition(
            id: "y", names: ["delta", "zeta theta", "kap*"], location: SourceLocation(file: "a", line: 2, column: 1)),
    ]

    struct ExpressionGenerator {
        var rng: SplitMix64

        mutating func word() -> String {
            let w = DifferentialTests.vocabulary.randomElement(using: &rng)!
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: return String(w.prefix(Int.random(in: 3...4, using: &rng))) + "*"
            case 1: return w.uppercased()
            default: return w
            }
        }

        mutating func leaf() -> String {
            switch Int.random(in: 0..<6, using: &rng) {
            case 0:
                return "\"" + (0..<Int.random(in: 2...3, using: &rng)).map { _ in word() }.joined(separator: " ") + "\""
            case 1: return ["@x", "@y"].randomElement(using: &rng)!
            default: return word()
            }
        }

        mutating func nearOperand(_ depth: Int) -> String {
            if depth > 0 && Int.random(in: 0..<3, using: &rng) == 0 {
                return "(" + leaf() + " OR " + leaf() + ")"
            }
            return leaf()
        }

        mutating func expression(_ depth: Int) -> String {
            let choice = depth <= 0 ? 0 : Int.random(in: 0..<8, using: &rng)
            switch choice {
            case 1, 2:
                let n = Int.random(in: 0...3, using: &rng)
                let op = Bool.random(using: &rng) ? "NEAR" : "ONEAR"
                return nearOperand(depth - 1) + " \(op)/\(n) " + nearOperand(depth - 1)
            case 3:
                return "(" + expression(depth - 1) + " OR " + expression(depth - 1) + ")"
            case 4:
                return "(" + expression(depth - 1) + " AND " + expression(depth - 1) + ")"
            case 5:
                return "(" + expression(depth - 1) + " NOT (" + expression(depth - 1) + "))"
            case 6:
                return "title:" + leaf()
            case 7:
                return expression(depth - 1) + " " + expression(depth - 1)
            default:
                return leaf()
            }
        }

        mutating func text(words: ClosedRange<Int>) -> String {
            (0..<Int.random(in: words, using: &rng)).map { _ in
                var w = DifferentialTests.vocabulary.randomElement(using: &rng)!
                switch Int.random(in: 0..<12, using: &rng) {
                case 0: w = w.capitalized + "’s"
                case 1: w += "-" + DifferentialTests.vocabulary.randomElement(using: &rng)!
                case 2: w = w.uppercased() + ","
                case 3: w += "."
                default: break
                }
                return w
            }.joined(separator: " ")
        }
    }

    /// Articles per seed: small by default so that debug builds stay fast; set
    /// NEWSWATCH_DIFFERENTIAL_ITERATIONS (e.g. 5000) for a long run.
    static let iterations: Int = {
        let value = ProcessInfo.processInfo.environment["NEWSWATCH_DIFFERENTIAL_ITERATIONS"].flatMap { Int($0) }
        return max(1, value ?? 60)
    }()

    @Test(arguments: [1 as UInt64, 2, 3, 4])
    func engineAgreesWithReference(seed: UInt64) {
        var gen = ExpressionGenerator(rng: SplitMix64(seed: seed))
        var definitions: [RuleDefinition] = []
        for i in 0..<400 {
            let text = gen.expression(3)
            definitions.append(
                RuleDefinition(
                    id: "r\(i)",
                    match: ExpressionSource(text: text, location: SourceLocation(file: "r", line: i + 1, column: 1)),
                    location: SourceLocation(file: "r", line: i + 1, column: 1)))
        }
        let (set, diagnostics) = RuleSet.compile(actors: Self.actorDefinitions, rules: definitions)
        // Only rules that can match with nothing positive are rejected.
        let unexpected = diagnostics.filter { !$0.message.hasPrefix("the rule can match without") }
        #expect(
            unexpected.isEmpty,
            "\(unexpected.prefix(3)) in \(unexpected.prefix(3).map { definitions[$0.location.line - 1].match.text })")
        #expect(set.rules.count > 300)
        let actorNames = Dictionary(
            uniqueKeysWithValues: Self.actorDefinitions.map {
                ($0.id, $0.names.map(ReferenceEvaluator.pattern(name:)))
            })
        var termPatterns: [[Term.Word]: ReferenceEvaluator.Pattern] = [:]
        func collectTerms(_ e: MatchExpression) {
            switch e.node {
            case .term(let t): termPatterns[t.words] = ReferenceEvaluator.pattern(t.words)
            case .and(let xs), .or(let xs): xs.forEach(collectTerms)
            case .not(let x), .scope(_, let x): collectTerms(x)
            case .near(let a, let b, _, _): collectTerms(a); collectTerms(b)
            default: break
            }
        }
        set.rules.forEach { collectTerms($0.expression) }
        var total = 0
        var disagreements: [String] = []
        for _ in 0..<Self.iterations {
            let doc = Document(title: gen.text(words: 0...6), text: gen.text(words: 3...40))
            let reference = ReferenceEvaluator(
                actorNames: actorNames, termPatterns: termPatterns,
                instances: [TextNormalizer.tokens(doc.title), TextNormalizer.tokens(doc.text)])
            let expected = set.rules.filter { reference.eval($0.expression) }.map(\.id)
            let matches = set.evaluate(doc)
            let actual = matches.map(\.id)
            // Every hit points at its text in the field it names.
            for m in matches {
                for hit in m.hits where hit.field == .title || hit.field == .text {
                    let field = Array((hit.field == .title ? doc.title : doc.text).unicodeScalars)
                    let end = hit.offset + hit.text.unicodeScalars.count
                    let slice = end <= field.count ? String(String.UnicodeScalarView(field[hit.offset..<end])) : ""
                    if slice != hit.text && disagreements.count < 3 {
                        disagreements.append("hit \(hit) does not point at its text in \(doc.text)")
                    }
                }
            }
            total += expected.count
            if expected != actual && disagreements.count < 3 {
                let missing = Set(expected).subtracting(actual).sorted()
                let extra = Set(actual).subtracting(expected).sorted()
                let show = (missing + extra).prefix(2).compactMap { set.rule(id: $0)?.canonical }
                disagreements.append("doc \(doc.title) | \(doc.text): missing \(missing) extra \(extra) \(show)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements)")
        #expect(total > 4 * Self.iterations)  // the test exercises real matches (about 6 per article)
    }
}

extension RuleMatch {
    fileprivate var id: String { rule.id }
}
