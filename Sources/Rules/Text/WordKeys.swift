/// The normalized words of UTF-8 text as key bytes (README "How text is matched"), for callers that
/// hash words and want no String per word (the story signatures of `Stories`). Keeps its buffers from
/// one call to the next; a value, not shared between tasks.
public struct WordKeys: Sendable {
    private var stream = TokenStream()

    public init() {}

    /// Calls `body` with the normalized key of each word of `utf8` (valid UTF-8) in order, and
    /// whether the word is a character of a script written without spaces. `utf8` is a whole text or
    /// a part of one that starts and ends at an ASCII separator (a space, a newline, punctuation other
    /// than the apostrophe): the words are then those `TextNormalizer.tokens` finds there in the whole
    /// text. The key's buffer is valid only during the call.
    public mutating func forEach(
        inUTF8 utf8: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, _ isNoSpaceScript: Bool) -> Void
    ) {
        stream.keys.removeAll(keepingCapacity: true)
        stream.tokens.removeAll(keepingCapacity: true)
        Tokenizer.tokenize(utf8: utf8, into: &stream)
        stream.keys.withUnsafeBufferPointer { keys in
            guard let base = keys.baseAddress else { return }
            for t in stream.tokens {
                body(
                    UnsafeBufferPointer(start: base + Int(t.keyStart), count: Int(t.keyEnd - t.keyStart)),
                    t.flags & TokenInfo.noSpace != 0)
            }
        }
    }
}
