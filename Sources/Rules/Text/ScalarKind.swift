/// How the tokenizer treats a unicode scalar.
package enum ScalarKind: UInt8, Sendable {
    /// Ends a word: spaces, punctuation, symbols, hyphens.
    case separator
    /// Part of a word (letters and digits of scripts written with spaces).
    case word
    /// A letter of a script written without spaces (Han, Kana, Thai, Lao, Khmer, Myanmar):
    /// each such character (with its marks) is a token of its own.
    case noSpace
    /// A combining mark: belongs to the character before it.
    case mark
    /// Invisible format characters (soft hyphen, joiners): ignored inside words.
    case ignorable
    /// Any apostrophe (`'` `’` `ʼ` `‘` `＇`): separates words; a following possessive `s` is dropped.
    case apostrophe
    /// A symbol whose NFKC form has letters or digits (`㎞` km, `№` No, `Ⓐ` A, `㈱` (株)): a word of its
    /// own, so that `km` matches "10 ㎞" and "10㎞" (™ and ℠ stay separators).
    case symbol

    /// Classifies a scalar value.
    @inline(__always)
    package static func of(_ v: UInt32) -> ScalarKind {
        if v < 0x10000 { return ScalarKind(rawValue: bmp[Int(v)]) ?? .separator }
        return nonASCII(v)
    }

    /// The kind of every BMP scalar, computed once (the hot loop must not ask the stdlib's
    /// property tables for each character).
    package static let bmp: [UInt8] = (0..<0x10000).map { (v: UInt32) -> UInt8 in
        v < 0x80 ? asciiKinds[Int(v)].rawValue : nonASCII(v).rawValue
    }

    private static let asciiKinds: [ScalarKind] = (0..<0x80).map { (v: UInt32) -> ScalarKind in
        switch v {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: .word
        case 0x27: .apostrophe
        default: .separator
        }
    }

    package static func nonASCII(_ v: UInt32) -> ScalarKind {
        switch v {
        case 0x2018, 0x2019, 0x02BC, 0xFF07: return .apostrophe
        case 0x200B: return .separator
        case 0xFF9E, 0xFF9F: return .mark  // half-width kana voiced marks
        case 0x0640: return .ignorable  // Arabic tatweel
        case 0x2120, 0x2122: return .separator  // ℠ ™: marks after a name, not words ("Acme™ Widgets")
        default: break
        }
        guard let scalar = Unicode.Scalar(v) else { return .separator }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            return isNoSpaceScript(v) ? .noSpace : .word
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return .mark
        case .format:
            return .ignorable
        case .otherSymbol, .mathSymbol, .currencySymbol, .modifierSymbol:
            // Beyond the BMP (looked up for each emoji, not from the table) only the enclosed
            // alphanumerics and ideographs (U+1F100–1F2FF) spell letters.
            if v >= 0x10000 && !(0x1F100...0x1F2FF).contains(v) { return .separator }
            return spellsLetters(scalar) ? .symbol : .separator
        default:
            return .separator
        }
    }

    /// Whether the compatibility decomposition of a symbol has a letter or digit in it.
    private static func spellsLetters(_ scalar: Unicode.Scalar) -> Bool {
        let decomposed = String(scalar).decomposedStringWithCompatibilityMapping.unicodeScalars
        guard decomposed.count > 1 || decomposed.first != scalar else { return false }
        return decomposed.contains { u in
            switch u.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
                .letterNumber, .otherNumber:
                true
            default: false
            }
        }
    }

    /// Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar (scripts written without spaces).
    static func isNoSpaceScript(_ v: UInt32) -> Bool {
        switch v {
        case 0x0E00...0x0EFF,  // Thai, Lao
            0x1000...0x109F,  // Myanmar
            0x1780...0x17FF,  // Khmer
            0x2E80...0x2FDF,  // CJK radicals
            0x3005, 0x3007, 0x3021...0x3029, 0x3038...0x303B,
            0x3040...0x30FF,  // Hiragana, Katakana
            0x31F0...0x31FF,
            0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF,  // Han
            0xFF66...0xFF9D,  // half-width Katakana
            0x1B000...0x1B16F,
            0x20000...0x3FFFF:
            return true
        default:
            return false
        }
    }

    /// Any Hangul scalar (syllables and jamo); such words match at word start.
    @inline(__always)
    static func isHangul(_ v: UInt32) -> Bool {
        switch v {
        case 0xAC00...0xD7AF, 0x1100...0x11FF, 0x3130...0x318F, 0xA960...0xA97F, 0xD7B0...0xD7FF,
            0xFFA0...0xFFDC:
            return true
        default:
            return false
        }
    }

    /// Conjoining jamo compose with their neighbours under NFC, so they never take the fast path.
    static func isConjoiningJamo(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x11FF, 0xA960...0xA97F, 0xD7B0...0xD7FF: true
        default: false
        }
    }
}
