/// Recursive-descent parser for match expressions, with error recovery so that one pass
/// reports every problem.
///
/// Grammar (precedence NOT > NEAR > AND > OR):
/// ```
/// or      := and ("OR" and)*
/// and     := near (["AND"] near)*
/// near    := unary (("NEAR/n" | "ONEAR/n") unary)*
/// unary   := "NOT" unary | primary
/// primary := "(" or ")" | field ":" primary | "raw:" word-or-phrase | "site:" value | "feed:" value
///          | word | "phrase" | "@" actor
/// ```
struct Parser {
    static let maxDepth = 64

    private let tokens: [LexToken]
    private var pos = 0
    private var depth = 0
    private var depthReported = false
    private(set) var errors: [(Int, String)] = []

    init(tokens: [LexToken]) {
        self.tokens = tokens
    }

    /// Parses the whole token list; nil when nothing usable was found.
    mutating func parse() -> MatchExpression? {
        var parts: [MatchExpression] = []
        while pos < tokens.count {
            if tokens[pos].kind == .closeParen {
                error(tokens[pos].start, "unbalanced parenthesis: this ) has no matching (")
                pos += 1
                continue
            }
            let before = pos
            if let e = parseOr() { parts.append(e) }
            if pos == before { pos += 1 }  // always make progress
        }
        if parts.count <= 1 { return parts.first }
        parts = Self.flattened(parts, or: false)
        return MatchExpression(.and(parts), offset: parts[0].offset, operatorOffset: parts[1].offset)
    }

    private mutating func error(_ offset: Int, _ message: String) {
        errors.append((offset, message))
    }

    private var current: LexToken? { pos < tokens.count ? tokens[pos] : nil }

    private func canStartOperand(_ t: LexToken?) -> Bool {
        guard let t else { return false }
        switch t.kind {
        case .word, .phrase, .openParen, .not, .actor, .field: return true
        default: return false
        }
    }

    private static func name(of t: LexToken) -> String {
        switch t.kind {
        case .and: "AND"
        case .or: "OR"
        case .not: "NOT"
        case .near(let n, let ordered): (ordered ? "ONEAR/" : "NEAR/") + String(n)
        default: "operator"
        }
    }

    private mutating func parseOr() -> MatchExpression? {
        let first = parseAnd()
        // Most operands are no OR-group: no list for them.
        guard let next = current, next.kind == .or else { return first }
        var items: [MatchExpression] = []
        var operatorOffset: Int?
        if let first { items.append(first) }
        while let t = current, t.kind == .or {
            pos += 1
            operatorOffset = operatorOffset ?? t.start
            guard canStartOperand(current) else {
                error(t.start, "OR needs an operand on its right")
                continue
            }
            if let e = parseAnd() { items.append(e) }
        }
        if items.count <= 1 { return items.first }
        items = Self.flattened(items, or: true)
        return MatchExpression(.or(items), offset: items[0].offset, operatorOffset: operatorOffset)
    }

    /// The operands of an OR (AND) list, with those that are themselves OR (AND) lists spliced
    /// in: `a OR (b OR c)` is `a OR b OR c`.
    private static func flattened(_ items: [MatchExpression], or: Bool) -> [MatchExpression] {
        func list(_ e: MatchExpression) -> [MatchExpression]? {
            switch e.node {
            case .or(let xs) where or: xs
            case .and(let xs) where !or: xs
            default: nil
            }
        }
        guard items.contains(where: { list($0) != nil }) else { return items }
        var out: [MatchExpression] = []
        for item in items {
            if let xs = list(item) { out += xs } else { out.append(item) }
        }
        return out
    }

    private mutating func parseAnd() -> MatchExpression? {
        let first = parseNear()
        guard let next = current, next.kind == .and || canStartOperand(next) else { return first }
        var items: [MatchExpression] = []
        var operatorOffset: Int?
        if let first { items.append(first) }
        while let t = current {
            if t.kind == .and {
                pos += 1
                operatorOffset = operatorOffset ?? t.start
                guard canStartOperand(current) else {
                    error(t.start, "AND needs an operand on its right")
                    continue
                }
            } else if canStartOperand(t) {
                operatorOffset = operatorOffset ?? t.start  // adjacency
            } else {
                break
            }
            if let e = parseNear() { items.append(e) }
        }
        if items.count <= 1 { return items.first }
        items = Self.flattened(items, or: false)
        return MatchExpression(.and(items), offset: items[0].offset, operatorOffset: operatorOffset)
    }

    private mutating func parseNear() -> MatchExpression? {
        var left = parseUnary()
        var chain = 0
        while let t = current, case .near(let distance, let ordered) = t.kind {
            pos += 1
            guard canStartOperand(current) else {
                error(t.start, "\(Self.name(of: t)) needs an operand on its right")
                continue
            }
            let right = parseUnary()
            if left == nil {
                chain += 1
                continue
            }
            chain += 1
            if depth + chain > Self.maxDepth {
                reportDepth(t.start)
                left = nil
                continue
            }
            if let l = left, let r = right {
                left = MatchExpression(
                    .near(l, r, distance: distance, ordered: ordered), offset: l.offset, operatorOffset: t.start)
            } else {
                left = nil
            }
        }
        return left
    }

    private mutating func reportDepth(_ offset: Int) {
        if !depthReported {
            depthReported = true
            error(offset, "nesting deeper than \(Self.maxDepth) levels")
        }
    }

    private mutating func parseUnary() -> MatchExpression? {
        guard let t = current, t.kind == .not else { return parsePrimary() }
        pos += 1
        guard canStartOperand(current) else {
            error(t.start, "NOT needs an operand on its right")
            return nil
        }
        if depth >= Self.maxDepth {
            reportDepth(t.start)
            _ = parseUnaryFlat()
            return nil
        }
        depth += 1
        defer { depth -= 1 }
        guard let x = parseUnary() else { return nil }
        return MatchExpression(.not(x), offset: t.start)
    }

    /// Skips a too-deep operand without recursing.
    private mutating func parseUnaryFlat() -> Bool {
        var level = 0
        while let t = current {
            switch t.kind {
            case .openParen: level += 1
            case .closeParen:
                if level == 0 { return false }
                level -= 1
            case .not, .field:
                break
            default:
                if level == 0 {
                    pos += 1
                    return false
                }
            }
            pos += 1
            if level == 0, t.kind == .closeParen { return false }
        }
        return false
    }

    private mutating func parsePrimary() -> MatchExpression? {
        guard let t = current else { return nil }
        switch t.kind {
        case .and, .or, .near:
            error(t.start, "\(Self.name(of: t)) needs an operand on its left")
            return nil
        case .closeParen, .not:
            return nil
        case .openParen:
            pos += 1
            if depth >= Self.maxDepth {
                reportDepth(t.start)
                skipGroup()
                return nil
            }
            if current?.kind == .closeParen {
                error(t.start, "empty parentheses")
                pos += 1
                return nil
            }
            depth += 1
            let inner = parseOr()
            depth -= 1
            // Anything left inside the group that parseOr could not take.
            while let u = current, u.kind != .closeParen {
                let before = pos
                _ = parseOr()
                if pos == before {
                    error(u.start, "unexpected \(Self.name(of: u))")
                    pos += 1
                }
            }
            if current?.kind == .closeParen {
                pos += 1
            } else {
                error(t.start, "unbalanced parenthesis: this ( is never closed")
            }
            return inner
        case .word(let text):
            pos += 1
            guard let word = makeWord(text, offset: t.start) else { return nil }
            return MatchExpression(.term(Term(words: [word], isQuoted: false)), offset: t.start)
        case .phrase(let content):
            pos += 1
            guard let words = makePhrase(content, offset: t.start + 1) else {
                error(t.start, "empty phrase")
                return nil
            }
            if words.isEmpty { return nil }
            return MatchExpression(.term(Term(words: words, isQuoted: true)), offset: t.start)
        case .actor(let id):
            pos += 1
            return id.isEmpty ? nil : MatchExpression(.actor(id), offset: t.start)
        case .field(let name):
            pos += 1
            return parseField(name, token: t)
        }
    }

    /// What is wrong with a `site:` value, if anything: it is a host name, not a URL.
    static func siteProblem(_ value: String) -> String? {
        if value.contains("://") {
            let host =
                value.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init)
                ?? "example.org"
            return "site: takes a host name, not a URL; write site:\(host)"
        }
        if let slash = value.firstIndex(of: "/") {
            return
                "site: takes a host name without a path; write site:\(value[..<slash]) (it also covers the hosts below it)"
        }
        return nil
    }

    private mutating func skipGroup() {
        var level = 1
        while let t = current {
            pos += 1
            if t.kind == .openParen { level += 1 }
            if t.kind == .closeParen {
                level -= 1
                if level == 0 { return }
            }
        }
    }

    private mutating func parseField(_ name: String, token t: LexToken) -> MatchExpression? {
        guard let next = current, next.start == t.end else {
            error(t.start, "\(name): must be followed directly by what it applies to, as in \(name):word")
            return nil
        }
        switch name {
        case "site", "feed":
            let value: String
            switch next.kind {
            case .word(let text): value = text
            case .phrase(let text): value = text.trimmingSpaces()
            default:
                error(
                    t.start,
                    "\(name): must be followed by a value, as in \(name == "site" ? "site:example.org" : "feed:yonhap")"
                )
                return nil
            }
            pos += 1
            if value.isEmpty {
                error(t.start, "\(name): has an empty value")
                return nil
            }
            if name == "site", let problem = Self.siteProblem(value) {
                error(next.start, problem)
                return nil
            }
            return MatchExpression(name == "site" ? .site(value) : .feed(value), offset: t.start)
        case "raw":
            guard var e = parsePrimaryTerm(next) else {
                error(t.start, "raw: applies to a word or a quoted phrase")
                return nil
            }
            guard case .term(var term) = e.node else { return nil }
            term.isRaw = true
            e.node = .term(term)
            e.offset = t.start
            e.operatorOffset = t.start
            return e
        default:
            guard let scope = FieldScope(rawValue: name) else { return nil }
            if next.kind == .not {
                error(next.start, "\(name): cannot apply to NOT; write NOT \(name):...")
                return nil
            }
            if case .field(let inner) = next.kind, inner != "raw" {
                error(next.start, "\(inner): inside \(name): — a term is searched in one field; write one of them")
                return nil
            }
            if depth >= Self.maxDepth {
                reportDepth(t.start)
                return nil
            }
            depth += 1
            defer { depth -= 1 }
            guard let x = parsePrimary() else { return nil }
            return MatchExpression(.scope(scope, x), offset: t.start)
        }
    }

    /// A word or phrase token as a term (for `raw:`); nil if the token is something else.
    private mutating func parsePrimaryTerm(_ t: LexToken) -> MatchExpression? {
        switch t.kind {
        case .word, .phrase: return parsePrimary()
        default: return nil
        }
    }

    private mutating func makeWord(_ text: String, offset: Int) -> Term.Word? {
        guard text.utf8Contains(UInt8(ascii: "*")) else {
            return Term.Word(text: text, isPrefix: false, offset: offset)
        }
        let scalars = Array(text.unicodeScalars)
        guard let star = scalars.firstIndex(of: "*") else {
            return Term.Word(text: text, isPrefix: false, offset: offset)
        }
        if star != scalars.count - 1 {
            error(offset + star, "'*' is only allowed at the end of a word")
            return nil
        }
        if star == 0 {
            error(offset + star, "'*' needs at least 3 characters before it")
            return nil
        }
        return Term.Word(text: String(scalars: scalars[0..<star]), isPrefix: true, offset: offset)
    }

    private mutating func makePhrase(_ content: String, offset: Int) -> [Term.Word]? {
        var words: [Term.Word] = []
        var ok = true
        let scalars = content.unicodeScalars
        // The word being read: where it starts, as an index and as a scalar offset.
        var wordStart: String.UnicodeScalarView.Index?
        var wordOffset = 0
        var index = 0
        var i = scalars.startIndex
        while i < scalars.endIndex {
            let c = scalars[i]
            if c.isSpace {
                if let start = wordStart {
                    addWord(String(scalars[start..<i]), offset: offset + wordOffset, to: &words, ok: &ok)
                    wordStart = nil
                }
            } else if wordStart == nil {
                wordStart = i
                wordOffset = index
            }
            index += 1
            i = scalars.index(after: i)
        }
        if let start = wordStart {
            addWord(String(scalars[start...]), offset: offset + wordOffset, to: &words, ok: &ok)
        }
        if words.isEmpty && ok { return nil }
        return ok ? words : []
    }

    private mutating func addWord(_ text: String, offset: Int, to words: inout [Term.Word], ok: inout Bool) {
        if let word = makeWord(text, offset: offset) { words.append(word) } else { ok = false }
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isSpace }),
            let last = scalars.lastIndex(where: { !$0.isSpace })
        else { return "" }
        return String(scalars[first...last])
    }
}
