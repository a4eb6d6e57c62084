/// A word of normalized text and where it came from.
public struct NormalizedToken: Sendable, Hashable, CustomStringConvertible {
    /// The normalized form (NFKC, case- and diacritic-folded).
    public var key: String
    /// Unicode-scalar offset of the word in the original text.
    public var offset: Int
    /// Length of the word in the original text, in unicode scalars.
    public var length: Int
    /// The word contains Hangul: a rule word of Hangul matches at the start of a word.
    public var isHangul: Bool
    /// A character of a script written without spaces (Han, Kana, Thai …), a token on its own.
    public var isNoSpaceScript: Bool

    public var description: String { key }
}

/// The text normalization of README "How text is matched", shared by rules and articles.
public enum TextNormalizer {
    /// The normalized words of `text`, in order.
    public static func tokens(_ text: String) -> [NormalizedToken] {
        let stream = TokenStream(text)
        return stream.tokens.indices.map { i in
            let t = stream.tokens[i]
            return NormalizedToken(
                key: stream.key(i), offset: Int(t.scalarStart), length: Int(t.scalarEnd - t.scalarStart),
                isHangul: t.flags & TokenInfo.hangul != 0, isNoSpaceScript: t.flags & TokenInfo.noSpace != 0)
        }
    }

    /// The normalized words of `text` joined by single spaces (handy for tests and tools).
    public static func normalize(_ text: String) -> String {
        tokens(text).map(\.key).joined(separator: " ")
    }
}
