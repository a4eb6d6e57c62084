import Testing

@testable import Rules

/// The small collections the rule compiler uses to count and merge presearch elements.
@Suite struct CompilerHelperTests {
    @Test(
        arguments: [
            ([], []), ([3], [3]), ([3, 3, 3], [3]), ([5, -2, 5, 0, -2, 7], [-2, 0, 5, 7]),
            (Array((0..<100).reversed()) + Array(0..<100), Array(0..<100)),
        ] as [([Int32], [Int32])])
    func sortedUnique(values: [Int32], expected: [Int32]) {
        #expect(RuleCompiler.sortedUnique(values) == expected)
    }

    /// Inserts report whether a value is new, below and above the size where the list
    /// becomes a set, and after `removeAll`.
    @Test(arguments: [1, 31, 32, 33, 200])
    func smallSet(count: Int) {
        var set = RuleCompiler.SmallSet()
        for round in 0..<2 {
            for v in 0..<Int32(count) {
                let new = set.insert(v * 7 - 50)
                #expect(new, "round \(round), value \(v)")
            }
            for v in 0..<Int32(count) {
                let new = set.insert(v * 7 - 50)
                #expect(!new)
            }
            let big = set.insert(1_000_000)
            #expect(big)
            set.removeAll()
        }
    }

    /// The listed White_Space scalars are exactly the stdlib's.
    @Test func spacesAreUnicodeWhiteSpace() {
        var differ: [UInt32] = []
        for v in UInt32(0)..<0x11_0000 {
            guard let scalar = Unicode.Scalar(v) else { continue }
            if scalar.isSpace != scalar.properties.isWhitespace { differ.append(v) }
        }
        #expect(differ.isEmpty, "differ: \(differ.map { String($0, radix: 16) })")
    }

    /// A big rule set is parsed in shares on all cores: each rule's result is the one parsing it
    /// alone gives, in rule order, errors included.
    @Test func parallelParsingAgreesWithParsingOneByOne() throws {
        let templates = [
            #"@south_korea AND ("lethal aid" OR supply* NEAR/5 weapon*) AND Ukraine"#,
            "title:Seoul NOT Tokyo", #"raw:"G7" OR Kyiv"#, "@north_korea ONEAR/3 missile*",
            #"("unbalanced"#, "@nobody AND x", "ab* OR NEAR/2 y", "北韩 OR 북한 OR Россия",
        ]
        let rules = (0..<5000).map { i in
            Fixture.rule("r\(i)", templates[i % templates.count] + (i % 3 == 0 ? " AND w\(i)" : ""), line: i + 2)
        }
        let actors = Set(Fixture.actors.map(\.id))
        let parallel = RuleCompiler.parseAll(rules, actors: actors)
        let serial = rules.map { MatchExpression.parse($0.match, actors: actors) }
        try #require(parallel.count == serial.count)
        #expect(parallel.filter { !$0.diagnostics.isEmpty }.count == 5000 / templates.count * 3)
        for i in rules.indices {
            #expect(parallel[i].expression == serial[i].expression, "rule \(i)")
            #expect(parallel[i].diagnostics == serial[i].diagnostics, "rule \(i)")
        }
    }
}
