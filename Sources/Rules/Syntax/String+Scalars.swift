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
