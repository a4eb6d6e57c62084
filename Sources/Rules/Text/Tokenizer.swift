/// Splits text into normalized word tokens (SPEC §5), working on UTF-8 bytes.
///
/// Words are maximal runs of letters, digits and marks (a simplified form of the Unicode word
/// boundaries: every punctuation character, hyphen and symbol separates). Apostrophes separate,
/// and an `s` right after an apostrophe that follows a word (a possessive or `it's`) is dropped.
/// Characters of scripts written without spaces are one token each (with their marks), so that
/// a rule's sequence of them matches as a substring.
enum Tokenizer {
    static func tokenize(_ text: String, into stream: inout TokenStream) {
        var text = text
        ScalarKind.bmp.withUnsafeBufferPointer { kinds in
        Folding.table.withUnsafeBufferPointer { fold in
        text.withUTF8 { buf in
            var state = State()
            var i = 0
            let n = buf.count
            stream.keys.reserveCapacity(stream.keys.count + n)
            stream.tokens.reserveCapacity(stream.tokens.count + n / 5)
            while i < n {
                // Between words, a stretch of plain ASCII (no apostrophe) is tokenized in bulk.
                if !state.inToken && !state.previousWasApostropheAfterWord && buf[i] < 0x80 && buf[i] != 0x27 {
                    let resume = asciiRun(buf, from: i, scalarIndex: state.scalarIndex, kinds: kinds, into: &stream)
                    if resume > i {
                        state.scalarIndex += resume - i
                        i = resume
                        continue
                    }
                }
                // Fast paths for ASCII: a run of letters and digits inside a word of a spaced
                // script is copied and lower-cased in bulk; a run of separators is skipped.
                let c0 = buf[i]
                if c0 < 0x80 {
                    let kind = kinds[Int(c0)]
                    if kind == ScalarKind.word.rawValue && !(state.inToken && state.noSpace) {
                        if !state.inToken { state.start(at: i, noSpace: false, stream: stream) }
                        var j = i + 1
                        while j < n, buf[j] < 0x80, kinds[Int(buf[j])] == ScalarKind.word.rawValue { j += 1 }
                        let from = stream.keys.count
                        stream.keys.append(contentsOf: UnsafeBufferPointer(rebasing: buf[i..<j]))
                        stream.keys.withUnsafeMutableBufferPointer { keys in
                            for k in from..<keys.count where keys[k] >= 0x41 && keys[k] <= 0x5A { keys[k] += 0x20 }
                        }
                        state.lastCCC = 0
                        state.previousWasApostropheAfterWord = false
                        state.scalarIndex += j - i
                        i = j
                        continue
                    }
                    if kind == ScalarKind.separator.rawValue {
                        if state.inToken { state.finish(at: i, buf: buf, into: &stream) }
                        var j = i + 1
                        while j < n, buf[j] < 0x80, kinds[Int(buf[j])] == ScalarKind.separator.rawValue { j += 1 }
                        state.previousWasApostropheAfterWord = false
                        state.scalarIndex += j - i
                        i = j
                        continue
                    }
                }
                // Decode one scalar (the buffer is valid UTF-8).
                let b0 = UInt32(buf[i])
                var v: UInt32
                var len: Int
                if b0 < 0x80 {
                    v = b0
                    len = 1
                } else if b0 < 0xE0 {
                    v = (b0 & 0x1F) << 6 | UInt32(buf[i + 1] & 0x3F)
                    len = 2
                } else if b0 < 0xF0 {
                    v = (b0 & 0x0F) << 12 | UInt32(buf[i + 1] & 0x3F) << 6 | UInt32(buf[i + 2] & 0x3F)
                    len = 3
                } else {
                    v = (b0 & 0x07) << 18 | UInt32(buf[i + 1] & 0x3F) << 12 | UInt32(buf[i + 2] & 0x3F) << 6
                        | UInt32(buf[i + 3] & 0x3F)
                    len = 4
                }
                let kind = v < 0x10000 ? ScalarKind(rawValue: kinds[Int(v)]) ?? .separator : ScalarKind.nonASCII(v)
                var apostropheAfterWord = false
                switch kind {
                case .word:
                    if state.inToken && state.noSpace { state.finish(at: i, buf: buf, into: &stream) }
                    if !state.inToken { state.start(at: i, noSpace: false, stream: stream) }
                    state.append(v, fold: fold, stream: &stream)
                case .noSpace:
                    if state.inToken { state.finish(at: i, buf: buf, into: &stream) }
                    state.start(at: i, noSpace: true, stream: stream)
                    state.append(v, fold: fold, stream: &stream)
                case .mark:
                    if state.inToken { state.appendMark(v, fold: fold, stream: &stream) }
                case .ignorable:
                    break
                case .apostrophe:
                    if state.inToken {
                        state.finish(at: i, buf: buf, into: &stream)
                        apostropheAfterWord = true
                    }
                case .separator:
                    if state.inToken { state.finish(at: i, buf: buf, into: &stream) }
                }
                state.previousWasApostropheAfterWord = apostropheAfterWord
                i += len
                state.scalarIndex += 1
            }
            if state.inToken { state.finish(at: n, buf: buf, into: &stream) }
        }
        }
        }
    }

    /// How many bytes `asciiRun` looks at, at most (it reserves key space for all of them).
    private static let asciiWindow = 512

    /// Tokenizes plain ASCII from `i` (not inside a word, no possessive pending): words of
    /// letters and digits, lower-cased, separated by anything else. Stops before a non-ASCII byte
    /// or an apostrophe, and before a word that may go on past them (or past the window), which
    /// the general loop then takes. Returns where the general loop resumes.
    @inline(__always)
    private static func asciiRun(
        _ buf: UnsafeBufferPointer<UInt8>, from i: Int, scalarIndex: Int, kinds: UnsafeBufferPointer<UInt8>,
        into stream: inout TokenStream
    ) -> Int {
        let n = buf.count
        let limit = min(n, i + asciiWindow)
        let keyBase = stream.keys.count
        stream.keys.append(contentsOf: repeatElement(0, count: limit - i))
        var tokens = stream.tokens
        stream.tokens = []
        let word = ScalarKind.word.rawValue
        var resume = i
        var out = keyBase
        stream.keys.withUnsafeMutableBufferPointer { keys in
            var j = i
            while true {
                while j < limit {
                    let b = buf[j]
                    if b >= 0x80 || b == 0x27 || kinds[Int(b)] == word { break }
                    j += 1
                }
                if j == limit || buf[j] >= 0x80 || buf[j] == 0x27 {
                    resume = j
                    return
                }
                let wordStart = j
                let keyStart = out
                while j < limit {
                    let b = buf[j]
                    guard b < 0x80, kinds[Int(b)] == word else { break }
                    keys[out] = b &- 0x41 < 26 ? b | 0x20 : b
                    out += 1
                    j += 1
                }
                if j == limit ? limit < n : (buf[j] >= 0x80 || buf[j] == 0x27) {
                    // The word may go on: the general loop takes it from its start.
                    out = keyStart
                    resume = wordStart
                    return
                }
                tokens.append(
                    TokenInfo(
                        keyStart: Int32(keyStart), keyEnd: Int32(out),
                        scalarStart: Int32(scalarIndex + wordStart - i), scalarEnd: Int32(scalarIndex + j - i),
                        utf8Start: Int32(wordStart), utf8End: Int32(j), flags: 0))
            }
        }
        stream.tokens = tokens
        stream.keys.removeLast(keyBase + (limit - i) - out)
        return resume
    }

    private struct State {
        var inToken = false
        var noSpace = false
        var slow = false
        var hangul = false
        var afterApostrophe = false
        var previousWasApostropheAfterWord = false
        var lastCCC: UInt8 = 0
        var utf8Start = 0
        var scalarStart = 0
        var scalarIndex = 0
        var keyStart = 0

        mutating func start(at i: Int, noSpace: Bool, stream: TokenStream) {
            inToken = true
            self.noSpace = noSpace
            slow = false
            hangul = false
            lastCCC = 0
            afterApostrophe = previousWasApostropheAfterWord
            utf8Start = i
            scalarStart = scalarIndex
            keyStart = stream.keys.count
        }

        @inline(__always)
        mutating func append(_ v: UInt32, fold: UnsafeBufferPointer<UInt32>, stream: inout TokenStream) {
            lastCCC = 0
            if v < 0x80 {
                // ASCII letters and digits only reach here.
                stream.keys.append(UInt8(v >= 0x41 && v <= 0x5A ? v + 0x20 : v))
                return
            }
            if ScalarKind.isHangul(v) { hangul = true }
            if slow { return }
            let mapped = v < 0x10000 ? fold[Int(v)] : 0
            if mapped == 0 {
                slow = true
            } else {
                appendUTF8(mapped, to: &stream.keys)
            }
        }

        mutating func appendMark(_ v: UInt32, fold: UnsafeBufferPointer<UInt32>, stream: inout TokenStream) {
            if slow { return }
            guard v < 0x10000, fold[Int(v)] != 0, let scalar = Unicode.Scalar(v) else {
                slow = true
                return
            }
            let ccc = scalar.properties.canonicalCombiningClass.rawValue
            if ccc != 0 && ccc < lastCCC {
                slow = true  // would be reordered by normalization
                return
            }
            lastCCC = ccc
            appendUTF8(v, to: &stream.keys)
        }

        mutating func finish(at i: Int, buf: UnsafeBufferPointer<UInt8>, into stream: inout TokenStream) {
            inToken = false
            let flags = (hangul ? TokenInfo.hangul : 0) | (noSpace ? TokenInfo.noSpace : 0)
            let firstToken = stream.tokens.count
            func push(_ keyStart: Int) {
                stream.tokens.append(
                    TokenInfo(
                        keyStart: Int32(keyStart), keyEnd: Int32(stream.keys.count),
                        scalarStart: Int32(scalarStart), scalarEnd: Int32(scalarIndex),
                        utf8Start: Int32(utf8Start), utf8End: Int32(i), flags: flags))
            }
            if slow {
                stream.keys.removeSubrange(keyStart...)
                let original = String(decoding: UnsafeBufferPointer(rebasing: buf[utf8Start..<i]), as: UTF8.self)
                for piece in Folding.slowPieces(original) {
                    let start = stream.keys.count
                    stream.keys.append(contentsOf: piece.utf8)
                    push(start)
                }
            } else if stream.keys.count > keyStart {
                push(keyStart)
            }
            // A possessive (or contracted) `s` after an apostrophe does not count as a word.
            if afterApostrophe, stream.tokens.count == firstToken + 1 {
                let t = stream.tokens[firstToken]
                if t.keyEnd == t.keyStart + 1, stream.keys[Int(t.keyStart)] == 0x73 {
                    stream.tokens.removeLast()
                    stream.keys.removeSubrange(Int(t.keyStart)...)
                }
            }
        }
    }

    @inline(__always)
    static func appendUTF8(_ v: UInt32, to bytes: inout [UInt8]) {
        if v < 0x80 {
            bytes.append(UInt8(v))
        } else if v < 0x800 {
            bytes.append(UInt8(0xC0 | (v >> 6)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            bytes.append(UInt8(0xE0 | (v >> 12)))
            bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            bytes.append(UInt8(0xF0 | (v >> 18)))
            bytes.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            bytes.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            bytes.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}
