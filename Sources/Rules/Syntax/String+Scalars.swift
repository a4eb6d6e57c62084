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
