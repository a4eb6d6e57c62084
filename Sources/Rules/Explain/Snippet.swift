/// Short excerpts of an article around the hits, with the hits marked in brackets:
/// `...considering supplying Ukraine with [lethal aid] if the situation...`
public enum Snippet {
    /// The excerpt of `text` around `hits` (offsets are unicode-scalar offsets into `text`;
    /// pass only the hits of that field). Whitespace runs become one space; words are not cut.
    /// Hits far apart give up to `maxClusters` excerpts joined by ` ... `.
    ///
    /// The length is bounded whatever the text and hits: an excerpt spans at most
    /// `maxClusterSpan(radius)` characters of hits plus `radius` on each side, and a hit is marked
    /// over at most `maxMarkedHit` characters (with the defaults, under 4,000 characters in all).
    public static func make(_ text: String, hits: [Hit], radius: Int = 80, maxClusters: Int = 3) -> String {
        let scalars = Array(text.unicodeScalars)
        let n = scalars.count
        let radius = max(0, radius)
        var ranges: [(Int, Int)] = hits.compactMap { hit in
            let start = max(0, min(hit.offset, n))
            let length = min(hit.text.unicodeScalars.count, maxMarkedHit)
            let end = max(start, min(n, hit.offset + length))
            return end > start ? (start, end) : nil
        }
        ranges.sort { $0 < $1 }
        var merged: [(Int, Int)] = []
        for r in ranges {
            if let last = merged.last, r.0 <= last.1 {
                // Overlapping hits are marked as one, up to `maxMarkedHit`; then a new mark starts.
                if r.1 - last.0 <= maxMarkedHit {
                    merged[merged.count - 1].1 = max(last.1, r.1)
                } else if r.1 > last.1 {
                    merged.append((last.1, r.1))
                }
            } else {
                merged.append(r)
            }
        }
        guard !merged.isEmpty else {
            let to = wordEnd(scalars, from: min(n, 2 * radius), notBefore: 0)
            let body = render(scalars, 0, to, marks: [])
            return to < n ? body + "..." : body
        }
        var clusters: [[(Int, Int)]] = []
        let maxSpan = maxClusterSpan(radius)
        for r in merged {
            // Hits close together share an excerpt, up to a span (else a text with a hit every
            // few words would be one excerpt as long as the text).
            if let last = clusters.last?.last, let head = clusters.last?.first, r.0 - last.1 <= 2 * radius,
                r.1 - head.0 <= maxSpan
            {
                clusters[clusters.count - 1].append(r)
            } else {
                clusters.append([r])
            }
        }
        var pieces: [String] = []
        var firstFrom = 0
        var lastTo = n
        for (i, cluster) in clusters.prefix(max(1, maxClusters)).enumerated() {
            let first = cluster[0].0
            let last = cluster[cluster.count - 1].1
            let from = wordStart(scalars, from: max(0, first - radius), notAfter: first)
            let to = wordEnd(scalars, from: min(n, last + radius), notBefore: last)
            if i == 0 { firstFrom = from }
            lastTo = to
            pieces.append(render(scalars, from, to, marks: cluster))
        }
        return (firstFrom > 0 ? "..." : "") + pieces.joined(separator: " ... ") + (lastTo < n ? "..." : "")
    }

    /// A hit longer than this (a long phrase of long words) is marked over its first characters only.
    public static let maxMarkedHit = 200

    /// The longest stretch of text, from its first hit to its last, that one excerpt covers.
    public static func maxClusterSpan(_ radius: Int) -> Int {
        max(4 * radius, maxMarkedHit)
    }

    /// The excerpt for a rule match on a document: around the body hits, else the title hits,
    /// else the start of the body.
    public static func make(for document: Document, hits: [Hit], radius: Int = 80) -> String {
        let body = hits.filter { $0.field == .text }
        if !body.isEmpty { return make(document.text, hits: body, radius: radius) }
        let title = hits.filter { $0.field == .title }
        if !title.isEmpty { return make(document.title, hits: title, radius: radius) }
        return make(document.text, hits: [], radius: radius)
    }

    /// Moves `i` forward to the start of a word, but not past `limit`.
    private static func wordStart(_ s: [Unicode.Scalar], from i: Int, notAfter limit: Int) -> Int {
        var i = i
        if i == 0 { return 0 }
        while i < limit && !s[i - 1].isSpace { i += 1 }
        return i
    }

    /// Moves `i` back to the end of a word, but not before `limit`.
    private static func wordEnd(_ s: [Unicode.Scalar], from i: Int, notBefore limit: Int) -> Int {
        var i = i
        if i >= s.count { return s.count }
        while i > limit && !s[i].isSpace { i -= 1 }
        return i
    }

    private static func render(_ s: [Unicode.Scalar], _ from: Int, _ to: Int, marks: [(Int, Int)]) -> String {
        var out = String.UnicodeScalarView()
        var m = 0
        var pendingSpace = false
        for i in from..<to {
            if m < marks.count, marks[m].0 == i {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append("[")
            }
            let c = s[i]
            if c.isSpace {
                pendingSpace = true
            } else {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(c)
            }
            if m < marks.count, marks[m].1 == i + 1 {
                out.append("]")
                m += 1
            }
        }
        return String(out)
    }
}
