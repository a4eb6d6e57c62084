/// A run of consecutive tokens in one field instance that satisfied a pattern or a NEAR.
/// `start` and `end` index the context's token stream (all instances one after another).
struct Span: Sendable, Hashable {
    var instance: Int32
    var start: Int32
    /// Last token (inclusive).
    var end: Int32
    /// The leaf that produced it, or -1 for a pattern or NEAR span.
    var leaf: Int32

    func contains(_ other: Span) -> Bool {
        instance == other.instance && start <= other.start && other.end <= end
    }

    /// Whether `x` and `y` are within `n` words of each other (`x` first when `ordered`).
    @inline(__always)
    static func near(_ x: Span, _ y: Span, _ n: Int32, ordered: Bool) -> Bool {
        guard x.instance == y.instance else { return false }
        if x.end < y.start { return y.start - x.end - 1 <= n }
        if y.end < x.start { return !ordered && x.start - y.end - 1 <= n }
        return false
    }
}
