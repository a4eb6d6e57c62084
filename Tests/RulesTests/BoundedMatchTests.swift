import Testing

@testable import Rules

/// An alert's size does not grow with the text: hits per term and field are capped, and the
/// snippet has a bound (README "Alerts").
@Suite struct BoundedMatchTests {
    /// A 5 MB text with one word a million times: `RuleMatch.maxHitsPerTerm` hits, the rest counted.
    @Test func aMillionOccurrencesKeepTheCapAndCountTheRest() throws {
        let (set, _) = Fixture.compile("sanctions")
        let text = String(repeating: "sanctions ", count: 1_000_000)
        let match = try #require(set.evaluate(Document(title: "Sanctions, sanctions", text: text)).first)
        let hits = match.hits
        let cap = RuleMatch.maxHitsPerTerm
        // The cap holds per field: the title's two, then the text's first `cap`.
        #expect(hits.count == 2 + cap)
        #expect(hits.filter { $0.field == .text }.map(\.offset) == (0..<cap).map { $0 * 10 })
        #expect(match.omittedHits == 1_000_000 - cap)
        // The evidence holds no more records than the hits kept.
        #expect(match.evidence.records.count == hits.count)
        let snippet = Snippet.make(for: Document(text: text), hits: hits)
        #expect(snippet.count < 4_000)
    }

    /// Each term has its own cap; a rule under the cap omits nothing.
    @Test(arguments: [
        // (expression, text, hits kept, omitted)
        ("aid", String(repeating: "aid ", count: 20), 20, 0),
        ("aid", String(repeating: "aid ", count: 21), 20, 1),
        ("aid AND arms", String(repeating: "aid arms ", count: 25), 40, 10),
        ("\"lethal aid\" OR aid", String(repeating: "lethal aid ", count: 30), 40, 20),
    ])
    func capPerTerm(expression: String, text: String, kept: Int, omitted: Int) throws {
        let (set, diagnostics) = Fixture.compile(expression)
        #expect(diagnostics.isEmpty)
        let match = try #require(set.evaluate(Document(text: text)).first)
        #expect(match.hitCount == kept)
        #expect(match.omittedHits == omitted)
    }

    /// Hits every few words over a long text, and one long overlapping chain, give a bounded snippet.
    @Test(arguments: [
        String(repeating: "war and peace ", count: 50_000),
        String(repeating: "a", count: 100_000),
    ])
    func snippetIsBounded(text: String) {
        let scalars = text.unicodeScalars.count
        // A hit on every word (or, without spaces, overlapping hits all along the text).
        let hits = stride(from: 0, to: scalars - 20, by: 4).map {
            Hit(term: "x", field: .text, offset: $0, text: "aaaaaaaaaaaaaaaaaaaa")
        }
        let snippet = Snippet.make(text, hits: hits)
        #expect(snippet.count < 4_000)
        #expect(snippet.contains("["))
    }
}
