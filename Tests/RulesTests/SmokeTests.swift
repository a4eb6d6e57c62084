import Testing
@testable import Rules

@Suite struct SmokeTests {
    @Test func specExample() {
        let rules = [
            Fixture.rule("korea-lethal-aid", #"@south_korea AND ("lethal aid" OR "lethal weapons" OR supply* NEAR/5 weapon*) AND Ukraine"#),
            Fixture.rule("dprk-forces-russia", #"@north_korea NEAR/15 ("special forces" OR troops OR soldiers) AND @russia"#, line: 20),
        ]
        let (set, diagnostics) = RuleSet.compile(actors: Fixture.actors, rules: rules)
        #expect(diagnostics.isEmpty)
        #expect(set.rules.count == 2)
        let doc = Document(
            title: "South Korea weighs lethal aid to Ukraine",
            text: "Seoul is considering supplying Ukraine with lethal aid if the situation worsens. North Korean special-forces troops were seen in Russia’s Kursk region.")
        let matches = set.evaluate(doc)
        #expect(matches.map(\.rule.id) == ["korea-lethal-aid", "dprk-forces-russia"])
        let first = matches[0]
        #expect(first.actors == ["south_korea"])
        #expect(first.hits.map(\.term) == ["@south_korea", "\"lethal aid\"", "Ukraine", "@south_korea", "Ukraine", "\"lethal aid\""])
        #expect(first.hits.map(\.field) == [.title, .title, .title, .text, .text, .text])
        #expect(first.hits[3].text == "Seoul")
        #expect(first.hits[5].offset == 44)
        #expect(Snippet.make(doc.text, hits: first.hits.filter { $0.field == .text }, radius: 20)
            == "[Seoul] is considering supplying [Ukraine] with [lethal aid] if the situation...")
        #expect(matches[1].actors == ["north_korea", "russia"])
        #expect(set.rules[0].canonical == #"@south_korea AND ("lethal aid" OR "lethal weapons" OR supply* NEAR/5 weapon*) AND Ukraine"#)
    }
}
