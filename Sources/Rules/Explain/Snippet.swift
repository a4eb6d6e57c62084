/// Short excerpts of an article around the hits, with the hits marked in brackets:
/// `...considering supplying Ukraine with [lethal aid] if the situation...`
public enum Snippet {
    /// The excerpt of `text` around `hits` (offsets are unicode-scalar offsets into `text`;
    /// pass only the hits of that field). Whitespace runs become one space; words are not cut.
    /// Hits far apart give up to `maxClusters` excerpts joined by ` ... `.
    public static func make(_ text: String, hits: [Hit], radius: Int = 80, maxClusters: Int = 3) -> String {
        let scalars = Array(text.unicodeScalars)
        let n = scalars.count
        var ranges: [(Int, Int)] = hits.compactMap { hit in
            let start = max(0, min(hit.offset, n))
            let end = max(start, min(n, hit.offset + hit.text.unicodeScalars.count))
            return end > start ? (start, end) : nil
        }
        ranges.sort { $0 < $1 }
        var merged: [(Int, Int)] = []
        for r in ranges {
            if let last = merged.last, r.0 <= last.1 {
                merged[merged.count - 1].1 = max(last.1, r.1)
            } else {
                merged.append(r)
            }
        }
        let radius = max(0, radius)
        guard !merged.isEmpty else {
            let to = wordEnd(scalars, from: min(n, 2 * radius), notBefore: 0)
            let body = render(scalars, 0, to, marks: [])
            return to < n ? body + "..." : body
        }
        var clusters: [[(Int, Int)]] = []
        for r in merged {
            if let last = clusters.last?.last, r.0 - last.1 <= 2 * radius {
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
