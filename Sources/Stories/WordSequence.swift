import Rules

/// The hashes of the normalized words of a title and a text, with the paragraph of each word.
///
/// The words and their normalization are those of README "How text is matched" (`TextNormalizer`):
/// letters are folded with the tokenizer's own tables (`ScalarKind`, `Folding`) and hashed straight
/// from the UTF-8 bytes; a word that needs more (NFKC through Foundation, a symbol, marks out of order)
/// sends the stretch around it (from the separator before it to an ASCII separator after it) through
/// the tokenizer itself (`WordKeys`), which gives the same words there as on the whole text. No String
/// is made per word.
struct WordSequence {
    /// The hash of each word's normalized bytes (`0..<count`; the rest is room).
    private(set) var hashes: [UInt64] = []
    /// For each word: its paragraph << 1, | 1 for a character of a script written without spaces.
    private(set) var marks: [UInt32] = []
    /// The number of words.
    private(set) var count = 0
    /// The current paragraph: each line of a text is one; each text starts a new one.
    private(set) var paragraph: UInt32 = 0
    private var keys: WordKeys?

    init(capacity: Int) {
        reserve(capacity)
    }

    /// The words' hashes.
    var wordHashes: ArraySlice<UInt64> { hashes[..<count] }
    /// The words' paragraphs and scripts (see `marks`).
    var wordMarks: ArraySlice<UInt32> { marks[..<count] }

    /// Appends the words of `text`; its lines are paragraphs.
    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { walk($0) }
        paragraph += 1
    }

    /// Makes room for `room` more words (not zeroed: only `0..<count` is read).
    private mutating func reserve(_ room: Int) {
        let size = count + room
        guard size > hashes.count else { return }
        let newSize = max(size, 2 * hashes.count)
        hashes = Self.grown(hashes, to: newSize, keeping: count)
        marks = Self.grown(marks, to: newSize, keeping: count)
    }

    private static func grown<T: BitwiseCopyable>(_ old: [T], to size: Int, keeping kept: Int) -> [T] {
        [T](unsafeUninitializedCapacity: size) { buffer, initialized in
            old.withUnsafeBufferPointer { old in
                guard let from = old.baseAddress, let to = buffer.baseAddress else { return }
                to.initialize(from: from, count: kept)
            }
            // The rest holds whatever the allocator gave: plain integers, overwritten before being read.
            initialized = size
        }
    }

    @inline(__always)
    private static func isWordByte(_ b: UInt8) -> Bool {
        (b | 0x20) &- 0x61 < 26 || b &- 0x30 < 10
    }

    /// The number of ASCII letters and digits `x` starts with (its bytes in memory order), 8 if all are.
    @inline(__always)
    private static func asciiWordLength(_ x: UInt64) -> Int {
        let high: UInt64 = 0x8080_8080_8080_8080
        // Per byte, on the low seven bits (no carry crosses bytes): letters after folding case, digits.
        let x7 = x & 0x7F7F_7F7F_7F7F_7F7F
        let lower = x7 | 0x2020_2020_2020_2020
        let letter = (lower &+ 0x1F1F_1F1F_1F1F_1F1F) & ~(lower &+ 0x0505_0505_0505_0505)
        let digit = (x7 &+ 0x5050_5050_5050_5050) & ~(x7 &+ 0x4646_4646_4646_4646)
        let word = (letter | digit) & ~x & high
        return (~word & high).trailingZeroBitCount >> 3
    }

    /// The first `length` (at most 8) bytes of `x`, ASCII letters and digits, lower-cased.
    @inline(__always)
    private static func lowerCased(_ x: UInt64, length: Int) -> UInt64 {
        let mask: UInt64 = (1 << (8 * UInt64(length))) &- 1
        // Setting 0x20 lower-cases a letter and leaves a digit as it is.
        return (x | 0x2020_2020_2020_2020) & mask
    }

    /// The state of the word being read.
    private struct Word {
        var hash = StoryHash.Word()
        var inWord = false
        var noSpace = false
        var afterApostrophe = false
        /// The last letter was Cyrillic (on which some diacritics stay), as in the tokenizer.
        var cyrillicBase = false
        /// The combining class of the last mark (marks out of canonical order take the slow path).
        var lastCCC: UInt8 = 0

        @inline(__always)
        mutating func start(noSpace: Bool, afterApostrophe: Bool) {
            self = Word()
            inWord = true
            self.noSpace = noSpace
            self.afterApostrophe = afterApostrophe
        }

        /// Adds a scalar as UTF-8.
        @inline(__always)
        mutating func add(scalar v: UInt32) {
            if v < 0x80 {
                hash.add(UInt8(v))
            } else if v < 0x800 {
                hash.add(UInt8(0xC0 | (v >> 6)))
                hash.add(UInt8(0x80 | (v & 0x3F)))
            } else if v < 0x10000 {
                hash.add(UInt8(0xE0 | (v >> 12)))
                hash.add(UInt8(0x80 | ((v >> 6) & 0x3F)))
                hash.add(UInt8(0x80 | (v & 0x3F)))
            } else {
                hash.add(UInt8(0xF0 | (v >> 18)))
                hash.add(UInt8(0x80 | ((v >> 12) & 0x3F)))
                hash.add(UInt8(0x80 | ((v >> 6) & 0x3F)))
                hash.add(UInt8(0x80 | (v & 0x3F)))
            }
        }

        /// Adds a letter, folded by `Folding.table`; false if it needs the tokenizer's slow path.
        @inline(__always)
        mutating func add(letter v: UInt32, fold: UnsafeBufferPointer<UInt32>) -> Bool {
            lastCCC = 0
            cyrillicBase = Folding.isCyrillic(v)
            let mapped = v < 0x10000 ? fold[Int(v)] : 0
            if mapped == 0 || mapped == Folding.drop || mapped == Folding.dropUnlessCyrillic { return false }
            if Folding.isExpansion(mapped) {
                for b in Folding.expansionBytes(mapped) { hash.add(b) }
            } else {
                add(scalar: mapped)
            }
            return true
        }

        /// Adds a mark; false if it needs the tokenizer's slow path.
        @inline(__always)
        mutating func add(mark v: UInt32, fold: UnsafeBufferPointer<UInt32>) -> Bool {
            let mapped = v < 0x10000 ? fold[Int(v)] : 0
            if mapped == Folding.drop || (mapped == Folding.dropUnlessCyrillic && !cyrillicBase) { return true }
            guard mapped == v, let scalar = Unicode.Scalar(v) else { return false }
            let ccc = scalar.properties.canonicalCombiningClass.rawValue
            if ccc != 0 && ccc < lastCCC { return false }
            lastCCC = ccc
            add(scalar: v)
            return true
        }
    }

    private mutating func walk(_ buf: UnsafeBufferPointer<UInt8>) {
        var i = 0
        while i < buf.count {
            // A word takes at least two bytes, or one and a separator (an ASCII letter before a letter of a
            // script without spaces, three bytes): the fast path writes through pointers into room made here.
            reserve((buf.count - i) / 2 + 2)
            var hashes = self.hashes
            var marks = self.marks
            self.hashes = []
            self.marks = []
            var count = self.count
            var paragraph = self.paragraph
            let slow = ScalarKind.bmp.withUnsafeBufferPointer { kinds in
                Folding.table.withUnsafeBufferPointer { fold in
                    hashes.withUnsafeMutableBufferPointer { hashes in
                        marks.withUnsafeMutableBufferPointer { marks in
                            Self.fastWalk(
                                buf, from: i, kinds: kinds, fold: fold, hashes: hashes, marks: marks, count: &count,
                                paragraph: &paragraph)
                        }
                    }
                }
            }
            self.hashes = hashes
            self.marks = marks
            self.count = count
            self.paragraph = paragraph
            guard let (start, at, words) = slow else { return }
            // A word that needs the slow path: the stretch around it goes to the tokenizer.
            self.count = words
            let end = Self.regionEnd(buf, from: at)
            slowRegion(UnsafeBufferPointer(rebasing: buf[start..<end]))
            i = end
        }
    }

    /// The words of `buf`, as the tokenizer finds them (README "How text is matched"): ASCII and the
    /// letters and marks that `Folding.table` folds one by one are hashed here; a word that needs more
    /// (NFKC through Foundation, a symbol, marks out of order) sends the stretch around it to the tokenizer.
    /// Returns nil at the end of `buf`, else where the stretch that needs the tokenizer starts, the
    /// scalar that needs it and the number of words before the stretch.
    private static func fastWalk(
        _ buf: UnsafeBufferPointer<UInt8>, from first: Int, kinds: UnsafeBufferPointer<UInt8>,
        fold: UnsafeBufferPointer<UInt32>, hashes: UnsafeMutableBufferPointer<UInt64>,
        marks: UnsafeMutableBufferPointer<UInt32>, count: inout Int, paragraph: inout UInt32
    ) -> (start: Int, at: Int, words: Int)? {
        let n = buf.count
        var i = first
        let wordKind = ScalarKind.word.rawValue
        let noSpaceKind = ScalarKind.noSpace.rawValue
        let markKind = ScalarKind.mark.rawValue
        let ignorableKind = ScalarKind.ignorable.rawValue
        let apostropheKind = ScalarKind.apostrophe.rawValue
        let separatorKind = ScalarKind.separator.rawValue
        // Where the tokenizer may start again with the same result (after a separator), and how many
        // words there were then: a word that needs the slow path gives back the words since.
        var chunkStart = first
        var chunkWords = count
        var word = Word()
        var apostropheAfterWord = false
        /// Ends a word; a lone `s` after an apostrophe that follows a word (a possessive, `it's`) is not
        /// a word, as in the tokenizer.
        @inline(__always)
        func finish(_ word: Word) {
            if word.afterApostrophe && word.hash.isLoneS { return }
            hashes[count] = word.hash.finish()
            marks[count] = paragraph << 1 | (word.noSpace ? 1 : 0)
            count += 1
        }
        while i < n {
            let b = buf[i]
            if b < 0x80 {
                if Self.isWordByte(b) {
                    if word.inWord && word.noSpace {
                        finish(word)
                        word.inWord = false
                    }
                    if !word.inWord, let base = buf.baseAddress {
                        // Eight bytes at once: a word of ASCII letters and digits ended by an ASCII
                        // separator other than the apostrophe is hashed a block at a time, without a loop
                        // per byte (else, or too near the end, the loop below takes the word).
                        var hash = StoryHash.Word()
                        var p = i
                        var done = false
                        while p + 8 <= n {
                            let x = UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self).littleEndian
                            let length = Self.asciiWordLength(x)
                            if length == 8 {
                                hash.add(block: Self.lowerCased(x, length: 8))
                                p += 8
                                continue
                            }
                            let next = UInt8(truncatingIfNeeded: x >> (8 * UInt64(length)))
                            guard next < 0x80 && next != 0x27 else { break }
                            hash.add(last: Self.lowerCased(x, length: length), count: length)
                            if !(apostropheAfterWord && hash.isLoneS) {
                                hashes[count] = hash.finish()
                                marks[count] = paragraph << 1
                                count += 1
                            }
                            apostropheAfterWord = false
                            p += length
                            done = true
                            break
                        }
                        if done {
                            i = p
                            continue
                        }
                    }
                    if !word.inWord || word.noSpace {
                        word.start(noSpace: false, afterApostrophe: apostropheAfterWord)
                    }
                    // A run of ASCII letters and digits, lower-cased.
                    var j = i
                    repeat {
                        let c = buf[j]
                        word.hash.add(c | (c &- 0x41 < 26 ? 0x20 : 0))
                        j += 1
                    } while j < n && Self.isWordByte(buf[j])
                    word.lastCCC = 0
                    word.cyrillicBase = false
                    apostropheAfterWord = false
                    i = j
                    continue
                } else {
                    let wasInWord = word.inWord
                    if wasInWord {
                        finish(word)
                        word.inWord = false
                    }
                    if b == 0x27 {
                        apostropheAfterWord = wasInWord
                    } else {
                        apostropheAfterWord = false
                        chunkStart = i + 1
                        chunkWords = count
                        if b == 0x0A { paragraph += 1 }
                    }
                }
                i += 1
                continue
            }
            // Decode one scalar (the text is valid UTF-8).
            let (v, len) = UTF8Scalar.decode(buf, at: i)
            let kind = v < 0x10000 ? kinds[Int(v)] : ScalarKind.nonASCII(v).rawValue
            var fast = true
            var apostrophe = false
            switch kind {
            case wordKind:
                if word.inWord && word.noSpace { finish(word) }
                if !word.inWord || word.noSpace { word.start(noSpace: false, afterApostrophe: apostropheAfterWord) }
                fast = word.add(letter: v, fold: fold)
            case noSpaceKind:
                if word.inWord { finish(word) }
                word.start(noSpace: true, afterApostrophe: apostropheAfterWord)
                fast = word.add(letter: v, fold: fold)
            case markKind:
                if word.inWord { fast = word.add(mark: v, fold: fold) }
            case ignorableKind:
                break
            case apostropheKind:
                if word.inWord {
                    finish(word)
                    word.inWord = false
                    apostrophe = true
                }
            case separatorKind:
                if word.inWord {
                    finish(word)
                    word.inWord = false
                }
                chunkStart = i + len
                chunkWords = count
            default:  // a symbol, spelled by its NFKC form
                fast = false
            }
            if !fast { return (chunkStart, i, chunkWords) }
            apostropheAfterWord = apostrophe
            i += len
        }
        if word.inWord { finish(word) }
        return nil
    }

    /// Where a stretch with non-ASCII characters ends: at the first ASCII separator (not an
    /// apostrophe) that is a newline or comes 24 bytes after the last non-ASCII byte, or at the end.
    private static func regionEnd(_ buf: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var j = start
        var lastNonASCII = start
        while j < buf.count {
            let b = buf[j]
            if b >= 0x80 {
                lastNonASCII = j
            } else if !isWordByte(b) && b != 0x27 && (b == 0x0A || j - lastNonASCII >= 24) {
                break
            }
            j += 1
        }
        return j
    }

    private mutating func slowRegion(_ region: UnsafeBufferPointer<UInt8>) {
        var keys = self.keys ?? WordKeys()
        self.keys = nil
        let mark = paragraph << 1
        keys.forEach(inUTF8: region) { key, noSpace in
            var word = StoryHash.Word()
            for b in key { word.add(b) }
            if count == hashes.count { reserve(16) }
            hashes[count] = word.finish()
            marks[count] = mark | (noSpace ? 1 : 0)
            count += 1
        }
        self.keys = keys
    }
}
