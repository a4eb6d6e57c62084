extension String {
    /// A string from unicode scalars, built through UTF-8 (much cheaper than appending to a
    /// `String.UnicodeScalarView` one scalar at a time).
    init<S: Sequence>(scalars: S) where S.Element == Unicode.Scalar {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.underestimatedCount)
        for scalar in scalars {
            UTF8.encode(scalar) { bytes.append($0) }
        }
        self = String(decoding: bytes, as: UTF8.self)
    }
}

extension String {
    /// Whether every UTF-8 byte satisfies `test`, read from contiguous storage (the generic
    /// `utf8.allSatisfy` decodes a small string byte by byte, at a few hundred instructions
    /// per call in the rule compiler).
    @inline(__always)
    func utf8AllSatisfy(_ test: (UInt8) -> Bool) -> Bool {
        if let result = utf8.withContiguousStorageIfAvailable({ $0.allSatisfy(test) }) { return result }
        return utf8.allSatisfy(test)
    }

    /// Whether some UTF-8 byte is `byte` (read like `utf8AllSatisfy`).
    @inline(__always)
    func utf8Contains(_ byte: UInt8) -> Bool {
        !utf8AllSatisfy { $0 != byte }
    }

    /// Bytes `a..<b` of the UTF-8 (on scalar boundaries, so valid UTF-8 on their own).
    func utf8Slice(_ a: Int, _ b: Int) -> String {
        if let copied = utf8.withContiguousStorageIfAvailable({
            String(decoding: UnsafeBufferPointer(rebasing: $0[a..<b]), as: UTF8.self)
        }) {
            return copied
        }
        let start = utf8.index(utf8.startIndex, offsetBy: a)
        let end = utf8.index(utf8.startIndex, offsetBy: b)
        return String(self[start..<end])
    }

    /// Whether UTF-8 bytes `a..<b` of this string equal bytes `c..<d` of `other`.
    func utf8Slice(_ a: Int, _ b: Int, equals other: String, _ c: Int, _ d: Int) -> Bool {
        guard b - a == d - c else { return false }
        return utf8.dropFirst(a).prefix(b - a).elementsEqual(other.utf8.dropFirst(c).prefix(d - c))
    }

    /// Whether the text is one or more ASCII letters and digits.
    var isASCIIAlphanumericWord: Bool {
        !isEmpty && utf8AllSatisfy(ExpressionChecker.isASCIIAlphanumeric)
    }
}

extension Unicode.Scalar {
    /// Unicode White_Space (the whole property, listed: asking the stdlib's property tables
    /// for every character of every rule is slow).
    var isSpace: Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}
