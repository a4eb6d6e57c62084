/// Writes a deflate bit stream: values least-significant bit first, Huffman codes most-significant first.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var buffer: UInt64 = 0
    private var count = 0

    /// Appends the low `length` bits of `value`, least significant first.
    mutating func write(_ value: UInt32, bits length: Int) {
        buffer |= UInt64(value) << UInt64(count)
        count += length
        while count >= 8 {
            bytes.append(UInt8(truncatingIfNeeded: buffer))
            buffer >>= 8
            count -= 8
        }
    }

    /// Appends a Huffman code of `length` bits, most significant bit first.
    mutating func writeCode(_ code: UInt32, bits length: Int) {
        var reversed: UInt32 = 0
        var remaining = code
        for _ in 0..<length {
            reversed = (reversed << 1) | (remaining & 1)
            remaining >>= 1
        }
        write(reversed, bits: length)
    }

    /// Pads with zero bits to a byte boundary.
    mutating func flush() {
        if count > 0 {
            bytes.append(UInt8(truncatingIfNeeded: buffer))
            buffer = 0
            count = 0
        }
    }
}
