/// The bound on the size of one rule's expression, checked on the bytes before anything is lexed
/// or parsed: a rule of millions of terms would otherwise take minutes and gigabytes to load
/// (every term becomes tokens, tree nodes, patterns and program leaves first).
enum ExpressionSize {
    /// Words in one `match:` expression (each word of a phrase counts; operators, parentheses and
    /// field names do not). Generous for a watch list written out in a rule (thousands of names),
    /// small enough that the parse, checks and compile of one rule stay in milliseconds and
    /// megabytes. Long lists of names belong in actors (each name is parsed apart).
    static let maxWords = 10_000

    /// The diagnostic message for an expression over the limit.
    static let message =
        "this match expression has more than \(maxWords) words, the limit for one rule: split it into several rules, "
        + "or put the names in an actor (`actors:`) and write @actor"

    /// The UTF-8 offset of the first word beyond `maxWords`, or nil when the expression is within
    /// the limit. Reads no further than that word.
    static func firstWordBeyondLimit(_ text: String) -> Int? {
        var words = 0
        var runStart = -1
        var offset = 0
        // The run being read, as far as needed to tell an operator (`AND`, `NEAR/5`) from a word.
        var head: UInt64 = 0
        var headLength = 0
        var lastByte: UInt8 = 0
        /// Ends the run being read; its start when it is the first word over the limit.
        func endRun() -> Int? {
            defer { runStart = -1 }
            guard runStart >= 0, !isOperator(head, headLength), lastByte != UInt8(ascii: ":") else { return nil }
            words += 1
            return words > maxWords ? runStart : nil
        }
        for b in text.utf8 {
            switch b {
            case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\""):
                if runStart >= 0, let start = endRun() { return start }
            default:
                if runStart < 0 {
                    runStart = offset
                    head = 0
                    headLength = 0
                }
                if headLength < 6 {
                    head = head << 8 | UInt64(b)
                }
                headLength += 1
                lastByte = b
            }
            offset += 1
        }
        if runStart >= 0, let start = endRun() { return start }
        return nil
    }

    /// Whether a run whose first bytes are `head` (up to 6, big-endian) and whose length is
    /// `length` is an operator: `AND`, `OR`, `NOT`, `NEAR/n`, `ONEAR/n`.
    private static func isOperator(_ head: UInt64, _ length: Int) -> Bool {
        func word(_ s: StaticString) -> UInt64 {
            var v: UInt64 = 0
            for i in 0..<s.utf8CodeUnitCount { v = v << 8 | UInt64(s.utf8Start[i]) }
            return v
        }
        switch length {
        case 2: return head == word("OR")
        case 3: return head == word("AND") || head == word("NOT")
        default:
            // NEAR/n: the first 5 bytes of the head (of 6 kept when the run is longer).
            let kept = min(length, 6)
            return (kept >= 5 && head >> (8 * UInt64(kept - 5)) == word("NEAR/"))
                || (kept >= 6 && head == word("ONEAR/"))
        }
    }
}
