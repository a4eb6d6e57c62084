/// Levenshtein distance and "did you mean" suggestions: the one implementation behind the hints for
/// misspelt config keys, feed ids and actor ids.
public enum EditDistance {
    /// The edit distance between `a` and `b`, or `limit + 1` as soon as it must exceed `limit`.
    public static func distance<T: Equatable>(_ a: [T], _ b: [T], limit: Int = .max) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        if limit < Int.max, abs(a.count - b.count) > limit { return limit + 1 }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The candidate closest to `word` (compared case-insensitively, by Unicode scalars) within
    /// `limit` edits; ties go to the first in sorted order. nil when none is close enough.
    public static func closest(to word: String, in candidates: some Sequence<String>, limit: Int) -> String? {
        let target = Array(word.lowercased().unicodeScalars)
        var best: (distance: Int, candidate: String)?
        for candidate in candidates.sorted() {
            let d = distance(target, Array(candidate.lowercased().unicodeScalars), limit: limit)
            if d <= limit, d < (best?.distance ?? Int.max) { best = (d, candidate) }
        }
        return best?.candidate
    }
}
