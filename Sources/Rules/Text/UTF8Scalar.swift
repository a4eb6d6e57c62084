/// Decoding of one scalar of valid UTF-8, shared by the tokenizer and the story signatures' word walk.
package enum UTF8Scalar {
    /// The scalar whose encoding starts at `i` (a lead byte of valid UTF-8) and its length in bytes.
    @inlinable @inline(__always)
    package static func decode(_ buf: UnsafeBufferPointer<UInt8>, at i: Int) -> (value: UInt32, length: Int) {
        let b0 = UInt32(buf[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(buf[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 {
            return ((b0 & 0x0F) << 12 | UInt32(buf[i + 1] & 0x3F) << 6 | UInt32(buf[i + 2] & 0x3F), 3)
        }
        return (
            (b0 & 0x07) << 18 | UInt32(buf[i + 1] & 0x3F) << 12 | UInt32(buf[i + 2] & 0x3F) << 6
                | UInt32(buf[i + 3] & 0x3F), 4
        )
    }
}
