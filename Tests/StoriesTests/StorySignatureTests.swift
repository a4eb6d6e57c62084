import Rules
import Testing

@testable import Stories

@Suite struct StorySignatureTests {
    static let threshold = StoryIndex.defaultThreshold

    static func signature(_ title: String, _ text: String) -> StorySignature {
        StorySignature(title: title, text: text)
    }

    static let seed = signature(SeedStory.title, SeedStory.text)

    /// The words hashed straight from the bytes are those of `TextNormalizer`, in any script.
    @Test(arguments: [
        "Korea's special forces: it's 1,500 soldiers (AP) — \"Storm Corps\"",
        "Korea\u{2019}s Storm Corps, rock'n'roll, 'quoted' words'' s",
        "Straße, Łódź, Điện Biên, Diyarbakır, naïve café, ﬁnance, ＡＢＣ１２３",
        "Южная Корея впервые рассматривает ёлки Ё, й и ў",
        "정부가 북한군의 러시아 파병에 대응해 우크라이나에",
        "韓国の大統領府高官は２２日、北朝鮮の特殊部隊がロシアに",
        "韩国总统府一名高级官员22日表示，鉴于朝鲜特种部队",
        "กรุงเทพมหานคร ประเทศไทย 2024",
        "10 ㎞ north of № 5 ™ Acme™ Widgets 🙂 done",
        "مرحبا بالعالم روسیه, שָׁלוֹם עוֹלָם",
        "plain ascii only\nsecond line\n\nthird paragraph it's",
        // Words of 8 and 16 bytes (whole blocks) followed by an apostrophe, a non-ASCII letter, the end.
        "Abcdefgh\u{2019}s abcdefghé ABCDEFGH's x abcdefghijklmnop'S 12345678 abcdefghIJKLMNOPq abcdefgh",
        "",
    ])
    func wordsAreThoseOfTheNormalizer(text: String) {
        var words = WordSequence(capacity: 0)
        words.append(text)
        let expected = TextNormalizer.tokens(text).map { token -> UInt64 in
            var word = StoryHash.Word()
            for b in token.key.utf8 { word.add(b) }
            return word.finish()
        }
        #expect(Array(words.wordHashes) == expected)
        #expect(words.wordMarks.map { $0 & 1 == 1 } == TextNormalizer.tokens(text).map(\.isNoSpaceScript))
    }

    /// The same on random strings of letters, marks, digits, apostrophes, separators and symbols of
    /// many scripts (a linear congruential generator: the same strings on every run).
    @Test func randomTextsGiveTheWordsOfTheNormalizer() {
        let pieces: [String] = [
            "a", "Z", "7", "s", "'", "\u{2019}", " ", "\n", ",", "-", "é", "e\u{0301}", "\u{0301}", "ß", "ﬁ",
            "Ł", "ı", "İ", "й", "ё", "е\u{0308}", "и\u{0306}", "Ж", "Ω", "ά", "ש", "\u{05BC}", "ب", "\u{064E}",
            "ی", "क", "\u{093C}", "\u{094D}", "ก", "\u{0E31}", "\u{0E48}", "한", "\u{1100}", "\u{1161}", "中",
            "の", "ｶ", "\u{FF9E}", "Ａ", "１", "㎞", "№", "™", "🙂", "𠀋", "\u{00AD}", "\u{200D}", "ǅ", "Ⅻ", "\u{0640}",
            "\u{0323}\u{0302}", "a\u{0302}\u{0323}", "\u{FDFA}", "x",
        ]
        var state: UInt64 = 42
        for _ in 0..<400 {
            var text = ""
            for _ in 0..<40 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += pieces[Int(state >> 33) % pieces.count]
            }
            var words = WordSequence(capacity: 0)
            words.append(text)
            let tokens = TextNormalizer.tokens(text)
            let expected = tokens.map { token -> UInt64 in
                var word = StoryHash.Word()
                for b in token.key.utf8 { word.add(b) }
                return word.finish()
            }
            #expect(Array(words.wordHashes) == expected, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(words.wordMarks.map { $0 & 1 == 1 } == tokens.map(\.isNoSpaceScript))
        }
    }

    @Test(arguments: SeedStory.republications.indices)
    func republicationsOfTheSeedAreOneStory(index: Int) {
        let r = SeedStory.republications[index]
        let resemblance = Self.seed.resemblance(to: Self.signature(r.title, r.text))
        #expect(resemblance >= Self.threshold, "\(r.label): \(resemblance)")
    }

    @Test func republicationsAreOneStoryWithEachOther() {
        let signatures = SeedStory.republications.map { Self.signature($0.title, $0.text) }
        // The cut one and the one with another paragraph cut share the lead and most of the text.
        #expect(signatures[0].resemblance(to: signatures[3]) >= Self.threshold)
        #expect(signatures[1].resemblance(to: signatures[3]) >= Self.threshold)
        #expect(signatures[1].resemblance(to: signatures[4]) >= Self.threshold)
    }

    @Test(arguments: SeedStory.followUps.indices)
    func followUpsAreStoriesOfTheirOwn(index: Int) {
        let f = SeedStory.followUps[index]
        let followUp = Self.signature(f.title, f.text)
        #expect(Self.seed.resemblance(to: followUp) < Self.threshold, "\(f.label)")
        for r in SeedStory.republications {
            #expect(
                Self.signature(r.title, r.text).resemblance(to: followUp) < Self.threshold, "\(f.label) ~ \(r.label)")
        }
    }

    @Test func resemblanceIsTheSameBothWays() {
        let all =
            [Self.seed] + (SeedStory.republications + SeedStory.followUps).map { Self.signature($0.title, $0.text) }
            + OtherScripts.all.map { Self.signature($0.title, $0.text) }
        for a in all {
            for b in all { #expect(a.resemblance(to: b) == b.resemblance(to: a)) }
        }
    }

    @Test func followUpsAreNotOneStory() {
        let a = SeedStory.followUps[0]
        let b = SeedStory.followUps[1]
        #expect(Self.signature(a.title, a.text).resemblance(to: Self.signature(b.title, b.text)) < Self.threshold)
    }

    @Test(arguments: OtherScripts.all.map(\.language))
    func otherScripts(language: String) throws {
        let c = try #require(OtherScripts.all.first { $0.language == language })
        let original = Self.signature(c.title, c.text)
        #expect(!original.isThin, "\(language): \(original.size) shingles")
        let republication = Self.signature(c.republication.title, c.republication.text)
        let followUp = Self.signature(c.followUp.title, c.followUp.text)
        #expect(original.resemblance(to: republication) >= Self.threshold, "\(language) republication")
        #expect(original.resemblance(to: followUp) < Self.threshold, "\(language) follow-up")
        #expect(republication.resemblance(to: followUp) < Self.threshold, "\(language) follow-up")
        // Across languages only the same text is the same story: a translation is not.
        #expect(original.resemblance(to: Self.seed) < Self.threshold)
        for other in OtherScripts.all where other.language != language {
            #expect(original.resemblance(to: Self.signature(other.title, other.text)) < 0.1)
        }
    }

    @Test(arguments: [
        ("", ""),
        (SeedStory.title, ""),
        ("", "North Korea"),
        ("Morning briefing", "Here is what you need to know today."),
        ("North Korean troops head to Kursk", "Seoul weighs sending weapons to Ukraine, an official says."),
    ])
    func thinTextsResembleNothing(title: String, text: String) {
        let thin = Self.signature(title, text)
        #expect(thin.isThin)
        #expect(thin.resemblance(to: thin) == 0)
        #expect(thin.resemblance(to: Self.seed) == 0)
        #expect(Self.seed.resemblance(to: thin) == 0)
    }

    @Test func sameTextIsOneStoryWhateverTheCaseWidthAndDiacritics() {
        let folded = Self.signature(
            SeedStory.title.uppercased(),
            SeedStory.text.replacingOccurrences(of: "Seoul", with: "Séoul").replacingOccurrences(of: "a", with: "ａ"))
        #expect(Self.seed.resemblance(to: folded) >= 0.9)
        #expect(Self.seed.resemblance(to: Self.seed) == 1)
    }

    @Test func bytesRoundTrip() throws {
        for signature in [
            Self.seed, Self.signature("", ""), Self.signature(OtherScripts.korean.title, OtherScripts.korean.text),
        ] {
            let restored = try #require(StorySignature(bytes: signature.bytes))
            #expect(restored == signature)
        }
        #expect(Self.seed.bytes.count <= 7 + 4 * (StorySignature.k + StorySignature.leadK))
    }

    @Test(arguments: [[], [2], [1, 0, 0, 0, 0, 2, 0], [1, 0, 0, 0, 0, 1, 0, 1, 2]] as [[UInt8]])
    func bytesThatAreNoSignature(bytes: [UInt8]) {
        #expect(StorySignature(bytes: bytes) == nil)
    }

    @Test func hashesOutOfOrderAreNoSignature() {
        var bytes = Self.seed.bytes
        bytes.swapAt(7, 11)
        bytes.swapAt(8, 12)
        bytes.swapAt(9, 13)
        bytes.swapAt(10, 14)
        #expect(StorySignature(bytes: bytes) == nil)
    }
}
