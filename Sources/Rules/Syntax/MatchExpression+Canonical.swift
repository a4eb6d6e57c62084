extension Term: CustomStringConvertible {
    /// The term in canonical form: `Ukraine`, `supply*`, `"lethal aid"`, `raw:US`.
    public var description: String {
        let body = words.map(\.written).joined(separator: " ")
        return (isRaw ? "raw:" : "") + (isQuoted ? "\"\(body)\"" : body)
    }
}

extension MatchExpression: CustomStringConvertible {
    /// The canonical print: upper-case operators, explicit `AND`, single spaces, and
    /// parentheses around every operand that is itself a different operator (`NEAR` inside
    /// `AND`/`OR` needs none, as it binds tighter).
    public var canonical: String { print(self) }

    public var description: String { canonical }

    private func print(_ e: MatchExpression) -> String {
        switch e.node {
        case .term(let term): term.description
        case .actor(let id): "@" + id
        case .site(let value): "site:" + quoteIfNeeded(value)
        case .feed(let value): "feed:" + quoteIfNeeded(value)
        case .not(let x): "NOT " + operand(x, inside: e)
        case .scope(let field, let x): field.rawValue + ":" + operand(x, inside: e)
        case .and(let xs): xs.map { operand($0, inside: e) }.joined(separator: " AND ")
        case .or(let xs): xs.map { operand($0, inside: e) }.joined(separator: " OR ")
        case .near(let a, let b, let n, let ordered):
            operand(a, inside: e) + (ordered ? " ONEAR/" : " NEAR/") + String(n) + " " + operand(b, inside: e)
        }
    }

    private func operand(_ x: MatchExpression, inside parent: MatchExpression) -> String {
        let text = print(x)
        let needsParens: Bool
        switch (parent.node, x.node) {
        case (_, .term), (_, .actor), (_, .site), (_, .feed): needsParens = false
        case (.not, .scope), (.scope, .scope): needsParens = false
        case (.and, .near), (.or, .near), (.and, .not), (.or, .not), (.and, .scope), (.or, .scope),
            (.near, .scope):
            needsParens = false
        default: needsParens = true
        }
        return needsParens ? "(" + text + ")" : text
    }

    private func quoteIfNeeded(_ value: String) -> String {
        value.unicodeScalars.contains { $0 == " " || $0 == "(" || $0 == ")" } ? "\"\(value)\"" : value
    }
}
