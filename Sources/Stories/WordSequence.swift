import Rules

/// The hashes of the normalized words of a title and a text, with the paragraph of each word.
///
/// The words and their normalization are those of README "How text is matched" (`TextNormalizer`):
/// plain ASCII is lower-cased and hashed straight from the UTF-8 bytes; a stretch with any other
/// character (from the ASCII separator before it to one after it) goes through the Rules tokenizer
/// (`WordKeys`), which gives the same words there as on the whole text. No String is made per word.
struct WordSequence {
    /// The hash of each word's normalized bytes.
    var hashes: [UInt64] = []
    /// For each word: its paragraph << 1, | 1 for a character of a script written without spaces.
    var marks: [UInt32] = []
    /// The current paragraph: each line of a text is one; each text starts a new one.
    private(set) var paragraph: UInt32 = 0
    private var keys: WordKeys?

    init(capacity: Int) {
        hashes.reserveCapacity(capacity)
        marks.reserveCapacity(capacity)
    }

    /// Appends the words of `text`; its lines are paragraphs.
    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { walk($0) }
        paragraph += 1
    }

    @inline(__always)
    private static func isWordByte(_ b: UInt8) -> Bool {
        (b | 0x20) &- 0x61 < 26 || b &- 0x30 < 10
    }

    private mutating func walk(_ buf: UnsafeBufferPointer<UInt8>) {
        let n = buf.count
        var i = 0
        // The ASCII words of the current chunk (since the last ASCII separator other than an
        // apostrophe) are given back when a non-ASCII byte turns up in it.
        var chunkStart = 0
        var chunkWords = hashes.count
        var inWord = false
        var word = StoryHash.Word()
        var wordAfterApostrophe = false
        var apostropheAfterWord = false
        while i < n {
            let b = buf[i]
            if b >= 0x80 {
                hashes.removeSubrange(chunkWords...)
                marks.removeSubrange(chunkWords...)
                let end = Self.regionEnd(buf, from: i)
                slowRegion(UnsafeBufferPointer(rebasing: buf[chunkStart..<end]))
                i = end
                chunkStart = end
                chunkWords = hashes.count
                inWord = false
                apostropheAfterWord = false
                continue
            }
            if Self.isWordByte(b) {
                if !inWord {
                    inWord = true
                    word = StoryHash.Word()
                    wordAfterApostrophe = apostropheAfterWord
                }
                word.add(b | (b &- 0x41 < 26 ? 0x20 : 0))
                apostropheAfterWord = false
            } else {
                if inWord { finish(word, afterApostrophe: wordAfterApostrophe) }
                if b == 0x27 {
                    apostropheAfterWord = inWord
                } else {
                    apostropheAfterWord = false
                    chunkStart = i + 1
                    chunkWords = hashes.count
                    if b == 0x0A { paragraph += 1 }
                }
                inWord = false
            }
            i += 1
        }
        if inWord { finish(word, afterApostrophe: wordAfterApostrophe) }
    }

    /// A word of the fast path; a lone `s` after an apostrophe that follows a word (a possessive, `it's`)
    /// is not a word, as in the tokenizer.
    @inline(__always)
    private mutating func finish(_ word: StoryHash.Word, afterApostrophe: Bool) {
        if afterApostrophe && word.count == 1 && word.first == 0x73 { return }
        hashes.append(word.finish())
        marks.append(paragraph << 1)
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
            hashes.append(word.finish())
            marks.append(mark | (noSpace ? 1 : 0))
        }
        self.keys = keys
    }
}
