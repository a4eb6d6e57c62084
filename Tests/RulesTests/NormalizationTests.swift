import Testing

@testable import Rules

/// The normalized words of a text, per script.
@Suite struct NormalizationTests {
    static let cases: [(String, String)] = [
        // Latin: case, diacritics, NFKC, ß, ligatures, full-width, apostrophes, hyphens
        ("South Korea’s Army", "south korea army"),
        ("Korea's KOREA'S Koreaʼs Korea＇s", "korea korea korea korea"),
        ("don’t it's", "don t it"),
        ("Jones' car", "jones car"),
        ("special-forces, anti‑tank", "special forces anti tank"),
        ("Zélensky Ångström naïve façade", "zelensky angstrom naive facade"),
        ("Straße STRASSE ẞ Größe", "strasse strasse ss grosse"),
        ("ﬁnancial ﬂow", "financial flow"),
        ("ﬁnal Ｕｋｒａｉｎｅ ①", "final ukraine 1"),
        ("İstanbul", "istanbul"),
        ("U.S. F-16 3.5", "u s f 16 3 5"),
        ("Ukrai\u{00AD}ne", "ukraine"),
        // Zero-width (non-)joiners are ignored inside a word; a zero-width space separates
        (
            "می\u{200C}فرستد Ko\u{200D}rea Ko\u{200B}rea",
            "\u{0645}\u{064A}\u{0641}\u{0631}\u{0633}\u{062A}\u{062F} korea ko rea"
        ),
        ("e\u{0301}te\u{0301}", "ete"),
        ("snake_case #tag @user", "snake case tag user"),
        // Letters with the diacritic inside: stroke, bar, slash, dotless i
        ("Łódź Điện Biên Øresund Ħamrun DİYARBAKIR Diyarbakır", "lodz dien bien oresund hamrun diyarbakir diyarbakir"),
        // Cyrillic: case, ё → е, й kept
        ("Россия РОССИИ", "россия россии"),
        ("Ёлка мой МОЙ", "елка мой мой"),
        ("Україна Київ", "україна київ"),
        // Greek: tonos, final sigma
        ("Αθήνα ΛΌΓΟΣ λόγος", "αθηνα λογοσ λογοσ"),
        // Arabic: harakat and tatweel removed, alef forms folded
        ("مُوسْكُو أوكرانيا مـوسـكو", "موسكو اوكرانيا موسكو"),
        // Persian yeh and keheh, alef maksura: the Arabic yeh and kaf
        ("روسیه کره روسيه كره مصطفى", "روسيه كره روسيه كره مصطفي"),
        // Devanagari nukta folded (precomposed or not); vowel signs and viramas kept
        ("ख़ुफ़िया ख़ुफ़िया खुफिया रूस", "खुफिया खुफिया खुफिया रूस"),
        // Hebrew: points removed
        ("יְרוּשָׁלַיִם", "ירושלים"),
        // Han and Kana: one token per character; half-width kana to full-width
        ("北韩的导弹", "北 韩 的 导 弹"),
        ("ﾛｼｱ ｶﾞｽ", "ロ シ ア ガ ス"),
        ("ミサイル発射", "ミ サ イ ル 発 射"),
        // Thai: one token per character cluster
        ("รัสเซีย", "รั ส เ ซี ย"),
        // Hangul: whole words (matched at word start)
        ("북한은 미사일을", "북한은 미사일을"),
        ("ＡＢＣ 123", "abc 123"),
        // Symbols spelled with letters under NFKC are words of their own
        ("10 ㎞ 10㎞, Decree №5, Brand™ Ⓐ 25℃", "10 km 10 km decree no 5 brand a 25 c"),
        ("㈱東芝 ㌔ ㈜한화", "株 東 芝 キ ロ 주 한화"),
        ("© ® ° € $ + ←", ""),
        ("", ""),
        ("  ...  ", ""),
    ]

    @Test(arguments: cases)
    func normalize(input: String, expected: String) {
        // Bytes, not String equality: Swift compares strings up to canonical equivalence, and keys are
        // matched byte for byte.
        #expect(Array(TextNormalizer.normalize(input).utf8) == Array(expected.utf8))
    }

    @Test func offsetsPointIntoTheOriginal() {
        let tokens = TextNormalizer.tokens("«Ёлка», Korea’s 北韩")
        #expect(tokens.map(\.key) == ["елка", "korea", "北", "韩"])
        #expect(tokens.map(\.offset) == [1, 8, 16, 17])
        #expect(tokens.map(\.length) == [4, 5, 1, 1])
        #expect(tokens.map(\.isNoSpaceScript) == [false, false, true, true])
        #expect(TextNormalizer.tokens("북한은").first?.isHangul == true)
    }

    /// Keys get room for twice the text's bytes; a text whose characters expand more under
    /// NFKC (U+FDFA, one letter of 3 bytes, is 18 letters and spaces, 33 bytes) is tokenized
    /// again with more room.
    @Test(arguments: [1, 2, 7, 64])
    func expandingCharacters(count: Int) {
        let word = "صلي الله عليه وسلم"  // NFKC of U+FDFA, with alef maksura folded to yeh
        let text = String(repeating: "\u{FDFA} ", count: count) + "x\u{FDFA}"
        let expected = Array(repeating: word, count: count + 1).joined(separator: " ")
        #expect(TextNormalizer.normalize(text) == "\(expected.dropLast(word.count))x\(word)")
        let stream = TokenStream(text)
        #expect(stream.tokens.count == 4 * (count + 1))
        #expect(stream.tokens.last.map { Int($0.utf8End) } == text.utf8.count)
    }

    /// An expansion that fits the room but leaves less than the fast path needs for the rest of the
    /// text (which it writes without checking) has the text tokenized again with more room.
    @Test(arguments: ["\u{FDFA}中中", "\u{FDFA} жжж", "\u{FDFA}\u{FDFA}中中中中中中"])
    func expansionLeavesRoomForTheFastPath(text: String) {
        let word = "صلي الله عليه وسلم"
        let tail = String(text.unicodeScalars.filter { $0 != "\u{FDFA}" && $0 != " " }.map(Character.init))
        let tokens = TextNormalizer.tokens(text).map(\.key)
        #expect(tokens.suffix(tail.count) == tail.map { String($0) } || tokens.last == tail)
        #expect(TextNormalizer.normalize(text).hasPrefix(word))
    }

    /// The fast path writes at most twice a scalar's UTF-8 bytes (the tokenizer reserves that
    /// much key room per text and writes without checking).
    @Test func fastPathKeysFitTheirRoom() {
        var tooLong: [String] = []
        for v in UInt32(0x80)..<0x10000 {
            let mapped = Folding.table[Int(v)]
            guard mapped != 0, mapped != Folding.drop, mapped != Folding.dropUnlessCyrillic else { continue }
            let width =
                Folding.isExpansion(mapped)
                ? Folding.expansionBytes(mapped).count
                : Unicode.Scalar(mapped).map { UTF8.width($0) } ?? 99
            if width > 2 * UTF8.width(Unicode.Scalar(v)!) { tooLong.append(String(v, radix: 16)) }
        }
        #expect(tooLong.isEmpty, "\(tooLong.prefix(10))")
    }

    /// The fast path (per-scalar table) agrees with the full normalization for every BMP letter.
    @Test func fastPathAgreesWithSlowPath() {
        var mismatches: [String] = []
        for v in UInt32(0x80)..<0x10000 {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let kind = ScalarKind.of(v)
            guard kind == .word || kind == .noSpace else { continue }
            let text = "a" + String(Character(scalar)) + "b"
            let fast = TextNormalizer.normalize(text)
            let slow = Folding.slowPieces(text).joined(separator: " ")
            if kind == .word && Array(fast.utf8) != Array(slow.utf8) && mismatches.count < 10 {
                mismatches.append(String(v, radix: 16))
            }
        }
        #expect(mismatches.isEmpty, "fast and slow normalization differ for \(mismatches)")
    }

    /// Marks on the fast path (kept, or dropped as diacritics) give what the full normalization
    /// gives, on letters of several scripts (on Cyrillic some diacritics stay).
    @Test func marksAgreeWithSlowPath() {
        var mismatches: [String] = []
        for v in UInt32(0x300)..<0x10000 {
            guard let scalar = Unicode.Scalar(v), ScalarKind.of(v) == .mark else { continue }
            for base in ["a", "e", "и", "е", "Е", "α", "ب", "א", "ß", "ﬁ"] {
                let text = base + String(Character(scalar)) + "b" + String(Character(scalar))
                let fast = TextNormalizer.normalize(text)
                let slow = Folding.slowPieces(text).joined(separator: " ")
                if Array(fast.utf8) != Array(slow.utf8) && mismatches.count < 10 {
                    mismatches.append(base + "+" + String(v, radix: 16))
                }
            }
        }
        #expect(mismatches.isEmpty, "fast and slow normalization differ for \(mismatches)")
    }

    /// Marks kept as they are on the fast path, on every letter of their own script (where canonical
    /// composition would join some: न + ◌़, ে + া), twice in a row, and after a Latin letter.
    @Test func keptMarksAgreeWithSlowPathOnTheirOwnScript() {
        var mismatches: [String] = []
        var kept = 0
        for v in UInt32(0x300)..<0x10000 where Folding.table[Int(v)] == v && ScalarKind.of(v) == .mark {
            kept += 1
            let mark = String(Character(Unicode.Scalar(v)!))
            let block = (v & ~0x7F)..<((v & ~0x7F) + 0x80)
            for b in block {
                guard let base = Unicode.Scalar(b), ScalarKind.of(b) == .word else { continue }
                let text = String(Character(base)) + mark + mark + "a" + mark + String(Character(base)) + mark
                let fast = TextNormalizer.normalize(text)
                let slow = Folding.slowPieces(text).joined(separator: " ")
                if Array(fast.utf8) != Array(slow.utf8) && mismatches.count < 10 {
                    mismatches.append(String(b, radix: 16) + "+" + String(v, radix: 16))
                }
            }
        }
        #expect(kept > 500, "only \(kept) marks are kept on the fast path")
        #expect(mismatches.isEmpty, "fast and slow normalization differ for \(mismatches)")
    }

    /// `Folding.composesWithPrevious` holds every mark that ends a canonical composite.
    @Test func everyComposingMarkIsKnown() {
        var missing: Set<String> = []
        for v in UInt32(0xC0)..<0x10000 {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let decomposed = Array(String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars)
            guard decomposed.count >= 2, let last = decomposed.last, ScalarKind.of(last.value) == .mark else {
                continue
            }
            // A composite NFC gives back (not a composition exclusion): its last mark composes.
            let recomposed = Array(
                String(String.UnicodeScalarView(decomposed)).precomposedStringWithCanonicalMapping.unicodeScalars)
            guard recomposed.last == scalar || recomposed.count < decomposed.count else { continue }
            if !Folding.composesWithPrevious(last.value) { missing.insert(String(last.value, radix: 16)) }
        }
        #expect(missing.isEmpty, "marks that compose but are not listed: \(missing.sorted())")
    }

    /// Long ASCII stretches are tokenized in bulk, a window at a time: words across the window's
    /// edges, and words running on into non-ASCII text or an apostrophe, come out whole.
    @Test(arguments: [
        (505, " café Korea's x"), (507, "Naïve-ly's end"), (509, " Zürich"), (511, "'s Ok"), (512, ""),
        (1000, " ÉTÉ"), (1023, " plain words only"), (1, " a"),
    ])
    func longASCIIRuns(fillerLength: Int, tail: String) {
        // Filler of words of 1–9 letters and digits, upper and lower case, with mixed separators.
        var filler = ""
        var n = 0
        let separators = [" ", ", ", " - ", "\n", "  (", ") "]
        while filler.utf8.count < fillerLength {
            let length = n % 9 + 1
            filler += String(repeating: n % 3 == 0 ? "Ab1" : "xY9", count: 3).prefix(length)
            filler += separators[n % separators.count]
            n += 1
        }
        filler = String(filler.prefix(fillerLength))
        let text = filler + tail
        // Reference: in pure ASCII without apostrophes, words are runs of letters and digits.
        var expected: [(key: String, offset: Int)] = []
        var word = ""
        for (i, c) in Array(filler.utf8).enumerated() {
            if (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) {
                word.append(Character(Unicode.Scalar(c)).lowercased())
            } else if !word.isEmpty {
                expected.append((word, i - word.count))
                word = ""
            }
        }
        let tokens = TextNormalizer.tokens(text)
        if word.isEmpty {
            #expect(tokens.map(\.key) == expected.map(\.key) + TextNormalizer.tokens(tail).map(\.key))
        } else {
            // The filler's last word runs on into the tail.
            let joined = TextNormalizer.tokens(word + tail)
            #expect(tokens.map(\.key) == expected.map(\.key) + joined.map(\.key))
        }
        #expect(Array(tokens.prefix(expected.count).map(\.offset)) == expected.map(\.offset))
    }
}
