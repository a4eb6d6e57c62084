/// Emitting one rule's expression as program nodes and leaves.
extension RuleCompiler {
    /// Emits the nodes of an expression (children first) and its leaves; returns its node.
    mutating func compileNode(_ e: MatchExpression, scope: UInt8) -> Int32 {
        switch e.node {
        case .term(let term):
            let (pattern, label) = termLeaf(term)
            let start = Int32(out.patternIDs.count)
            if let pattern { out.patternIDs.append(pattern) }
            return leafNode(
                CompiledLeaf(
                    patternStart: start, patternCount: pattern == nil ? 0 : 1, scope: scope, term: label, actor: -1))
        case .actor(let id):
            let actor = actorLeaf(id)
            let start = Int32(out.patternIDs.count)
            out.patternIDs += actor.patterns
            return leafNode(
                CompiledLeaf(
                    patternStart: start, patternCount: Int32(actor.patterns.count), scope: scope, term: actor.term,
                    actor: actor.actor))
        case .and(let xs), .or(let xs):
            let base = childStack.count
            for x in xs { childStack.append(compileNode(x, scope: scope)) }
            let start = Int32(out.children.count)
            out.children += childStack[base...]
            childStack.removeLast(childStack.count - base)
            let kind: Program.Kind
            if case .and = e.node { kind = .and } else { kind = .or }
            out.nodes.append(Program.Node(kind: kind, a: start, b: Int32(xs.count), c: 0))
        case .not(let x):
            let id = compileNode(x, scope: scope)
            out.nodes.append(Program.Node(kind: .not, a: id, b: 0, c: 0))
        case .near(let a, let b, let n, let ordered):
            let left = compileNode(a, scope: scope)
            let right = compileNode(b, scope: scope)
            out.nodes.append(Program.Node(kind: ordered ? .onear : .near, a: left, b: right, c: Int32(n)))
        case .scope(let field, let x):
            return compileNode(x, scope: ScopeMask.of(field))
        case .feed(let value):
            out.nodes.append(Program.Node(kind: .feed, a: label(value.lowercased()), b: 0, c: 0))
        case .site(let value):
            out.nodes.append(Program.Node(kind: .site, a: label(Self.siteHost(value)), b: 0, c: 0))
        }
        return Int32(out.nodes.count - 1)
    }

    /// Emits a leaf and its node.
    mutating func leafNode(_ leaf: CompiledLeaf) -> Int32 {
        out.leaves.append(leaf)
        out.nodes.append(Program.Node(kind: .leaf, a: Int32(out.leaves.count - 1), b: 0, c: 0))
        return Int32(out.nodes.count - 1)
    }
}
