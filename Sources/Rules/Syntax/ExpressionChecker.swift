import Basics

/// The checks on a parsed expression that go beyond syntax: actors, NEAR operands, prefixes,
/// words without letters, and rules that could match with no positive term.
struct ExpressionChecker {
    /// Known actor ids; nil skips the actor check.
    let actors: Set<String>?
    private(set) var errors: [(Int, String)] = []

    init(actors: Set<String>?) {
        self.actors = actors
    }

    mutating func check(_ root: MatchExpression) {
        visit(root)
        if !Self.needsPositive(root) {
            errors.append(
                (
                    root.offset,
                    "the rule can match without any positive term (only NOT); add a word, phrase or @actor it must contain"
                ))
        }
    }

    /// Whether every way for `e` to be true needs a positive term (or a feed:/site: condition).
    static func needsPositive(_ e: MatchExpression) -> Bool {
        switch e.node {
        case .term, .actor, .near, .site, .feed: true
        case .not: false
        case .scope(_, let x): needsPositive(x)
        case .and(let xs): xs.contains(where: needsPositive)
        case .or(let xs): xs.allSatisfy(needsPositive)
        }
    }

    private mutating func visit(_ e: MatchExpression) {
        switch e.node {
        case .term(let term):
            checkTerm(term)
        case .actor(let id):
            if let actors, !actors.contains(id) {
                if let near = Self.suggestion(for: id, among: actors) {
                    errors.append((e.offset, "unknown actor @\(id); did you mean '@\(near)'?"))
                } else {
                    errors.append((e.offset, "unknown actor @\(id)"))
                }
            }
        case .site, .feed:
            break
        case .not(let x), .scope(_, let x):
            visit(x)
        case .and(let xs), .or(let xs):
            xs.forEach { visit($0) }
        case .near(let a, let b, _, _):
            checkNearOperand(a)
            checkNearOperand(b)
            visit(a)
            visit(b)
        }
    }

    @inline(__always)
    static func isASCIIAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    /// The known actor closest to a misspelt id: same letters ignoring case, or at most one
    /// edit per three characters (never more than 3); ties go to the first in sorted order.
    static func suggestion(for id: String, among actors: Set<String>) -> String? {
        let limit = min(3, max(1, id.unicodeScalars.count / 3))
        return EditDistance.closest(to: id, in: actors, limit: limit)
    }

    private mutating func checkNearOperand(_ e: MatchExpression) {
        let why = "(NEAR operands are words, phrases, @actors or OR-groups of them)"
        switch e.node {
        case .term, .actor, .near: break
        case .or(let xs): xs.forEach { checkNearOperand($0) }
        case .scope(_, let x): checkNearOperand(x)
        case .not: errors.append((e.operatorOffset, "NOT is not allowed inside a NEAR operand \(why)"))
        case .and: errors.append((e.operatorOffset, "AND is not allowed inside a NEAR operand \(why)"))
        case .site: errors.append((e.offset, "site: is not allowed inside a NEAR operand \(why)"))
        case .feed: errors.append((e.offset, "feed: is not allowed inside a NEAR operand \(why)"))
        }
    }

    private mutating func checkTerm(_ term: Term) {
        for word in term.words {
            // Plain ASCII letters and digits: one token, the word itself (the common case).
            if word.text.isASCIIAlphanumericWord {
                if word.isPrefix && word.text.utf8.count < 3 {
                    let star = word.offset + word.text.unicodeScalars.count
                    errors.append((star, "'*' needs at least 3 characters before it ('\(word.written)')"))
                }
                continue
            }
            let stream = TokenStream(word.text)
            guard let last = stream.tokens.last else {
                errors.append((word.offset, "'\(word.written)' has no letters or digits to match"))
                continue
            }
            guard word.isPrefix, last.flags & (TokenInfo.hangul | TokenInfo.noSpace) == 0 else { continue }
            // Characters of the normalized key (UTF-8 bytes that are not continuation bytes).
            var characters = 0
            for k in Int(last.keyStart)..<Int(last.keyEnd) where stream.keys[k] & 0xC0 != 0x80 { characters += 1 }
            if characters < 3 {
                let star = word.offset + word.text.unicodeScalars.count
                errors.append((star, "'*' needs at least 3 characters before it ('\(word.written)')"))
            }
        }
    }
}

extension MatchExpression {
    /// Parses and checks a match expression; every problem is reported.
    ///
    /// - Parameter actors: the known actor ids, or nil to skip the actor check.
    public static func parse(_ source: ExpressionSource, actors: Set<String>? = nil)
        -> (expression: MatchExpression?, diagnostics: [Diagnostic])
    {
        let parsed = parseWithWarnings(source, actors: actors)
        return (parsed.expression, parsed.diagnostics)
    }

    /// `parse`, and the warnings about what is valid but most likely not meant (`near/5`), as
    /// diagnostics whose message starts with "warning: ".
    static func parseWithWarnings(_ source: ExpressionSource, actors: Set<String>? = nil)
        -> (expression: MatchExpression?, diagnostics: [Diagnostic], warnings: [Diagnostic])
    {
        if ExpressionSize.firstWordBeyondLimit(source.text) != nil {
            return (nil, [Diagnostic(source.location(at: 0), ExpressionSize.message)], [])
        }
        let lexer = Lexer(source.text)
        var errors = lexer.errors
        var parser = Parser(tokens: lexer.tokens)
        let expression = parser.parse()
        // What the lexer found at a place (an unclosed quote) explains what the parser then finds there.
        let lexed = Set(lexer.errors.map(\.0))
        errors += parser.errors.filter { !lexed.contains($0.0) }
        if let expression {
            var checker = ExpressionChecker(actors: actors)
            checker.check(expression)
            errors += checker.errors
        } else if errors.isEmpty {
            errors.append((0, "empty expression"))
        }
        let diagnostics = errors.map { Diagnostic(source.location(at: $0.0), $0.1) }
            .sorted { $0.location < $1.location }
        let warnings = lexer.warnings.map { Diagnostic(source.location(at: $0.0), $0.1) }
        return (diagnostics.isEmpty ? expression : nil, diagnostics, warnings)
    }
}
