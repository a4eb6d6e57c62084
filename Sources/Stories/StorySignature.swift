/// What an article's words look like, small enough to keep for every article of the story window:
/// whether two articles are one story is decided on two signatures alone (Benchmarks/README, "Stories").
///
/// The words are those of README "How text is matched" (case, width and diacritics folded). A shingle
/// is three consecutive words of one paragraph (five characters of a script written without spaces);
/// title and text are shingled apart. The signature keeps
/// - `minima`: the `k` smallest distinct shingle hashes of title and text (a bottom-k MinHash sketch),
///   ascending, which estimate resemblance (Jaccard) and containment (the lowest bit of a hash is set
///   for a shingle of the title or of a paragraph of fewer than 12 words, which containment leaves out);
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

    /// The signature of an article: its title and its plain text (lines are paragraphs).
    public init(title: String, text: String) {
        var words = WordSequence(capacity: (title.utf8.count + text.utf8.count) / 5 + 8)
        words.append(title)
        let bodyStart = words.hashes.count
        words.append(text)
        var shingles: [UInt32] = []
        var lead: [UInt32] = []
        shingles.reserveCapacity(words.hashes.count)
        words.hashes.withUnsafeBufferPointer { hashes in
            words.marks.withUnsafeBufferPointer { marks in
                let leadRange = Self.leadRange(marks, bodyStart: bodyStart)
                var start = 0
                while start < marks.count {
                    let paragraph = marks[start] >> 1
                    var end = start
                    var weight = 0
                    while end < marks.count && marks[end] >> 1 == paragraph {
                        weight += Self.weight(marks[end])
                        end += 1
                    }
                    // The lowest bit tells the shingles of the title and of short paragraphs (bylines,
                    // credits, links) from those of the text proper.
                    let minor: UInt32 = start < bodyStart || weight < Self.substantialWeight ? 1 : 0
                    let first = shingles.count
                    for p in start..<end {
                        let width = marks[p] & 1 != 0 ? 5 : 3
                        guard p + width <= end else { continue }
                        let h = StoryHash.shingle(hashes, from: p, width: width) & ~1 | minor
                        shingles.append(h)
                        if leadRange.contains(p) { lead.append(h) }
                    }
                    if shingles.count == first {
                        // A paragraph shorter than a shingle is one.
                        let h = StoryHash.shingle(hashes, from: start, width: end - start) & ~1 | minor
                        shingles.append(h)
                        if leadRange.contains(start) { lead.append(h) }
                    }
                    start = end
                }
            }
        }
        let minima = Self.smallest(shingles, count: Self.k)
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
        var start = bodyStart
        var fallback: Range<Int>?
        while start < marks.count {
            let paragraph = marks[start] >> 1
            var end = start
            var weight = 0
            while end < marks.count && marks[end] >> 1 == paragraph {
                weight += Self.weight(marks[end])
                end += 1
            }
            let capped = start..<min(end, start + (marks[start] & 1 != 0 ? 96 : 48))
            if weight >= substantialWeight { return capped }
            if fallback == nil { fallback = capped }
            start = end
        }
        return fallback ?? bodyStart..<bodyStart
    }

    /// The `count` smallest distinct values, ascending. Hashes are uniform, so a first pass keeps
    /// those under a bound that about twice `count` of them are expected under, and only those are sorted.
    static func smallest(_ values: [UInt32], count: Int) -> [UInt32] {
        if values.count <= 2 * count {
            var all = values
            all.sort()
            return Array(unique(&all).prefix(count))
        }
        var bound = UInt64(UInt32.max) * UInt64(2 * count) / UInt64(values.count)
        while true {
            var kept: [UInt32] = []
            kept.reserveCapacity(3 * count)
            for v in values where UInt64(v) <= bound { kept.append(v) }
            kept.sort()
            let distinct = unique(&kept)
            if distinct.count >= count || bound >= UInt64(UInt32.max) {
                return Array(distinct.prefix(count))
            }
            bound = min(UInt64(UInt32.max), bound * 2)
        }
    }

    /// Removes repeated values from a sorted array.
    private static func unique(_ sorted: inout [UInt32]) -> [UInt32] {
        guard !sorted.isEmpty else { return sorted }
        var out = 1
        for i in 1..<sorted.count where sorted[i] != sorted[out - 1] {
            sorted[out] = sorted[i]
            out += 1
        }
        sorted.removeLast(sorted.count - out)
        return sorted
    }

    /// Whether there is too little text to compare (see `minimumSize`).
    public var isThin: Bool { size < Self.minimumSize }
}
