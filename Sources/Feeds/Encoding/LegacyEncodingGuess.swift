/// Guesses the legacy encoding of undeclared bytes that are not UTF-8, from the shape of their
/// non-ASCII bytes: the CJK multi-byte encodings (Shift_JIS, EUC-JP, EUC-KR, GB2312/GBK/GB18030,
/// Big5) by their lead/trail byte ranges, and the common single-byte scripts (Cyrillic in
/// windows-1251 or KOI8-R, Hebrew, Thai) by where their letters fall; windows-1252 otherwise.
/// A statistical sketch, not a full detector: it only has to beat "always windows-1252".
enum LegacyEncodingGuess {
    static func guess(_ p: UnsafeBufferPointer<UInt8>) -> String {
        var pairs = 0
        var lowLeads = 0  // 0x81...0x9F: Shift_JIS (and GBK) leads, never EUC
        var sjisKana = 0  // 0x82/0x83 leads: Shift_JIS hiragana/katakana
        var lowTrails = 0  // 0x40...0x7E trails: Big5/GBK/Shift_JIS, never EUC
        var eucKana = 0  // 0xA4/0xA5 leads: EUC-JP hiragana/katakana
        var hangulLeads = 0  // 0xB0...0xC8: EUC-KR Hangul syllables (and GB2312 level 1)
        var highLeads = 0  // 0xC9...0xF7: GB2312 beyond Hangul's rows
        var orphans = 0  // high bytes that cannot start a pair: single-byte text
        var single = [Int](repeating: 0, count: 128)
        var letters = 0
        var i = 0
        let n = p.count
        while i < n {
            let b = p[i]
            if b < 0x80 {
                if (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A { letters += 1 }
                i += 1
                continue
            }
            single[Int(b - 0x80)] += 1
            guard i + 1 < n, p[i + 1] >= 0x40, p[i + 1] != 0x7F else {
                orphans += 1
                i += 1
                continue
            }
            do {
                let t = p[i + 1]
                pairs += 1
                if b <= 0x9F { lowLeads += 1 }
                if b == 0x82 || b == 0x83 { sjisKana += 1 }
                if t < 0x7F { lowTrails += 1 }
                if b == 0xA4 || b == 0xA5 { eucKana += 1 }
                if b >= 0xB0 && b <= 0xC8 { hangulLeads += 1 }
                if b >= 0xC9 && b <= 0xF7 { highLeads += 1 }
                if t >= 0x80 { single[Int(t - 0x80)] += 1 }
            }
            i += 2
        }
        let high = single.reduce(0, +)
        guard high > 0 else { return "windows-1252" }

        // Multi-byte text: high bytes come in pairs (words of single-byte scripts leave odd ones
        // before spaces and markup), and the result decodes without error.
        func decodes(_ label: String) -> Bool {
            guard let (_, bad) = IconvConverter.decode(p, from: label) else { return false }
            return !bad
        }
        if pairs >= 2, orphans * 10 < pairs {
            var candidates: [String] = []
            if lowLeads > 0 {
                candidates =
                    sjisKana * 4 >= lowLeads ? ["shift_jis", "gb18030", "big5"] : ["gb18030", "shift_jis", "big5"]
            } else if lowTrails * 10 > pairs {
                candidates = ["big5", "gb18030"]
            } else if eucKana * 5 > pairs {
                candidates = ["euc-jp", "gb18030"]
            } else if hangulLeads > 0, highLeads * 10 < hangulLeads {
                candidates = ["euc-kr", "gb18030"]
            } else {
                candidates = ["gb18030", "big5", "euc-kr"]
            }
            for label in candidates where decodes(label) { return label }
        }

        // Single-byte scripts: when high bytes are most of the letters, the text is not Latin.
        guard high * 2 > letters else { return "windows-1252" }
        func count(_ range: ClosedRange<Int>) -> Int { range.reduce(0) { $0 + single[$1 - 0x80] } }
        let c0df = count(0xC0...0xDF), e0ff = count(0xE0...0xFF), a1cf = count(0xA1...0xCF)
        if e0ff * 20 >= high * 19, count(0xE0...0xFA) == e0ff, c0df == 0 { return "windows-1255" }
        if a1cf * 2 > high, count(0xD0...0xEF) > 0, c0df + e0ff < high { return "windows-874" }
        if c0df + e0ff > high / 2 { return e0ff >= c0df ? "windows-1251" : "koi8-r" }
        return "windows-1252"
    }
}
