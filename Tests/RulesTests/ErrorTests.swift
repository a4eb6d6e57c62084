import Testing

@testable import Rules

/// Every error, as `FILE:LINE:COL: message`; the match string starts at line 10, column 12.
@Suite struct ErrorTests {
    static let f = "rules.d/test.yml:10"
    static let cases: [(String, [String])] = [
        ("", ["\(f):12: empty expression"]),
        ("   ", ["\(f):12: empty expression"]),
        (#"a "lethal aid"#, ["\(f):14: unbalanced quote: this \" is never closed"]),
        ("(a OR b", ["\(f):12: unbalanced parenthesis: this ( is never closed"]),
        ("a OR b)", ["\(f):18: unbalanced parenthesis: this ) has no matching ("]),
        ("a AND ((b)", ["\(f):18: unbalanced parenthesis: this ( is never closed"]),
        ("@nowhere AND a", ["\(f):12: unknown actor @nowhere"]),
        ("@north_kore AND a", ["\(f):12: unknown actor @north_kore; did you mean '@north_korea'?"]),
        ("a OR @North_Korea", ["\(f):17: unknown actor @North_Korea; did you mean '@north_korea'?"]),
        ("@rusia", ["\(f):12: unknown actor @rusia; did you mean '@russia'?"]),
        ("@korea", ["\(f):12: unknown actor @korea"]),
        ("@russia_korea", ["\(f):12: unknown actor @russia_korea"]),
        (
            "a AND foo:bar",
            ["\(f):18: unknown field 'foo:' (fields are title:, text:, author:, category:, feed:, site: and raw:)"]
        ),
        (
            "(a AND b) NEAR/3 c",
            [
                "\(f):15: AND is not allowed inside a NEAR operand (NEAR operands are words, phrases, @actors or OR-groups of them)"
            ]
        ),
        (
            "(a b) NEAR/3 c",
            [
                "\(f):15: AND is not allowed inside a NEAR operand (NEAR operands are words, phrases, @actors or OR-groups of them)"
            ]
        ),
        (
            "x AND a NEAR/3 (NOT b)",
            [
                "\(f):28: NOT is not allowed inside a NEAR operand (NEAR operands are words, phrases, @actors or OR-groups of them)"
            ]
        ),
        (
            "NOT a NEAR/3 b",
            [
                "\(f):12: NOT is not allowed inside a NEAR operand (NEAR operands are words, phrases, @actors or OR-groups of them)"
            ]
        ),
        (
            "a NEAR/3 (b OR NOT c)",
            [
                "\(f):27: NOT is not allowed inside a NEAR operand (NEAR operands are words, phrases, @actors or OR-groups of them)"
            ]
        ),
        ("ab* OR x", ["\(f):14: '*' needs at least 3 characters before it ('ab*')"]),
        (#""x ab*""#, ["\(f):17: '*' needs at least 3 characters before it ('ab*')"]),
        ("*", ["\(f):12: '*' needs at least 3 characters before it"]),
        ("we*apon", ["\(f):14: '*' is only allowed at the end of a word"]),
        (
            "NOT a",
            [
                "\(f):12: the rule can match without any positive term (only NOT); add a word, phrase or @actor it must contain"
            ]
        ),
        (
            "NOT a OR NOT b",
            [
                "\(f):12: the rule can match without any positive term (only NOT); add a word, phrase or @actor it must contain"
            ]
        ),
        ("a AND", ["\(f):14: AND needs an operand on its right"]),
        ("OR a", ["\(f):12: OR needs an operand on its left"]),
        ("a OR", ["\(f):14: OR needs an operand on its right"]),
        ("a NEAR/3", ["\(f):14: NEAR/3 needs an operand on its right"]),
        ("NOT", ["\(f):12: NOT needs an operand on its right"]),
        ("NEAR/3 b", ["\(f):12: NEAR/3 needs an operand on its left"]),
        ("a AND AND b", ["\(f):14: AND needs an operand on its right"]),
        ("a NEAR b", ["\(f):14: NEAR needs a distance, as in NEAR/5"]),
        ("a NEAR/x b", ["\(f):14: NEAR/ needs a number of words, as in NEAR/5"]),
        ("a AND ()", ["\(f):18: empty parentheses"]),
        (#"a "" b"#, ["\(f):14: empty phrase"]),
        ("a & b", ["\(f):14: '&' has no letters or digits to match"]),
        ("title: a", ["\(f):12: title: must be followed directly by what it applies to, as in title:word"]),
        ("raw:(a OR b)", ["\(f):12: raw: applies to a word or a quoted phrase"]),
        ("@ AND a", ["\(f):12: expected an actor id after @"]),
        // an unclosed quote is one problem, not also an empty phrase
        (#"a1""#, ["\(f):14: unbalanced quote: this \" is never closed"]),
        (#"""#, ["\(f):12: unbalanced quote: this \" is never closed"]),
        ("aa -bb", ["\(f):15: '-bb': a '-' does not exclude a word here; write NOT bb to exclude it"]),
        ("title:text:a", ["\(f):18: text: inside title: — a term is searched in one field; write one of them"]),
        ("site:https://example.org/x", ["\(f):17: site: takes a host name, not a URL; write site:example.org"]),
        (
            "site:example.org/news",
            [
                "\(f):17: site: takes a host name without a path; write site:example.org (it also covers the hosts below it)"
            ]
        ),
        // several problems in one expression are all reported
        (
            #"@nowhere AND (ab* OR "x"#,
            [
                "\(f):12: unknown actor @nowhere",
                "\(f):25: unbalanced parenthesis: this ( is never closed",
                "\(f):28: '*' needs at least 3 characters before it ('ab*')",
                "\(f):33: unbalanced quote: this \" is never closed",
            ]
        ),
        (
            String(repeating: "(", count: 70) + "a" + String(repeating: ")", count: 70),
            ["\(f):76: nesting deeper than 64 levels"]
        ),
        (
            String(repeating: "NOT ", count: 70) + "a b",
            ["\(f):268: nesting deeper than 64 levels"]
        ),
    ]

    @Test(arguments: cases)
    func diagnostics(match: String, expected: [String]) {
        let (set, diagnostics) = Fixture.compile(match)
        #expect(diagnostics == expected)
        #expect(set.rules.isEmpty)
    }

    /// Pathological inputs end in a diagnostic, never a crash or a deep recursion.
    @Test(arguments: [
        String(repeating: "(", count: 100_000),
        String(repeating: "(a ", count: 50_000),
        String(repeating: "NOT ", count: 100_000) + "a",
        String(repeating: "a NEAR/1 ", count: 50_000) + "a",
        String(repeating: "title:", count: 50_000) + "a",
        String(repeating: ")", count: 1000),
        String(repeating: "\"", count: 1001),
    ])
    func pathological(match: String) {
        let (set, diagnostics) = Fixture.compile(match)
        #expect(!diagnostics.isEmpty)
        #expect(set.rules.isEmpty)
    }

    @Test func duplicatesAndCollection() {
        let duplicateActor = ActorDefinition(
            id: "russia", names: ["Russland"], location: SourceLocation(file: "other.yml", line: 3, column: 3))
        let rules = [
            Fixture.rule("a", "Ukraine", line: 10),
            Fixture.rule("a", "Kyiv", line: 20),
            Fixture.rule("b", "@nowhere", line: 30),
            Fixture.rule("c", "Kharkiv", line: 40),
        ]
        let (set, diagnostics) = RuleSet.compile(actors: Fixture.actors + [duplicateActor], rules: rules)
        #expect(
            diagnostics.map(\.description) == [
                "other.yml:3:3: duplicate actor id 'russia' (first defined at rules.d/test.yml:6:3)",
                "rules.d/test.yml:19:9: duplicate rule id 'a' (first defined at rules.d/test.yml:9:9)",
                "rules.d/test.yml:30:12: unknown actor @nowhere",
            ])
        #expect(set.rules.map(\.id) == ["a", "c"])
    }

    @Test func brokenActorNames() {
        let actors = [
            ActorDefinition(
                id: "x", names: ["ok", "ab*"], location: SourceLocation(file: "a.yml", line: 2, column: 3)),
            ActorDefinition(id: "y", names: [], location: SourceLocation(file: "a.yml", line: 5, column: 3)),
        ]
        let (set, diagnostics) = RuleSet.compile(
            actors: actors, rules: [Fixture.rule("r", "@x OR z"), Fixture.rule("s", "zz", line: 20)])
        #expect(
            diagnostics.map(\.description) == [
                "a.yml:2:3: actor 'x': '*' needs at least 3 characters before it in name 'ab*'",
                "a.yml:5:3: actor 'y' has no names; add `names: [...]`",
                "rules.d/test.yml:9:9: rule 'r' uses @x, whose definition has errors",
            ])
        #expect(set.rules.map(\.id) == ["s"])
    }
}
