import Testing

@testable import Rules

/// The parsed expression printed back in canonical form.
@Suite struct ParserTests {
    static let cases: [(String, String)] = [
        ("Ukraine", "Ukraine"),
        ("  Ukraine  ", "Ukraine"),
        (#""lethal aid""#, #""lethal aid""#),
        (#""  lethal   aid ""#, #""lethal aid""#),
        ("weapon*", "weapon*"),
        (#""suppl* weapons""#, #""suppl* weapons""#),
        ("a b", "a AND b"),
        ("a AND b", "a AND b"),
        ("a b c", "a AND b AND c"),
        ("a OR b", "a OR b"),
        ("a OR b OR c", "a OR b OR c"),
        ("a OR b c", "a OR (b AND c)"),
        ("a b OR c", "(a AND b) OR c"),
        ("(a OR b) c", "(a OR b) AND c"),
        ("a AND (b OR c)", "a AND (b OR c)"),
        ("NOT a b", "NOT a AND b"),
        ("b NOT a", "b AND NOT a"),
        ("b AND NOT a", "b AND NOT a"),
        ("b AND NOT (a OR c)", "b AND NOT (a OR c)"),
        ("NOT NOT a b", "NOT (NOT a) AND b"),
        ("a NEAR/5 b", "a NEAR/5 b"),
        ("a ONEAR/3 b", "a ONEAR/3 b"),
        ("a NEAR/5 b AND c", "a NEAR/5 b AND c"),
        ("c OR a NEAR/5 b", "c OR a NEAR/5 b"),
        ("(a OR b) NEAR/5 c", "(a OR b) NEAR/5 c"),
        ("a NEAR/2 b NEAR/3 c", "(a NEAR/2 b) NEAR/3 c"),
        (
            "@north_korea NEAR/15 (\"special forces\" OR troops) AND @russia",
            "@north_korea NEAR/15 (\"special forces\" OR troops) AND @russia"
        ),
        ("title:Ukraine", "title:Ukraine"),
        ("title:\"lethal aid\"", "title:\"lethal aid\""),
        ("title:(a OR b) c", "title:(a OR b) AND c"),
        ("author:smith", "author:smith"),
        ("category:politics", "category:politics"),
        ("text:a", "text:a"),
        ("Title:a", "title:a"),
        ("raw:US", "raw:US"),
        ("raw:\"G7\"", "raw:\"G7\""),
        ("title:raw:US", "title:raw:US"),
        ("site:example.org", "site:example.org"),
        ("feed:yonhap Korea", "feed:yonhap AND Korea"),
        ("site:\"example.org\"", "site:example.org"),
        ("@north_korea", "@north_korea"),
        // lower-case operators are plain words
        ("rock and roll", "rock AND and AND roll"),
        ("a or b", "a AND or AND b"),
        ("not a", "not AND a"),
        ("a near b", "a AND near AND b"),
        ("a near/5 b", "a AND near/5 AND b"),
        ("\"rock AND roll\"", "\"rock AND roll\""),
        ("((a))", "a"),
        ("(a b) (c d)", "a AND b AND c AND d"),
        ("special-forces", "special-forces"),
        ("북한 КНДР 北韩", "북한 AND КНДР AND 北韩"),
    ]

    @Test(arguments: cases)
    func canonical(input: String, expected: String) {
        let (expression, diagnostics) = MatchExpression.parse(
            ExpressionSource(text: input, location: SourceLocation(file: "f", line: 1, column: 1)),
            actors: ["north_korea", "russia"])
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(expression?.canonical == expected)
        // The canonical form parses back to itself.
        if let expression {
            let again = MatchExpression.parse(
                ExpressionSource(text: expression.canonical, location: SourceLocation(file: "f", line: 1, column: 1)),
                actors: ["north_korea", "russia"])
            #expect(again.expression?.canonical == expected)
        }
    }

    @Test func structure() throws {
        let (e, _) = MatchExpression.parse(
            ExpressionSource(text: "NOT a NEAR/3 b", location: SourceLocation(file: "f", line: 1, column: 1)))
        // NOT binds tighter than NEAR, so this is (NOT a) NEAR/3 b, which is an error.
        #expect(e == nil)
        let (x, d) = MatchExpression.parse(
            ExpressionSource(text: "a OR b AND c NEAR/2 d", location: SourceLocation(file: "f", line: 1, column: 1)))
        #expect(d.isEmpty)
        let expression = try #require(x)
        guard case .or(let parts) = expression.node, parts.count == 2, case .and(let conj) = parts[1].node,
            conj.count == 2, case .near(_, _, 2, false) = conj[1].node
        else {
            Issue.record("unexpected tree \(expression)")
            return
        }
    }
}
