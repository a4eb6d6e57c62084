import Testing

@testable import Rules

@Suite struct SmokeTests {
    /// One rule set evaluated from many tasks at once (they share its scratch buffers pool)
    /// gives the same results as one after the other.
    @Test func concurrentEvaluationsAgree() async {
        let rules = (0..<40).map { i in
            Fixture.rule(
                "r\(i)",
                i % 2 == 0 ? "@north_korea NEAR/\(i % 7) (troops OR missile*)" : "Seoul OR \"lethal aid\" word\(i)",
                line: 10 + i)
        }
        let (set, diagnostics) = RuleSet.compile(actors: Fixture.actors, rules: rules)
        #expect(diagnostics.isEmpty)
        let documents = (0..<64).map { i in
            Document(
                title: i % 3 == 0 ? "Seoul weighs lethal aid" : "Markets",
                text: String(repeating: "North Korean troops and missiles word\(i % 40) ", count: 1 + i % 5))
        }
        let expected = documents.map { set.evaluate($0).map { "\($0.rule.id):\($0.hits.count)" } }
        let actual = await withTaskGroup(of: (Int, [String]).self) { group in
            for (i, d) in documents.enumerated() {
                group.addTask { (i, set.evaluate(d).map { "\($0.rule.id):\($0.hits.count)" }) }
            }
            var out = [[String]](repeating: [], count: documents.count)
            for await (i, r) in group { out[i] = r }
            return out
        }
        #expect(actual == expected)
        #expect(expected.contains { !$0.isEmpty })
    }

    @Test func specExample() {
        let rules = [
            Fixture.rule(
                "korea-lethal-aid",
                #"@south_korea AND ("lethal aid" OR "lethal weapons" OR supply* NEAR/5 weapon*) AND Ukraine"#),
            Fixture.rule(
                "dprk-forces-russia", #"@north_korea NEAR/15 ("special forces" OR troops OR soldiers) AND @russia"#,
                line: 20),
        ]
        let (set, diagnostics) = RuleSet.compile(actors: Fixture.actors, rules: rules)
        #expect(diagnostics.isEmpty)
        #expect(set.rules.count == 2)
        let doc = Document(
            title: "South Korea weighs lethal aid to Ukraine",
            text:
                "Seoul is considering supplying Ukraine with lethal aid if the situation worsens. North Korean special-forces troops were seen in Russia’s Kursk region."
        )
        let matches = set.evaluate(doc)
        #expect(matches.map(\.rule.id) == ["korea-lethal-aid", "dprk-forces-russia"])
        let first = matches[0]
        #expect(first.actors == ["south_korea"])
        #expect(
            first.hits.map(\.term) == [
                "@south_korea", "\"lethal aid\"", "Ukraine", "@south_korea", "Ukraine", "\"lethal aid\"",
            ])
        #expect(first.hits.map(\.field) == [.title, .title, .title, .text, .text, .text])
        #expect(first.hits[3].text == "Seoul")
        #expect(first.hits[5].offset == 44)
        #expect(
            Snippet.make(doc.text, hits: first.hits.filter { $0.field == .text }, radius: 20)
                == "[Seoul] is considering supplying [Ukraine] with [lethal aid] if the situation...")
        #expect(matches[1].actors == ["north_korea", "russia"])
        #expect(
            set.rules[0].canonical
                == #"@south_korea AND ("lethal aid" OR "lethal weapons" OR supply* NEAR/5 weapon*) AND Ukraine"#)
    }
}
