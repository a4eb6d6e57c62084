import Testing

@testable import Rules

/// Why a rule does not fire (`newswatch test --rule ID`): the parts that fail, one line each.
@Suite struct RuleMissTests {
    @Test(arguments: [
        // (expression, text, lines)
        ("lethal AND aid", "They sent lethal weapons.", ["missing: 'aid'"]),
        ("lethal AND aid AND Ukraine", "Nothing here.", ["missing: 'lethal'", "missing: 'aid'", "missing: 'Ukraine'"]),
        ("\"lethal aid\" OR arms", "aid that is lethal", ["missing: \"lethal aid\"", "missing: 'arms'"]),
        (
            "lethal NEAR/5 aid", "lethal weapons were sent today, and after long talks then aid",
            [
                "NEAR/5: 'lethal' and 'aid' are 9 words apart at best"
            ]
        ),
        ("aid ONEAR/2 lethal", "lethal aid", ["ONEAR/2: 'aid' never comes before 'lethal' in one field"]),
        (
            "lethal ONEAR/1 aid", "aid x lethal y z w aid",
            ["ONEAR/1: 'lethal' and 'aid' are 3 words apart at best (in that order)"]
        ),
        ("lethal NEAR/5 aid", "aid", ["missing: 'lethal'"]),
        ("Seoul NOT Tokyo", "Seoul and Tokyo met.", ["NOT Tokyo: 'Tokyo' is present (text@10)"]),
        ("title:Seoul AND aid", "Seoul sends aid", ["missing: 'Seoul' in the title"]),
        ("@south_korea AND aid", "aid to Kyiv", ["missing: '@south_korea'"]),
        ("(a NEAR/1 b) NEAR/2 c", "a b x x x x c", ["NEAR/2: (a NEAR/1 b) and 'c' are 4 words apart at best"]),
        ("aid AND feed:yonhap", "aid", ["feed:yonhap: the entry is not from that feed"]),
        (
            "(lethal OR deadly) NEAR/1 aid", "deadly and heavy aid",
            [
                "NEAR/1: (lethal OR deadly) and 'aid' are 2 words apart at best"
            ]
        ),
    ])
    func reasons(expression: String, text: String, lines: [String]) throws {
        let (set, diagnostics) = Fixture.compile(expression)
        #expect(diagnostics.isEmpty)
        let miss = try #require(set.explainMiss(Document(text: text), rule: "r"))
        #expect(miss.lines == lines)
    }

    @Test func aRuleThatFiresHasNoMiss() {
        let (set, _) = Fixture.compile("lethal NEAR/5 aid")
        #expect(set.explainMiss(Document(text: "lethal aid"), rule: "r") == nil)
        #expect(set.explainMiss(Document(text: "lethal aid"), rule: "nonexistent") == nil)
    }

    @Test func feedLimitsAreAReasonWhenApplied() throws {
        let (set, _) = RuleSet.compile(actors: [], rules: [Fixture.rule("r", "aid", feeds: ["yonhap"])])
        let document = Document(text: "aid", feedID: "reuters")
        let miss = try #require(set.explainMiss(document, rule: "r"))
        #expect(miss.lines == ["limited to feeds yonhap: this feed is not one of them"])
        #expect(set.explainMiss(document, rule: "r", applyingFeeds: false) == nil)
    }
}
