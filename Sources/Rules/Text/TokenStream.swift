/// One token of a tokenized field, pointing into the stream's key bytes and the original text.
struct TokenInfo: Sendable {
    /// Range of the normalized key in `TokenStream.keys`.
    var keyStart: Int32
    var keyEnd: Int32
    /// Range in the original text, in unicode scalars.
    var scalarStart: Int32
    var scalarEnd: Int32
    /// Range in the original text, in UTF-8 bytes.
    var utf8Start: Int32
    var utf8End: Int32
    /// `TokenInfo.hangul` / `TokenInfo.noSpace`.
    var flags: UInt8

    static let hangul: UInt8 = 1
    static let noSpace: UInt8 = 2

    /// Whether `next` is written right after this token, with nothing between (or comes from the same
    /// character: `㌔` gives キ and ロ).
    @inline(__always)
    func touches(_ next: TokenInfo) -> Bool {
        scalarEnd == next.scalarStart || scalarStart == next.scalarStart
    }
}

/// The normalized tokens of one text: all keys in one byte buffer, plus token records.
struct TokenStream: Sendable {
    /// The original text, kept for hit texts and `raw:` checks.
    var text: String
    var keys: [UInt8] = []
    var tokens: [TokenInfo] = []

    init(_ text: String) {
        self.text = text
        Tokenizer.tokenize(text, into: &self)
    }

    /// An empty stream, to which several texts can be tokenized one after another
    /// (`Tokenizer.tokenize(_:into:)`); `text` stays empty then.
    init() {
        text = ""
    }

    /// The normalized key of token `i`.
    func key(_ i: Int) -> String {
        let t = tokens[i]
        return String(decoding: keys[Int(t.keyStart)..<Int(t.keyEnd)], as: UTF8.self)
    }

    /// The original text of tokens `first...last`.
    func original(from first: Int, through last: Int) -> String {
        text.utf8Slice(Int(tokens[first].utf8Start), Int(tokens[last].utf8End))
    }
}
