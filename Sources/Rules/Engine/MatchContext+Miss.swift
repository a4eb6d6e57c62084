/// Why a rule does not fire: its program walked alongside its expression (the compiler emits
/// one program node per expression node, scopes aside), failing parts only.
extension MatchContext {
    /// The reasons rule `r`, whose expression is `expression`, does not fire; nil when it does.
    mutating func missReasons(rule r: Int32, expression: MatchExpression) -> [RuleMiss.Reason]? {
        let entry = begin(rule: r)
        if eval(entry.root) { return nil }
        var reasons: [RuleMiss.Reason] = []
        explainFailure(expression, entry.root, scope: nil, into: &reasons)
        return reasons
    }

    /// Appends why node `n` (expression `e`) is false.
    private mutating func explainFailure(
        _ e: MatchExpression, _ n: Int32, scope: FieldScope?, into reasons: inout [RuleMiss.Reason]
    ) {
        let node = nodes[Int(n)]
        switch e.node {
        case .scope(let field, let x):
            explainFailure(x, n, scope: field, into: &reasons)
        case .term, .actor:
            reasons.append(.missing(term: e.canonical, scope: scope))
        case .and(let xs), .or(let xs):
            // AND: the operands that fail; OR: all of them fail.
            for (k, x) in xs.enumerated() {
                let child = children[Int(node.a) + k]
                if !eval(child) { explainFailure(x, child, scope: scope, into: &reasons) }
            }
        case .not(let x):
            var field: Field?
            var offset: Int?
            if case .leaf = nodes[Int(node.a)].kind, let first = spans(node.a).first {
                let s = scratch.store[first]
                field = instanceField[Int(s.instance)]
                offset = Int(scratch.stream.tokens[Int(s.start)].scalarStart)
            }
            reasons.append(.excluded(term: x.canonical, field: field, offset: offset))
        case .near(let a, let b, let distance, let ordered):
            let left = spans(node.a)
            if left.isEmpty {
                explainFailure(a, node.a, scope: scope, into: &reasons)
            }
            let right = spans(node.b)
            if right.isEmpty {
                explainFailure(b, node.b, scope: scope, into: &reasons)
            }
            if left.isEmpty || right.isEmpty { return }
            reasons.append(
                .tooFar(
                    left: Self.operand(a), right: Self.operand(b), distance: distance, ordered: ordered,
                    closest: closestGap(left, right, ordered: ordered)))
        case .feed(let value):
            reasons.append(.feed(value))
        case .site(let value):
            reasons.append(.site(value))
        }
    }

    /// A NEAR operand as written: a term or actor, else a group in parentheses.
    private static func operand(_ e: MatchExpression) -> String {
        switch e.node {
        case .term, .actor: e.canonical
        default: "(" + e.canonical + ")"
        }
    }

    /// The most pairs of spans `closestGap` compares (an explanation of a pathological article
    /// stays quick; the closest pair is then the closest among those).
    static let maxComparedPairs = 1_000_000

    /// The fewest words between a span of `left` and one of `right` in one field instance (`left`
    /// first when `ordered`); nil when no pair is in one instance (in that order).
    private func closestGap(_ left: Range<Int>, _ right: Range<Int>, ordered: Bool) -> Int? {
        var best: Int32?
        var compared = 0
        for i in left {
            let x = scratch.store[i]
            for j in right {
                compared += 1
                if compared > Self.maxComparedPairs { return best.map(Int.init) }
                let y = scratch.store[j]
                guard x.instance == y.instance else { continue }
                let gap: Int32
                if x.end < y.start {
                    gap = y.start - x.end - 1
                } else if y.end < x.start, !ordered {
                    gap = x.start - y.end - 1
                } else {
                    continue
                }
                if best.map({ gap < $0 }) ?? true { best = gap }
            }
        }
        return best.map(Int.init)
    }
}
