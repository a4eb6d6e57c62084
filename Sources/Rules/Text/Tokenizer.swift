/// Splits text into normalized word tokens (README, "How text is matched"), working on UTF-8 bytes.
///
/// Words are maximal runs of letters, digits and marks (a simplified form of the Unicode word
/// boundaries: every punctuation character, hyphen and symbol separates). Apostrophes separate,
/// and an `s` right after an apostrophe that follows a word (a possessive or `it's`) is dropped.
/// Characters of scripts written without spaces are one token each (with their marks), so that
/// a rule's sequence of them matches as a substring.
enum Tokenizer {
    static func tokenize(_ text: String, into stream: inout TokenStream) {
        var text = text
        text.withUTF8 { buf in tokenize(utf8: buf, into: &stream) }
    }

    /// Tokenizes valid UTF-8 (a whole text, or a part of one that starts and ends at an ASCII
    /// separator: such a part gives the tokens the whole text has there).
    static func tokenize(utf8 buf: UnsafeBufferPointer<UInt8>, into stream: inout TokenStream) {
        // Keys are at most twice as long as the text (a folded scalar takes at most twice
        // the bytes), except where the slow path expands a character (NFKC of U+FDFA is 18
        // characters): then the text is tokenized again with more room.
        var room = 2 * buf.count + 16
        while !tokenize(buf, room: room, into: &stream) { room *= 4 }
    }

    /// Tokenizes `buf` with `room` bytes reserved for its keys, written through a pointer.
    /// Returns false, with `stream` as it was, if the keys needed more room.
    private static func tokenize(_ buf: UnsafeBufferPointer<UInt8>, room: Int, into stream: inout TokenStream) -> Bool {
        let keyBase = stream.keys.count
        let tokenBase = stream.tokens.count
        stream.keys.append(contentsOf: repeatElement(0, count: room))
        var tokens = stream.tokens
        stream.tokens = []
        let wanted = tokenBase + buf.count / 4 + 16
        if tokens.capacity < wanted { tokens.reserveCapacity(max(wanted, 2 * tokens.capacity)) }
        var out = keyBase
        let ok = ScalarKind.bmp.withUnsafeBufferPointer { kinds in
            Folding.table.withUnsafeBufferPointer { fold in
                stream.keys.withUnsafeMutableBufferPointer { keyBuffer -> Bool in
                    guard let keyPointer = keyBuffer.baseAddress else { return buf.isEmpty }
                    var w = KeyWriter(keys: keyPointer, out: keyBase, end: keyBase + room)
                    var state = State()
                    var i = 0
                    let n = buf.count
                    while i < n {
                        // Between words, a stretch of plain ASCII (no apostrophe) is tokenized in bulk.
                        if !state.inToken && !state.previousWasApostropheAfterWord && buf[i] < 0x80 && buf[i] != 0x27 {
                            let resume = asciiRun(
                                buf, from: i, scalarIndex: state.scalarIndex, kinds: kinds, keys: &w, tokens: &tokens)
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
                                if !state.inToken { state.start(at: i, noSpace: false, keys: w) }
                                var j = i
                                repeat {
                                    w.keys[w.out] = Self.lower(buf[j])
                                    w.out += 1
                                    j += 1
                                } while j < n && buf[j] < 0x80 && kinds[Int(buf[j])] == ScalarKind.word.rawValue
                                state.lastCCC = 0
                                state.cyrillicBase = false
                                state.previousWasApostropheAfterWord = false
                                state.scalarIndex += j - i
                                i = j
                                continue
                            }
                            if kind == ScalarKind.separator.rawValue {
                                if state.inToken && !state.finish(at: i, buf: buf, keys: &w, tokens: &tokens) {
                                    return false
                                }
                                var j = i + 1
                                while j < n, buf[j] < 0x80, kinds[Int(buf[j])] == ScalarKind.separator.rawValue {
                                    j += 1
                                }
                                state.previousWasApostropheAfterWord = false
                                state.scalarIndex += j - i
                                i = j
                                continue
                            }
                        }
                        // Decode one scalar (the buffer is valid UTF-8).
                        let (v, len) = UTF8Scalar.decode(buf, at: i)
                        let kind =
                            v < 0x10000 ? ScalarKind(rawValue: kinds[Int(v)]) ?? .separator : ScalarKind.nonASCII(v)
                        var apostropheAfterWord = false
                        switch kind {
                        case .word:
                            if state.inToken && state.noSpace
                                && !state.finish(at: i, buf: buf, keys: &w, tokens: &tokens)
                            {
                                return false
                            }
                            if !state.inToken { state.start(at: i, noSpace: false, keys: w) }
                            state.append(v, fold: fold, keys: &w)
                        case .noSpace:
                            if state.inToken && !state.finish(at: i, buf: buf, keys: &w, tokens: &tokens) {
                                return false
                            }
                            state.start(at: i, noSpace: true, keys: w)
                            state.append(v, fold: fold, keys: &w)
                        case .mark:
                            if state.inToken { state.appendMark(v, fold: fold, keys: &w) }
                        case .ignorable:
                            break
                        case .apostrophe:
                            if state.inToken {
                                if !state.finish(at: i, buf: buf, keys: &w, tokens: &tokens) { return false }
                                apostropheAfterWord = true
                            }
                        case .separator:
                            if state.inToken && !state.finish(at: i, buf: buf, keys: &w, tokens: &tokens) {
                                return false
                            }
                        case .symbol:
                            // A word of its own, spelled by its NFKC form (the slow path).
                            if state.inToken && !state.finish(at: i, buf: buf, keys: &w, tokens: &tokens) {
                                return false
                            }
                            state.start(at: i, noSpace: false, keys: w)
                            state.slow = true
                            state.symbol = true
                            state.scalarIndex += 1
                            if !state.finish(at: i + len, buf: buf, keys: &w, tokens: &tokens) { return false }
                            state.scalarIndex -= 1
                        }
                        state.previousWasApostropheAfterWord = apostropheAfterWord
                        i += len
                        state.scalarIndex += 1
                    }
                    if state.inToken && !state.finish(at: n, buf: buf, keys: &w, tokens: &tokens) { return false }
                    out = w.out
                    return true
                }
            }
        }
        if ok {
            stream.keys.removeLast(keyBase + room - out)
        } else {
            stream.keys.removeLast(room)
            tokens.removeLast(tokens.count - tokenBase)
        }
        stream.tokens = tokens
        return ok
    }

    @inline(__always)
    private static func lower(_ b: UInt8) -> UInt8 {
        b &- 0x41 < 26 ? b | 0x20 : b
    }

    /// Where the keys of one text are written: `keys[out..<end]` is free.
    private struct KeyWriter {
        let keys: UnsafeMutablePointer<UInt8>
        var out: Int
        let end: Int

        /// Appends a scalar as UTF-8; the caller knows there is room (the fast paths write at
        /// most twice the bytes they read).
        @inline(__always)
        mutating func append(scalar v: UInt32) {
            assert(end - out >= 4, "key room exceeded on the fast path")
            if v < 0x80 {
                keys[out] = UInt8(v)
                out += 1
            } else if v < 0x800 {
                keys[out] = UInt8(0xC0 | (v >> 6))
                keys[out + 1] = UInt8(0x80 | (v & 0x3F))
                out += 2
            } else if v < 0x10000 {
                keys[out] = UInt8(0xE0 | (v >> 12))
                keys[out + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
                keys[out + 2] = UInt8(0x80 | (v & 0x3F))
                out += 3
            } else {
                keys[out] = UInt8(0xF0 | (v >> 18))
                keys[out + 1] = UInt8(0x80 | ((v >> 12) & 0x3F))
                keys[out + 2] = UInt8(0x80 | ((v >> 6) & 0x3F))
                keys[out + 3] = UInt8(0x80 | (v & 0x3F))
                out += 4
            }
        }

        /// Appends bytes; false if they do not fit (only the slow path's can exceed the room).
        mutating func append<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
            guard end - out >= bytes.count else { return false }
            for b in bytes {
                keys[out] = b
                out += 1
            }
            return true
        }
    }

    /// Tokenizes plain ASCII from `i` (not inside a word, no possessive pending): words of
    /// letters and digits, lower-cased, separated by anything else. Stops before a non-ASCII byte
    /// or an apostrophe, and before a word that may go on past them, which the general loop then
    /// takes. Returns where the general loop resumes.
    @inline(__always)
    private static func asciiRun(
        _ buf: UnsafeBufferPointer<UInt8>, from i: Int, scalarIndex: Int, kinds: UnsafeBufferPointer<UInt8>,
        keys w: inout KeyWriter, tokens: inout [TokenInfo]
    ) -> Int {
        let n = buf.count
        let word = ScalarKind.word.rawValue
        let keys = w.keys
        var out = w.out
        defer { w.out = out }
        var j = i
        while true {
            while j < n {
                let b = buf[j]
                if b >= 0x80 || b == 0x27 || kinds[Int(b)] == word { break }
                j += 1
            }
            if j == n || buf[j] >= 0x80 || buf[j] == 0x27 { return j }
            let wordStart = j
            let keyStart = out
            while j < n {
                let b = buf[j]
                guard b < 0x80, kinds[Int(b)] == word else { break }
                keys[out] = lower(b)
                out += 1
                j += 1
            }
            if j < n && (buf[j] >= 0x80 || buf[j] == 0x27) {
                // The word may go on: the general loop takes it from its start.
                out = keyStart
                return wordStart
            }
            tokens.append(
                TokenInfo(
                    keyStart: Int32(keyStart), keyEnd: Int32(out),
                    scalarStart: Int32(scalarIndex + wordStart - i), scalarEnd: Int32(scalarIndex + j - i),
                    utf8Start: Int32(wordStart), utf8End: Int32(j), flags: 0))
        }
    }

    private struct State {
        var inToken = false
        var noSpace = false
        var slow = false
        /// The token is one symbol (`ScalarKind.symbol`): its NFKC form may hold letters of scripts
        /// without spaces (`㌔` is キロ), which become tokens of their own.
        var symbol = false
        var hangul = false
        var afterApostrophe = false
        var previousWasApostropheAfterWord = false
        var lastCCC: UInt8 = 0
        /// Whether the last letter was Cyrillic (where some diacritics stay).
        var cyrillicBase = false
        var utf8Start = 0
        var scalarStart = 0
        var scalarIndex = 0
        var keyStart = 0

        mutating func start(at i: Int, noSpace: Bool, keys: KeyWriter) {
            inToken = true
            self.noSpace = noSpace
            slow = false
            symbol = false
            hangul = false
            lastCCC = 0
            cyrillicBase = false
            afterApostrophe = previousWasApostropheAfterWord
            utf8Start = i
            scalarStart = scalarIndex
            keyStart = keys.out
        }

        @inline(__always)
        mutating func append(_ v: UInt32, fold: UnsafeBufferPointer<UInt32>, keys: inout KeyWriter) {
            lastCCC = 0
            if v < 0x80 {
                // ASCII letters and digits only reach here.
                keys.append(scalar: UInt32(Tokenizer.lower(UInt8(v))))
                return
            }
            if ScalarKind.isHangul(v) { hangul = true }
            cyrillicBase = Folding.isCyrillic(v)
            if slow { return }
            let mapped = v < 0x10000 ? fold[Int(v)] : 0
            if mapped == 0 {
                slow = true
            } else if Folding.isExpansion(mapped) {
                // At most twice the letter's bytes (the table keeps no longer expansion).
                _ = keys.append(Folding.expansionBytes(mapped))
            } else {
                keys.append(scalar: mapped)
            }
        }

        mutating func appendMark(_ v: UInt32, fold: UnsafeBufferPointer<UInt32>, keys: inout KeyWriter) {
            if slow { return }
            let mapped = v < 0x10000 ? fold[Int(v)] : 0
            // A diacritic that folding removes: dropped (it composes with nothing that stays).
            if mapped == Folding.drop || (mapped == Folding.dropUnlessCyrillic && !cyrillicBase) { return }
            guard mapped == v, let scalar = Unicode.Scalar(v) else {
                slow = true
                return
            }
            let ccc = scalar.properties.canonicalCombiningClass.rawValue
            if ccc != 0 && ccc < lastCCC {
                slow = true  // would be reordered by normalization
                return
            }
            lastCCC = ccc
            keys.append(scalar: v)
        }

        /// Ends the current token; false if the slow path ran out of key room.
        mutating func finish(
            at i: Int, buf: UnsafeBufferPointer<UInt8>, keys: inout KeyWriter, tokens: inout [TokenInfo]
        ) -> Bool {
            inToken = false
            let flags = (hangul ? TokenInfo.hangul : 0) | (noSpace ? TokenInfo.noSpace : 0)
            let firstToken = tokens.count
            func push(_ keyStart: Int, _ keyEnd: Int, flags: UInt8 = flags) {
                tokens.append(
                    TokenInfo(
                        keyStart: Int32(keyStart), keyEnd: Int32(keyEnd),
                        scalarStart: Int32(scalarStart), scalarEnd: Int32(scalarIndex),
                        utf8Start: Int32(utf8Start), utf8End: Int32(i), flags: flags))
            }
            if slow {
                keys.out = keyStart
                let original = String(decoding: UnsafeBufferPointer(rebasing: buf[utf8Start..<i]), as: UTF8.self)
                for piece in Folding.slowPieces(original) {
                    if symbol {
                        // Runs of spaced letters, and each letter of a script without spaces alone.
                        var run = String.UnicodeScalarView()
                        var runNoSpace = false
                        func flush() -> Bool {
                            if run.isEmpty { return true }
                            let start = keys.out
                            guard keys.append(String(run).utf8) else { return false }
                            let hangul = run.contains { ScalarKind.isHangul($0.value) }
                            push(
                                start, keys.out,
                                flags: (hangul ? TokenInfo.hangul : 0) | (runNoSpace ? TokenInfo.noSpace : 0))
                            run = String.UnicodeScalarView()
                            return true
                        }
                        for u in piece.unicodeScalars {
                            let kind = ScalarKind.of(u.value)
                            if kind == .noSpace || (kind == .word && runNoSpace) {
                                guard flush() else { return false }
                                runNoSpace = kind == .noSpace
                            }
                            run.append(u)
                        }
                        guard flush() else { return false }
                        continue
                    }
                    let start = keys.out
                    guard keys.append(piece.utf8) else { return false }
                    push(start, keys.out)
                }
                // The fast path writes up to twice the bytes it reads without checking the room: a
                // slow-path expansion (NFKC of U+FDFA is 33 bytes) must leave that much for the rest.
                guard keys.end - keys.out >= 2 * (buf.count - i) + 16 else { return false }
            } else if keys.out > keyStart {
                push(keyStart, keys.out)
            }
            // A possessive (or contracted) `s` after an apostrophe does not count as a word.
            if afterApostrophe, tokens.count == firstToken + 1 {
                let t = tokens[firstToken]
                if t.keyEnd == t.keyStart + 1, keys.keys[Int(t.keyStart)] == 0x73 {
                    tokens.removeLast()
                    keys.out = Int(t.keyStart)
                }
            }
            return true
        }
    }
}
