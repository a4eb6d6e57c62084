import Foundation

/// The normalization of README "How text is matched" for one word: NFKC, case folding, diacritic folding.
///
/// The exact definition (used for rules and articles alike) is
/// `NFC(stripDiacritics(caseFold(NFKD(word))))`, where ignorable format characters are dropped,
/// and the result is split again at separators. `Folding.table` caches the result for single
/// BMP scalars so that ordinary words never reach Foundation.
package enum Folding {
    /// For each BMP scalar: the scalar it normalizes to on its own when that is safe to use
    /// character by character; `expansion(at:count:)` for a letter that normalizes to several
    /// (`ß` → `ss`, `ﬁ` → `fi`); `drop` or `dropUnlessCyrillic` for a diacritic that folding
    /// removes; else 0 (the word takes the slow path).
    package static let table: [UInt32] = tables.table

    /// The UTF-8 bytes of the expansions, which `table` points into.
    static let expansions: [UInt8] = tables.expansions

    private static let tables = buildTable()

    /// A mark that folding removes, whatever letter it is on (Hebrew points, Arabic harakat).
    package static let drop: UInt32 = 0xFFFF_FFFF
    /// A mark that folding removes except on a Cyrillic letter (where ◌̆ and ◌̈ may stay).
    package static let dropUnlessCyrillic: UInt32 = 0xFFFF_FFFE
    /// Bit 31 set, not a drop: bytes `(value >> 4) & 0x7FF_FFFF` and on, `value & 0xF` of them,
    /// of `expansions`.
    static func expansion(at offset: Int, count: Int) -> UInt32 {
        0x8000_0000 | UInt32(offset) << 4 | UInt32(count)
    }

    /// Whether a table value is an expansion.
    @inline(__always)
    package static func isExpansion(_ value: UInt32) -> Bool {
        value & 0x8000_0000 != 0 && value < dropUnlessCyrillic
    }

    /// The bytes of an expansion (a table value for which `isExpansion` holds).
    package static func expansionBytes(_ value: UInt32) -> ArraySlice<UInt8> {
        let offset = Int((value >> 4) & 0x7FF_FFFF)
        return expansions[offset..<(offset + Int(value & 0xF))]
    }

    /// Cyrillic letters, on which ◌̆ and ◌̈ may stay (й, ў, ї).
    @inline(__always)
    package static func isCyrillic(_ v: UInt32) -> Bool {
        (0x0400...0x052F).contains(v)
    }

    private static func buildTable() -> (table: [UInt32], expansions: [UInt8]) {
        var table = [UInt32](repeating: 0, count: 0x10000)
        var expansions: [UInt8] = []
        for v in UInt32(0)..<0x10000 {
            let kind = ScalarKind.of(v)
            guard let scalar = Unicode.Scalar(v) else { continue }
            switch kind {
            case .word, .noSpace:
                if ScalarKind.isConjoiningJamo(v) { continue }
                // CJK unified ideographs and Hangul syllables are their own NFKC form, have no
                // case and no diacritics: skip the costly Foundation round trip for them.
                if (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xAC00...0xD7A3).contains(v) {
                    table[Int(v)] = v
                    continue
                }
                // Normalized between two letters, it must stay letters of the same kind (no
                // separator, no apostrophe).
                let pieces = slowPieces("a" + String(Character(scalar)) + "a")
                guard pieces.count == 1 else { continue }
                let scalars = Array(pieces[0].unicodeScalars)
                guard scalars.count >= 3, scalars.first == "a", scalars.last == "a" else { continue }
                let middle = scalars.dropFirst().dropLast()
                guard middle.allSatisfy({ ScalarKind.of($0.value) == kind && !ScalarKind.isConjoiningJamo($0.value) })
                else { continue }
                if middle.count == 1 {
                    table[Int(v)] = middle[middle.startIndex].value
                    continue
                }
                // Several letters (only in words of spaced scripts): at most twice the bytes of
                // the original, which the tokenizer's key room allows for.
                let bytes = Array(String(String.UnicodeScalarView(middle)).utf8)
                guard kind == .word, bytes.count <= 2 * String(scalar).utf8.count, bytes.count < 16 else { continue }
                table[Int(v)] = expansion(at: expansions.count, count: bytes.count)
                expansions += bytes
            case .mark:
                if Array(String(scalar).decomposedStringWithCompatibilityMapping.unicodeScalars) == [scalar] {
                    if isStrippable(v, base: 0x61) {
                        table[Int(v)] = isStrippable(v, base: 0x0418) ? drop : dropUnlessCyrillic
                    } else if !composesWithPrevious(v) && !scalar.properties.changesWhenCaseFolded {
                        // Kept as it is (Thai and Lao vowels and tones, Indic vowel signs and viramas,
                        // ...): the tokenizer still leaves the word when marks come out of canonical order.
                        table[Int(v)] = v
                    }
                }
            default:
                continue
            }
        }
        return (table, expansions)
    }

    /// Marks that canonical composition may join with the character before them (Unicode's
    /// NFC_Quick_Check=Maybe, in the BMP): on the fast path they could give another string than NFC
    /// (न + ◌़ is ऩ, ে + া is ো). A test derives this set from every composite Foundation knows.
    static func composesWithPrevious(_ v: UInt32) -> Bool {
        switch v {
        case 0x0300...0x0304, 0x0306...0x030C, 0x030F, 0x0311, 0x0313, 0x0314, 0x031B, 0x0323...0x0328,
            0x032D, 0x032E, 0x0330, 0x0331, 0x0338, 0x0342, 0x0345, 0x0653...0x0655, 0x093C, 0x09BE, 0x09D7,
            0x0B3E, 0x0B56, 0x0B57, 0x0BBE, 0x0BD7, 0x0C56, 0x0CC2, 0x0CD5, 0x0CD6, 0x0D3E, 0x0D57, 0x0DCA,
            0x0DCF, 0x0DDF, 0x102E, 0x1161...0x1175, 0x11A8...0x11C2, 0x1B35, 0x3099, 0x309A:
            true
        default:
            false
        }
    }

    /// Normalizes a word (a run of word characters, possibly with marks and format characters)
    /// and splits the result at separators and apostrophes.
    static func slowPieces(_ word: String) -> [String] {
        let decomposed = word.decomposedStringWithCompatibilityMapping
        var folded = String.UnicodeScalarView()
        var base: UInt32 = 0
        for u in decomposed.unicodeScalars {
            let v = u.value
            let kind = ScalarKind.of(v)
            if kind == .ignorable { continue }
            if kind == .mark {
                if isStrippable(v, base: base) { continue }
            } else {
                base = v
            }
            appendCaseFolded(u, to: &folded)
        }
        let composed = String(folded).precomposedStringWithCanonicalMapping
        var pieces: [String] = []
        var current = String.UnicodeScalarView()
        for u in composed.unicodeScalars {
            switch ScalarKind.of(u.value) {
            case .separator, .apostrophe:
                if !current.isEmpty {
                    pieces.append(String(current))
                    current = String.UnicodeScalarView()
                }
            case .ignorable:
                continue
            default:
                current.append(u)
            }
        }
        if !current.isEmpty { pieces.append(String(current)) }
        return pieces
    }

    private static func appendCaseFolded(_ u: Unicode.Scalar, to out: inout String.UnicodeScalarView) {
        if let letter = foldedLetter(u.value) {
            out.append(letter)
            return
        }
        switch u.value {
        case 0x00DF, 0x1E9E:  // ß, ẞ
            out.append("s")
            out.append("s")
        case 0x03C2:  // final sigma
            out.append("\u{03C3}")
        default:
            if u.value < 0x80 {
                if u.value >= 0x41 && u.value <= 0x5A, let lower = Unicode.Scalar(u.value + 0x20) {
                    out.append(lower)
                } else {
                    out.append(u)
                }
            } else if u.properties.changesWhenLowercased {
                out.append(contentsOf: u.properties.lowercaseMapping.unicodeScalars)
            } else {
                out.append(u)
            }
        }
    }

    /// Letters that carry their diacritic inside (no decomposition takes it off) and letters written
    /// two ways, folded like the diacritics: `Lodz` matches "Łódź", `Dien Bien` "Điện Biên", `Diyarbakir`
    /// "Diyarbakır", and the Persian yeh and keheh are the Arabic yeh and kaf (`روسیه` = "روسيه").
    static func foldedLetter(_ v: UInt32) -> Unicode.Scalar? {
        switch v {
        case 0x0110, 0x0111: "d"  // Đ đ
        case 0x0141, 0x0142: "l"  // Ł ł
        case 0x00D8, 0x00F8: "o"  // Ø ø
        case 0x0126, 0x0127: "h"  // Ħ ħ
        case 0x0166, 0x0167: "t"  // Ŧ ŧ
        case 0x0131: "i"  // dotless ı (İ is I with a dot above, which folding takes off)
        case 0x06CC, 0x0649: "\u{064A}"  // Persian yeh, alef maksura → yeh
        case 0x06A9: "\u{0643}"  // keheh → kaf
        default: nil
        }
    }

    /// Diacritics removed by folding: generic combining marks (on Cyrillic letters only the
    /// diaeresis of ё and other accents; й, ў, ї, ӧ keep theirs), Hebrew points, Arabic harakat, the
    /// Devanagari nukta.
    static func isStrippable(_ v: UInt32, base: UInt32) -> Bool {
        switch v {
        case 0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F:
            if isCyrillic(base) {
                // Cyrillic: й, ў, ї stay letters of their own; ё folds to е.
                if v == 0x0306 { return false }
                if v == 0x0308 { return base == 0x0435 || base == 0x0415 }
            }
            return true
        case 0x0591...0x05BD, 0x05BF, 0x05C1, 0x05C2, 0x05C4, 0x05C5, 0x05C7:
            return true
        case 0x093C:  // Devanagari nukta: ख़ुफ़िया is often written खुफिया
            return true
        case 0x0610...0x061A, 0x064B...0x065F, 0x0670, 0x06D6...0x06DC, 0x06DF...0x06E4, 0x06E7, 0x06E8,
            0x06EA...0x06ED:
            return true
        default:
            return false
        }
    }
}
