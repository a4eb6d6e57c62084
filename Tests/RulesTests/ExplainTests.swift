import Testing

@testable import Rules

/// Hits (terms, fields, offsets, original text) and snippets.
@Suite struct ExplainTests {
    @Test func hitsAreInDocumentOrderWithOffsets() throws {
        let (set, _) = Fixture.compile(#"@south_korea AND ("lethal aid" OR supply* NEAR/5 weapon*) AND raw:"Ukraine""#)
        let doc = Document(
            title: "Seoul: weapons?",
            text: "Die Regierung in Séoul erwägt… South Korea’s supplying new weapons to Ukraine, «lethal\naid».")
        let match = try #require(set.evaluate(doc).first)
        #expect(
            match.hits == [
                Hit(term: "@south_korea", field: .title, offset: 0, text: "Seoul"),
                Hit(term: "@south_korea", field: .text, offset: 17, text: "Séoul"),
                Hit(term: "@south_korea", field: .text, offset: 31, text: "South Korea"),
                Hit(term: "supply*", field: .text, offset: 45, text: "supplying"),
                Hit(term: "weapon*", field: .text, offset: 59, text: "weapons"),
                Hit(term: "raw:\"Ukraine\"", field: .text, offset: 70, text: "Ukraine"),
                Hit(term: "\"lethal aid\"", field: .text, offset: 80, text: "lethal\naid"),
            ])
        #expect(match.actors == ["south_korea"])
        let scalars = Array(doc.text.unicodeScalars)
        for hit in match.hits where hit.field == .text {
            let slice = String(
                String.UnicodeScalarView(scalars[hit.offset..<(hit.offset + hit.text.unicodeScalars.count)]))
            #expect(slice == hit.text)
        }
    }

    @Test func notTermsAreNotHits() throws {
        let (set, _) = Fixture.compile("Seoul NOT Tokyo OR Kyiv")
        let match = try #require(set.evaluate(Document(text: "Seoul and Kyiv")).first)
        #expect(match.hits.map(\.term) == ["Seoul", "Kyiv"])
    }

    /// The same term at the same place is one hit, however often the rule names it; of two
    /// names of an actor starting at the same word, the longer is reported.
    @Test func hitsAreNotRepeated() throws {
        let (set, _) = Fixture.compile("Ukraine AND (Ukraine OR Kyiv) AND NOT (Kyiv NEAR/0 Ukraine)")
        let match = try #require(set.evaluate(Document(text: "Ukraine and Kyiv")).first)
        #expect(match.hits.map(\.term) == ["Ukraine", "Kyiv"])
        #expect(match.hits.map(\.offset) == [0, 12])

        let kim = ActorDefinition(
            id: "kim", names: ["Kim", "Kim Jong Un"], location: SourceLocation(file: "a", line: 1, column: 1))
        let (actors, diagnostics) = RuleSet.compile(actors: [kim], rules: [Fixture.rule("k", "@kim OR @kim")])
        #expect(diagnostics.isEmpty)
        let hits = try #require(actors.evaluate(Document(text: "Kim Jong Un met Kim")).first).hits
        #expect(hits.map(\.text) == ["Kim Jong Un", "Kim"])
        #expect(hits.map(\.offset) == [0, 16])

        let (categories, _) = Fixture.compile("category:politics")
        let doc = Document(categories: ["Politics", "Politics", "World politics"])
        let hitsInCategories = try #require(categories.evaluate(doc).first).hits
        #expect(hitsInCategories.map(\.text) == ["Politics", "politics"])
        #expect(hitsInCategories.map(\.offset) == [0, 6])
    }

    /// A match's hits are built when read, from the article's own evidence: later evaluations
    /// (which reuse the matcher's buffers) do not change them.
    @Test func hitsReadLaterAreTheArticles() throws {
        let (set, _) = Fixture.compile("@south_korea AND Ukraine")
        let first = set.evaluate(Document(title: "Ukraine", text: "Seoul and Kyiv"))
        let second = set.evaluate(Document(text: "Ukraine asks South Korea for aid, and Seoul listens"))
        #expect(second.first?.hits.map(\.text) == ["Ukraine", "South Korea", "Seoul"])
        #expect(first.first?.hits.map(\.text) == ["Ukraine", "Seoul"])
        #expect(first.first?.hits.map(\.field) == [.title, .text])
        #expect(first.first?.hitCount == 2)
        #expect(first.first?.actors == ["south_korea"])
    }

    /// `feed:` and `site:` conditions that held are reported after the terms, each once.
    @Test func feedAndSiteHits() throws {
        let (set, _) = Fixture.compile("Ukraine AND (feed:yonhap OR site:example.org) AND feed:yonhap")
        let doc = Document(text: "Ukraine", feedID: "Yonhap", site: "news.example.org")
        let match = try #require(set.evaluate(doc).first)
        #expect(
            match.hits == [
                Hit(term: "Ukraine", field: .text, offset: 0, text: "Ukraine"),
                Hit(term: "feed:yonhap", field: .feed, offset: 0, text: "Yonhap"),
                Hit(term: "site:example.org", field: .site, offset: 0, text: "news.example.org"),
            ])
        #expect(match.actors.isEmpty)
    }

    @Test func nearReportsOnlyThePairs() throws {
        let (set, _) = Fixture.compile("supply NEAR/1 weapons")
        let match = try #require(set.evaluate(Document(text: "weapons a b c supply weapons")).first)
        #expect(match.hits.map(\.offset) == [14, 21])
    }

    static let snippets: [(String, [(Int, String)], Int, String)] = [
        (
            "Seoul is considering supplying Ukraine with lethal aid if the situation worsens.",
            [(44, "lethal aid")], 25,
            "...supplying Ukraine with [lethal aid] if the situation..."
        ),
        (
            "Seoul is considering supplying Ukraine with lethal aid if the situation worsens.",
            [(44, "lethal aid")], 12,
            "...with [lethal aid] if the..."
        ),
        ("short text", [(0, "short")], 80, "[short] text"),
        ("a\n\nb   c", [(3, "b")], 80, "a [b] c"),
        ("one two three", [], 4, "one two..."),
        ("alpha beta gamma delta epsilon", [(0, "alpha"), (6, "beta")], 3, "[alpha] [beta]..."),
        (
            String(repeating: "x ", count: 50) + "A" + String(repeating: " y", count: 50) + " B",
            [(100, "A"), (202, "B")], 4, "...x x [A] y y ... y y [B]"
        ),
    ]

    @Test(arguments: snippets)
    func snippet(text: String, hits: [(Int, String)], radius: Int, expected: String) {
        let hits = hits.map { Hit(term: "t", field: .text, offset: $0.0, text: $0.1) }
        #expect(Snippet.make(text, hits: hits, radius: radius) == expected)
    }
}
