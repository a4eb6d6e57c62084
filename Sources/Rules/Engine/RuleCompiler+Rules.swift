/// Step 2 of `RuleCompiler.compile`: each rule checked and emitted (`RuleCompiler+Nodes`).
extension RuleCompiler {
    /// Checks every rule (ids, feed selectors, expression) and emits the program of each one
    /// without errors; returns them in order.
    mutating func compileRules(_ rules: [RuleDefinition], knownActors: Set<String>, brokenActors: Set<String>) -> [Rule]
    {
        var ruleLocations: [String: SourceLocation] = [:]
        var outRules: [Rule] = []
        ruleLocations.reserveCapacity(rules.count)
        outRules.reserveCapacity(rules.count)
        let parsedRules = Self.parseAll(rules, actors: knownActors)
        for (index, def) in rules.enumerated() {
            var ok = !def.checkOnly
            if !def.id.isEmpty {
                if let first = ruleLocations[def.id] {
                    diagnostics.append(
                        Diagnostic(def.location, "duplicate rule id '\(def.id)' (first defined at \(first))"))
                    ok = false
                } else {
                    ruleLocations[def.id] = def.location
                }
            }
            var selectors: [FeedSelector] = []
            for text in def.feeds {
                if let selector = FeedSelector(parsing: text) {
                    selectors.append(selector)
                } else {
                    diagnostics.append(Diagnostic(def.location, "\(def.label): empty feed selector '\(text)'"))
                    ok = false
                }
            }
            let (parsed, problems, warned) = parsedRules[index]
            diagnostics += problems
            warnings += warned
            guard let expression = parsed else { continue }
            if !brokenActors.isEmpty, let broken = usedActors(expression).first(where: brokenActors.contains) {
                diagnostics.append(
                    Diagnostic(def.location, "\(def.label) uses @\(broken), whose definition has errors"))
                continue
            }
            guard ok else { continue }
            let leafStart = Int32(out.leaves.count)
            let root = compileNode(expression, scope: ScopeMask.text)
            out.entries.append(Program.RuleEntry(root: root, leafStart: leafStart, leafEnd: Int32(out.leaves.count)))
            outRules.append(
                Rule(
                    id: def.id, title: def.title ?? def.id, severity: def.severity, tags: def.tags, feeds: selectors,
                    expression: expression, location: def.location, catchUp: def.catchUp, story: def.story))
        }
        return outRules
    }

    func usedActors(_ e: MatchExpression) -> [String] {
        switch e.node {
        case .actor(let id): [id]
        case .term, .site, .feed: []
        case .not(let x), .scope(_, let x): usedActors(x)
        case .and(let xs), .or(let xs): xs.flatMap(usedActors)
        case .near(let a, let b, _, _): usedActors(a) + usedActors(b)
        }
    }
}
