/// What an article's words look like, small enough to keep for every article of the story window:
/// whether two articles are one story is decided on two signatures alone (Benchmarks/README, "Stories").
///
/// The words are those of README "How text is matched" (case, width and diacritics folded). A shingle
/// is three consecutive words of one paragraph (five characters of a script written without spaces);
/// title and text are shingled apart. The signature keeps
/// - `minima`: the `k` smallest distinct shingle hashes of title and text (a bottom-k MinHash sketch),
///   ascending, which estimate resemblance (Jaccard) and containment (the lowest bit of a hash is set
///   for a shingle of the title or of a paragraph of fewer than 12 words, the next bit for one of the
///   last 30% of the text: containment leaves both out of the shorter text, comparisons ignore them);
/// - `lead`: the `leadK` smallest shingle hashes of the lead (the first paragraph of the text with at
///   least 12 words, its first 48 words), which tell a republication (the same lead, paragraphs cut
///   further down) from a follow-up (a new lead, the earlier story quoted below it);
/// - `size`: how many distinct shingles there are (exact below `k`, estimated above).
public struct StorySignature: Sendable, Hashable {
    /// Shingle hashes kept for resemblance.
    public static let k = 128
    /// Shingle hashes kept of the lead.
    public static let leadK = 32
    /// Fewer distinct shingles than this (a headline, a line of text) resemble nothing: too little
    /// text to tell a story from another that shares its words.
    public static let minimumSize = 20

    let minima: [UInt32]
    let lead: [UInt32]
    /// The number of distinct shingles (estimated when there are more than `k`).
    public let size: Int

    init(minima: [UInt32], lead: [UInt32], size: Int) {
        self.minima = minima
        self.lead = lead
        self.size = size
    }

    /// The signature of an article: its title and its plain text. Lines are paragraphs (`Articles` keeps
    /// them apart with blank lines); a text without line breaks, such as a feed's summary, is one.
    public init(title: String, text: String) {
        var words = WordSequence(capacity: (title.utf8.count + text.utf8.count) / 2 + 4)
        words.append(title)
        let bodyStart = words.count
        words.append(text)
        // About as many shingles as words, with uniform hashes: those under a bound that about 1.5 k of
        // them fall under are kept, and the bound raised in the rare case of fewer than k distinct.
        let count = words.count
        var bound =
            count <= 2 * Self.k ? UInt64(UInt32.max) : UInt64(UInt32.max) * UInt64(3 * Self.k / 2) / UInt64(count)
        var kept: [UInt32] = []
        var lead: [UInt32] = []
        while true {
            kept.removeAll(keepingCapacity: true)
            lead.removeAll(keepingCapacity: true)
            words.wordHashes.withUnsafeBufferPointer { hashes in
                words.wordMarks.withUnsafeBufferPointer { marks in
                    Self.shingle(
                        hashes: hashes, marks: marks, bodyStart: bodyStart, bound: bound, into: &kept, lead: &lead)
                }
            }
            Self.sortUniform(&kept, bound: bound)
            Self.unique(&kept)
            if kept.count >= Self.k || bound >= UInt64(UInt32.max) { break }
            bound = min(UInt64(UInt32.max), bound * 2)
        }
        let minima = Array(kept.prefix(Self.k))
        self.minima = minima
        self.lead = Self.smallest(lead, count: Self.leadK)
        if minima.count < Self.k {
            size = minima.count
        } else {
            // The k-th smallest of n uniform hashes is about k / n of the range.
            let last = Double(minima[minima.count - 1]) + 1
            size = max(Self.k, Int((Double(Self.k - 1) * 4_294_967_296 / last).rounded()))
        }
    }

    /// The shingles of the words, paragraph by paragraph: those not above `bound` go to `kept`; those
    /// of the lead go to `lead`.
    private static func shingle(
        hashes: UnsafeBufferPointer<UInt64>, marks: UnsafeBufferPointer<UInt32>, bodyStart: Int, bound: UInt64,
        into kept: inout [UInt32], lead: inout [UInt32]
    ) {
        let leadRange = Self.leadRange(marks, bodyStart: bodyStart)
        // The words of the text proper, and where its last 30% start.
        var properWords = 0
        forEachParagraph(marks, from: bodyStart) { start, end, weight in
            if weight >= Self.substantialWeight { properWords += end - start }
            return true
        }
        let tailStart = properWords - properWords * 3 / 10
        var position = 0
        forEachParagraph(marks, from: 0) { start, end, weight in
            // The lowest bit tells the shingles of the title and of short paragraphs (bylines,
            // credits, links) from those of the text proper; the next one, those of the last 30% of the
            // text proper (where outlets cut and add). Comparisons leave both out (`StorySignature.key`).
            let minor: UInt32 = start < bodyStart || weight < Self.substantialWeight ? 1 : 0
            var any = false
            for p in start..<end {
                let width = marks[p] & 1 != 0 ? 5 : 3
                guard p + width <= end else { continue }
                any = true
                let tail: UInt32 = minor == 0 && position + p - start >= tailStart ? 2 : 0
                let h = StoryHash.shingle(hashes, from: p, width: width) & ~3 | minor | tail
                if UInt64(h) <= bound { kept.append(h) }
                if leadRange.contains(p) { lead.append(h) }
            }
            if !any {
                // A paragraph shorter than a shingle is one.
                let h = StoryHash.shingle(hashes, from: start, width: end - start) & ~3 | minor
                if UInt64(h) <= bound { kept.append(h) }
                if leadRange.contains(start) { lead.append(h) }
            }
            if minor == 0 { position += end - start }
            return true
        }
    }

    /// Calls `body` with each paragraph of words from `first` on (its words and their weight) until it
    /// returns false.
    @inline(__always)
    private static func forEachParagraph(
        _ marks: UnsafeBufferPointer<UInt32>, from first: Int, _ body: (Int, Int, Int) -> Bool
    ) {
        var start = first
        while start < marks.count {
            let paragraph = marks[start] >> 1
            var end = start
            var weight = 0
            while end < marks.count && marks[end] >> 1 == paragraph {
                weight += Self.weight(marks[end])
                end += 1
            }
            if !body(start, end, weight) { return }
            start = end
        }
    }

    /// Sorts values spread about evenly over `0...bound`: each into its bucket, then an insertion sort
    /// of the nearly sorted whole.
    static func sortUniform(_ values: inout [UInt32], bound: UInt64) {
        let n = values.count
        guard n > 1 else { return }
        if n > 32 {
            var starts = [Int](repeating: 0, count: n + 1)
            let scale = UInt64(n)
            let divisor = bound + 1
            for v in values { starts[Int(min(UInt64(v) * scale / divisor, scale - 1)) + 1] += 1 }
            for b in 1...n { starts[b] += starts[b - 1] }
            var sorted = [UInt32](repeating: 0, count: n)
            for v in values {
                let b = Int(min(UInt64(v) * scale / divisor, scale - 1))
                sorted[starts[b]] = v
                starts[b] += 1
            }
            values = sorted
        }
        values.withUnsafeMutableBufferPointer { a in
            for i in 1..<a.count {
                let v = a[i]
                var j = i
                while j > 0 && a[j - 1] > v {
                    a[j] = a[j - 1]
                    j -= 1
                }
                a[j] = v
            }
        }
    }

    /// A paragraph of at least 12 words (24 characters of scripts without spaces) is text proper; a
    /// shorter one may be a byline, a credit or a link that outlets add.
    static let substantialWeight = 24

    @inline(__always)
    private static func weight(_ mark: UInt32) -> Int {
        mark & 1 != 0 ? 1 : 2
    }

    /// The words whose shingles make the lead: the first 48 words of the first paragraph of the text
    /// with at least 12 words (24 characters of scripts without spaces), else of its first paragraph.
    private static func leadRange(_ marks: UnsafeBufferPointer<UInt32>, bodyStart: Int) -> Range<Int> {
        var found: Range<Int>?
        var fallback: Range<Int>?
        forEachParagraph(marks, from: bodyStart) { start, end, weight in
            let capped = start..<min(end, start + (marks[start] & 1 != 0 ? 96 : 48))
            if weight >= substantialWeight {
                found = capped
                return false
            }
            if fallback == nil { fallback = capped }
            return true
        }
        return found ?? fallback ?? bodyStart..<bodyStart
    }

    /// The `count` smallest distinct values, ascending.
    static func smallest(_ values: [UInt32], count: Int) -> [UInt32] {
        var all = values
        sortUniform(&all, bound: UInt64(UInt32.max))
        unique(&all)
        return Array(all.prefix(count))
    }

    /// Removes repeated values from a sorted array.
    private static func unique(_ sorted: inout [UInt32]) {
        guard !sorted.isEmpty else { return }
        var out = 1
        for i in 1..<sorted.count where sorted[i] != sorted[out - 1] {
            sorted[out] = sorted[i]
            out += 1
        }
        sorted.removeLast(sorted.count - out)
    }

    /// Whether there is too little text to compare (see `minimumSize`).
    public var isThin: Bool { size < Self.minimumSize }
}
