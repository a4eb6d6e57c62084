import Testing

@testable import Rules

/// `near/5` in lower case is two plain words (README "The expression language"); the rule stays
/// valid, with a warning that names the operator it looks like.
@Suite struct LowerCaseNearTests {
    @Test(arguments: [
        // (expression, warnings: (column, suggestion))
        ("lethal near/5 aid", [(19, "NEAR/5")]),
        ("a onear/10 b", [(14, "ONEAR/10")]),
        ("a Near/3 b OR c ONear/2 d", [(14, "NEAR/3"), (28, "ONEAR/2")]),
        ("(a near/0 b)", [(15, "NEAR/0")]),
    ])
    func lowerCaseNearWarns(expression: String, expected: [(Int, String)]) {
        let (set, diagnostics) = RuleSet.compile(actors: [], rules: [Fixture.rule("r", expression)])
        #expect(diagnostics.isEmpty)
        #expect(set.rules.count == 1)
        #expect(set.warnings.map(\.location.column) == expected.map(\.0))
        for (warning, (_, suggestion)) in zip(set.warnings, expected) {
            #expect(warning.message.hasPrefix("'"), "the word warning is added once, by who prints it")
            #expect(warning.message.hasSuffix("did you mean \(suggestion)?"), "\(warning.message)")
        }
    }

    /// Lower-case `and`, `or`, `not`, `near` are words as documented; other words with a slash are
    /// no operator either.
    @Test(arguments: [
        "a and b or not c", "near", "lethal near aid", "near/ x", "near/five", "nearby/5", "NEAR/5 b a", "a NEAR/5 b",
    ])
    func noWarning(expression: String) {
        let (set, _) = RuleSet.compile(actors: [], rules: [Fixture.rule("r", expression)])
        #expect(set.warnings.isEmpty, "\(set.warnings)")
    }

    @Test func warningsComeThroughParseAllInBothModes() {
        let rules = (0..<5000).map { Fixture.rule("r\($0)", "x\($0) near/2 y") }
        let parallel = RuleCompiler.parseAll(rules, actors: [])
        #expect(parallel.allSatisfy { $0.warnings.count == 1 && $0.diagnostics.isEmpty })
    }
}
