import Testing

@testable import Rules

/// Whether a rule matches an article (title, body).
@Suite struct MatchingTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var rule: String
        var title: String = ""
        var text: String
        var matches: Bool
        var testDescription: String { "\(rule) ~ \(title)|\(text) → \(matches)" }
    }

    static let cases: [Case] = [
        // words and case/diacritics
        Case(rule: "Ukraine", text: "aid to UKRAINE today", matches: true),
        Case(rule: "Ukraine", text: "Ukrainian aid", matches: false),
        Case(rule: "Zelensky", text: "Zélensky said", matches: true),
        Case(rule: "Zélensky", text: "ZELENSKY said", matches: true),
        Case(rule: "Straße", text: "an der STRASSE", matches: true),
        Case(rule: "cafe", text: "Café ﬁne", matches: true),
        Case(rule: "fine", text: "Café ﬁne", matches: true),
        // phrases
        Case(rule: #""lethal aid""#, text: "supplying lethal aid now", matches: true),
        Case(rule: #""lethal aid""#, text: "lethal and aid", matches: false),
        Case(rule: #""lethal aid""#, text: "aid lethal", matches: false),
        Case(rule: #""lethal aid""#, text: "lethal\n  aid", matches: true),
        Case(rule: #""special forces""#, text: "North Korean special-forces troops", matches: true),
        Case(rule: "special-forces", text: "special forces", matches: true),
        Case(rule: #""special forces""#, text: "special, forces", matches: true),
        // prefixes, also inside phrases
        Case(rule: "weapon*", text: "new weapons systems", matches: true),
        Case(rule: "weapon*", text: "a weapon", matches: true),
        Case(rule: "weapon*", text: "weaponry", matches: true),
        Case(rule: "weapon*", text: "weapo", matches: false),
        Case(rule: #""suppl* weapons""#, text: "it supplied weapons", matches: true),
        Case(rule: #""suppl* weapons""#, text: "supplying new weapons", matches: false),
        Case(rule: #""North Korean* troops""#, text: "North Koreans troops", matches: true),
        // AND / adjacency / OR / NOT
        Case(rule: "Seoul Ukraine", text: "Ukraine and Seoul", matches: true),
        Case(rule: "Seoul AND Ukraine", text: "Seoul only", matches: false),
        Case(rule: "Seoul OR Ukraine", text: "Ukraine only", matches: true),
        Case(rule: "Seoul AND NOT Ukraine", text: "Seoul only", matches: true),
        Case(rule: "Seoul AND NOT Ukraine", text: "Seoul and Ukraine", matches: false),
        Case(rule: "Seoul NOT (Ukraine OR Kyiv)", text: "Seoul and Kyiv", matches: false),
        Case(rule: "Seoul NOT (Ukraine OR Kyiv)", text: "Seoul and Tokyo", matches: true),
        Case(rule: "Seoul NOT \"lethal aid\"", text: "Seoul lethal weapons aid", matches: true),
        Case(rule: "a OR b c", text: "a", matches: true),
        Case(rule: "a OR b c", text: "b", matches: false),
        Case(rule: "a OR b c", text: "c b", matches: true),
        // lower-case operators are words
        Case(rule: "rock and roll", text: "rock and roll", matches: true),
        Case(rule: "rock and roll", text: "rock roll", matches: false),
        Case(rule: "Seoul not", text: "Seoul did not", matches: true),
        // NEAR at exactly n and n+1, both orders
        Case(rule: "supply NEAR/2 weapons", text: "supply x y weapons", matches: true),
        Case(rule: "supply NEAR/2 weapons", text: "supply x y z weapons", matches: false),
        Case(rule: "supply NEAR/2 weapons", text: "weapons x y supply", matches: true),
        Case(rule: "supply NEAR/2 weapons", text: "weapons x y z supply", matches: false),
        Case(rule: "supply NEAR/0 weapons", text: "supply weapons", matches: true),
        Case(rule: "supply NEAR/0 weapons", text: "weapons supply", matches: true),
        Case(rule: "supply NEAR/0 weapons", text: "supply x weapons", matches: false),
        Case(rule: "supply ONEAR/2 weapons", text: "supply x y weapons", matches: true),
        Case(rule: "supply ONEAR/2 weapons", text: "supply x y z weapons", matches: false),
        Case(rule: "supply ONEAR/2 weapons", text: "weapons x y supply", matches: false),
        Case(rule: "supply ONEAR/2 weapons", text: "weapons x supply y weapons", matches: true),
        Case(rule: #""lethal aid" NEAR/1 Ukraine"#, text: "lethal aid to Ukraine", matches: true),
        Case(rule: #""lethal aid" NEAR/1 Ukraine"#, text: "Ukraine gets lethal aid", matches: true),
        Case(rule: #""lethal aid" NEAR/1 Ukraine"#, text: "Ukraine, it gets lethal aid", matches: false),
        Case(rule: "supply* NEAR/5 weapon*", text: "supplying the army with new weapons", matches: true),
        Case(rule: "(troops OR soldiers) NEAR/2 Russia", text: "soldiers in Russia", matches: true),
        Case(rule: "(troops OR soldiers) NEAR/2 Russia", text: "troops far far away from Russia", matches: false),
        Case(rule: "Korea NEAR/3 Korea", text: "Korea", matches: false),
        Case(rule: "Korea NEAR/3 Korea", text: "Korea and Korea", matches: true),
        Case(rule: "(a NEAR/1 b) NEAR/1 c", text: "a b c", matches: true),
        Case(rule: "(a NEAR/1 b) NEAR/1 c", text: "a b x y c", matches: false),
        // possessives and apostrophes
        Case(rule: "Korea", text: "South Korea’s army", matches: true),
        Case(rule: "Korea", text: "South Korea's army", matches: true),
        Case(rule: "Korea", text: "South Koreaʼs army", matches: true),
        Case(rule: #""Korea army""#, text: "South Korea’s army", matches: true),
        Case(rule: #""Korea's army""#, text: "South Korea’s army", matches: true),
        Case(rule: "don't", text: "we don’t know", matches: true),
        Case(rule: "Ukraine", text: "l'Ukraine a dit", matches: true),
        Case(rule: "s", text: "Korea’s army", matches: false),
        // titles and bodies are searched apart
        Case(rule: #""lethal aid""#, title: "Seoul weighs lethal", text: "aid to Ukraine", matches: false),
        Case(rule: "lethal NEAR/3 aid", title: "Seoul weighs lethal", text: "aid to Ukraine", matches: false),
        Case(rule: "lethal AND aid", title: "Seoul weighs lethal", text: "aid to Ukraine", matches: true),
        Case(rule: "title:Seoul", title: "Seoul weighs", text: "Ukraine", matches: true),
        Case(rule: "title:Ukraine", title: "Seoul weighs", text: "Ukraine", matches: false),
        Case(rule: "text:Ukraine", title: "Seoul weighs", text: "Ukraine", matches: true),
        Case(rule: "title:(Seoul OR Tokyo) Ukraine", title: "Tokyo", text: "Ukraine", matches: true),
        // raw:
        Case(rule: "raw:US", text: "the US said", matches: true),
        Case(rule: "raw:US", text: "let us say", matches: false),
        Case(rule: "raw:US", text: "the Us said", matches: false),
        Case(rule: #"raw:"G7 summit""#, text: "the G7 summit", matches: true),
        Case(rule: #"raw:"G7 summit""#, text: "the g7 summit", matches: false),
        Case(rule: #"raw:"G7 summit""#, text: "the G7 Summit", matches: false),
        Case(rule: "raw:NATO*", text: "NATOs plans", matches: true),
        Case(rule: "raw:NATO*", text: "Natos plans", matches: false),
        // actors
        Case(rule: "@north_korea", text: "DPRK leader", matches: true),
        Case(rule: "@north_korea", text: "North Korean hackers", matches: true),
        Case(rule: "@north_korea", text: "Kim Jong-un said", matches: true),
        Case(rule: "@north_korea", text: "Kim said", matches: false),
        Case(rule: "@north_korea", text: "북한은 미사일을 발사했다", matches: true),
        Case(rule: "@north_korea", text: "Делегация КНДР прибыла", matches: true),
        Case(rule: "@russia", text: "В России заявили", matches: true),
        Case(rule: "@russia", text: "Россиянин", matches: false),
        Case(
            rule: "@north_korea NEAR/15 (\"special forces\" OR troops OR soldiers) AND @russia",
            text: "North Korean special-forces troops were seen in Russia’s Kursk region.", matches: true),
        // Cyrillic, Greek, Arabic, Hebrew: words
        Case(rule: "Украина", text: "Президент УКРАИНЫ и Украина", matches: true),
        Case(rule: "Украина", text: "Украинская армия", matches: false),
        Case(rule: "Украин*", text: "Украинская армия", matches: true),
        Case(rule: "ёлка", text: "ЕЛКА", matches: true),
        Case(rule: "мой", text: "мои", matches: false),
        Case(rule: "Αθήνα", text: "ΑΘΗΝΑ σήμερα", matches: true),
        Case(rule: "λόγος", text: "ΛΟΓΟΣ", matches: true),
        Case(rule: "موسكو", text: "قالت مُوسْكُو اليوم", matches: true),
        Case(rule: "ירושלים", text: "בירושלים ירושלים", matches: true),
        // Symbols spelled with letters under NFKC: words of their own
        Case(rule: "km", text: "10 ㎞ away", matches: true),
        Case(rule: "\"10 km\"", text: "10㎞ away", matches: true),
        Case(rule: "㎞", text: "10 km away", matches: true),
        Case(rule: "Brand", text: "Brand™ news", matches: true),
        Case(rule: "\"Acme Widgets\"", text: "Acme™ Widgets", matches: true),
        Case(rule: "km", text: "🚀 10 🄺🄼 😀", matches: false),
        Case(rule: "\"k m\"", text: "🚀 10 🄺🄼 😀", matches: true),
        Case(rule: "\"Decree No 5\"", text: "Decree № 5", matches: true),
        Case(rule: "キロ", text: "3㌔先", matches: true),
        // Letters with their mark inside, dotless i, Persian letters
        Case(rule: "Lodz", text: "in Łódź today", matches: true),
        Case(rule: "Diyarbakir", text: "DİYARBAKIR and Diyarbakır", matches: true),
        Case(rule: "روسیه", text: "روسيه", matches: true),
        // Han, Kana, Thai: substrings
        Case(rule: "北韩", text: "北韩的导弹", matches: true),
        Case(rule: "朝鲜", text: "朝鲜半岛局势", matches: true),
        Case(rule: "朝鲜", text: "朝 鲜", matches: false),
        Case(rule: "ロシア", text: "ロシア軍が", matches: true),
        Case(rule: "ロシア", text: "ﾛｼｱ軍", matches: true),
        Case(rule: "ミサイル", text: "北朝鮮がミサイルを発射", matches: true),
        Case(rule: "รัสเซีย", text: "กองทัพรัสเซียบุก", matches: true),
        Case(rule: "ยูเครน", text: "กองทัพรัสเซียบุก", matches: false),
        Case(rule: #""ミサイル 発射""#, text: "ミサイル発射", matches: true),
        // Hangul: start of word
        Case(rule: "북한", text: "북한은 미사일을", matches: true),
        Case(rule: "북한", text: "남북한 관계", matches: false),
        Case(rule: "미사일", text: "북한은 미사일을 발사", matches: true),
        Case(rule: #""북한 미사일""#, text: "북한은 미사일을 발사", matches: true),
        Case(rule: "북한 NEAR/0 발사", text: "북한이 발사했다", matches: true),
    ]

    @Test(arguments: cases)
    func match(_ c: Case) {
        let (set, diagnostics) = Fixture.compile(c.rule)
        #expect(diagnostics.isEmpty)
        let found = !set.evaluate(Document(title: c.title, text: c.text)).isEmpty
        #expect(found == c.matches)
    }

    struct FieldCase: Sendable {
        var rule: String
        var document: Document
        var matches: Bool
    }

    static let fieldCases: [FieldCase] = [
        FieldCase(rule: "author:smith", document: Document(author: "Jane Smith"), matches: true),
        FieldCase(rule: "author:smith", document: Document(text: "Smith", author: "Jane Doe"), matches: false),
        FieldCase(rule: "smith", document: Document(author: "Jane Smith"), matches: false),
        FieldCase(rule: "category:politics", document: Document(categories: ["World", "Politics"]), matches: true),
        FieldCase(
            rule: #"category:"world politics""#, document: Document(categories: ["World", "Politics"]), matches: false),
        FieldCase(rule: "feed:yonhap korea", document: Document(text: "Korea", feedID: "yonhap"), matches: true),
        FieldCase(rule: "feed:yonhap korea", document: Document(text: "Korea", feedID: "kcna"), matches: false),
        FieldCase(rule: "site:example.org", document: Document(site: "www.example.org"), matches: true),
        FieldCase(rule: "site:example.org", document: Document(site: "example.org"), matches: true),
        FieldCase(rule: "site:example.org", document: Document(site: "badexample.org"), matches: false),
        FieldCase(
            rule: "site:example.org NOT sports", document: Document(text: "sports news", site: "example.org"),
            matches: false),
        // Hosts come as URLComponents gives them: lower case, international names in Unicode.
        FieldCase(rule: "site:xn--bcher-kva.de", document: Document(site: "news.bücher.de"), matches: true),
        FieldCase(rule: "site:BÜCHER.de", document: Document(site: "bücher.de"), matches: true),
        FieldCase(rule: "site:Example.ORG", document: Document(site: "example.org"), matches: true),
    ]

    @Test(arguments: fieldCases)
    func fields(_ c: FieldCase) {
        let (set, diagnostics) = Fixture.compile(c.rule)
        #expect(diagnostics.isEmpty)
        #expect(!set.evaluate(c.document).isEmpty == c.matches)
    }

    @Test func feedSelectors() {
        let rules = [
            Fixture.rule("any", "Korea"),
            Fixture.rule("tagged", "Korea", feeds: ["tag:korea"], line: 20),
            Fixture.rule("byid", "Korea", feeds: ["yonhap"], line: 30),
        ]
        let (set, diagnostics) = RuleSet.compile(actors: [], rules: rules)
        #expect(diagnostics.isEmpty)
        let doc = Document(text: "Korea", feedID: "bbc", feedTags: ["korea", "asia"])
        #expect(set.evaluate(doc).map(\.rule.id) == ["any", "tagged"])
        let yonhap = Document(text: "Korea", feedID: "yonhap")
        #expect(set.evaluate(yonhap).map(\.rule.id) == ["any", "byid"])
        #expect(set.evaluate(yonhap, onlyRule: "byid").map(\.rule.id) == ["byid"])
        #expect(set.evaluate(yonhap, onlyRule: "tagged").isEmpty)
        #expect(set.rules[1].feeds == [.tag("korea")])
    }

    /// Thousands of occurrences of both sides of a NEAR: only the pairs within the distance count (the
    /// matcher visits those, not every pair), also nested and explained.
    @Test(arguments: [
        ("korea NEAR/3 troops", true),
        ("troops NEAR/3 korea", true),
        ("troops ONEAR/3 korea", false),
        ("korea ONEAR/0 troops", true),
        ("(korea NEAR/1 troops) NEAR/0 troops", true),
        ("(korea NEAR/1 troops) ONEAR/0 korea", false),
        ("korea NEAR/2 tail", false),
        ("troops NEAR/0 tail", true),
    ])
    func nearOverManyOccurrences(rule: String, matches: Bool) throws {
        let text = String(repeating: "Korea ", count: 20_000) + String(repeating: "troops ", count: 20_000) + "tail"
        let (set, diagnostics) = Fixture.compile(rule)
        #expect(diagnostics.isEmpty)
        let found = set.evaluate(Document(text: text))
        #expect(!found.isEmpty == matches)
        if matches && rule.hasPrefix("korea") {
            // The hits are the occurrences that stand near each other: at the boundary.
            let offsets = try #require(found.first).hits.map(\.offset)
            #expect(offsets.contains(6 * 19_999), "\(offsets.prefix(5))")
            #expect(offsets.allSatisfy { $0 >= 6 * 19_990 && $0 <= 6 * 20_000 + 7 * 10 }, "\(offsets.prefix(5))")
        }
    }

    /// An explanation lists at most `maxExplainedNearPairs` pairs of a NEAR (the README says 200); the
    /// rule fires all the same.
    @Test func explanationsListABoundedNumberOfNearPairs() throws {
        let text = String(repeating: "Korea troops ", count: 600)
        let (set, _) = Fixture.compile("korea NEAR/3 troops")
        let match = try #require(set.evaluate(Document(text: text)).first)
        #expect(MatchContext.maxExplainedNearPairs == 200)
        // The pairs explained give the hits, of which each term keeps its first `maxHitsPerTerm`.
        let explained = match.hitCount + match.omittedHits
        #expect(explained > 100 && explained <= 2 * 200, "\(explained)")
        #expect(match.hitCount == 2 * RuleMatch.maxHitsPerTerm)
    }
}
