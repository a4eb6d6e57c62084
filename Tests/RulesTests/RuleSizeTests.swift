import Testing

@testable import Rules

/// One rule's expression is limited to `ExpressionSize.maxWords` words, checked before parsing.
@Suite struct RuleSizeTests {
    @Test func aHugeRuleIsRejectedWithTheLimitAndWhatToDo() {
        // 5,000,000 terms: the check reads only as far as the first word over the limit.
        let text = String(repeating: "word OR ", count: 5_000_000) + "word"
        let stop = ExpressionSize.firstWordBeyondLimit(text)
        #expect(stop == 8 * ExpressionSize.maxWords)
        let (set, diagnostics) = Fixture.compile(text)
        #expect(set.rules.isEmpty)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.hasPrefix("rules.d/test.yml:10:12: ") == true)
        #expect(diagnostics.first?.contains("more than 10000 words, the limit for one rule") == true)
        #expect(diagnostics.first?.contains("split it into several rules") == true)
        #expect(diagnostics.first?.contains("actor") == true)
    }

    /// (expression, words counted): operators, field names and parentheses do not count; each
    /// word of a phrase does.
    @Test(arguments: [
        ("a", 1),
        ("a AND b OR NOT c", 3),
        ("a NEAR/5 b ONEAR/10 c", 3),
        ("title:(a b) author:\"c d e\"", 5),
        ("NEARBY ORE ANDES NOTE", 4),
        ("\"a\"\"b\"(c)", 3),
    ])
    func wordsCounted(expression: String, words: Int) {
        // With `maxWords - words` more words the expression is at the limit; one more is over it.
        let filler = String(repeating: "x ", count: ExpressionSize.maxWords - words)
        #expect(ExpressionSize.firstWordBeyondLimit(filler + expression) == nil)
        #expect(ExpressionSize.firstWordBeyondLimit("x " + filler + expression) != nil)
    }

    @Test func aRuleAtTheLimitCompiles() {
        let names = (0..<ExpressionSize.maxWords).map { "name\($0)" }
        let (set, diagnostics) = Fixture.compile(names.joined(separator: " OR "))
        #expect(diagnostics.isEmpty)
        #expect(set.rules.count == 1)
    }
}
