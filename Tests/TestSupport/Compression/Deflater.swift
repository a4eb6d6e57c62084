/// A small raw-deflate encoder (RFC 1951): one block with the fixed Huffman codes and a greedy LZ77
/// matcher (one hash candidate per position). Compresses repetitive test data well (a run of a single
/// byte shrinks about 250-fold), which is what gzip-bomb tests need; not meant to rival zlib.
enum Deflater {
    private static let lengthBases: [Int] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
        35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
    ]
    private static let lengthExtra: [Int] = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
        3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    private static let distanceBases: [Int] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
        257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
        8193, 12289, 16385, 24577,
    ]
    private static let distanceExtra: [Int] = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
        7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]
    private static let windowSize = 32_768
    private static let maxMatch = 258
    private static let minMatch = 3
    private static let hashBits = 15

    /// The raw deflate stream of `input`.
    static func deflate(_ input: [UInt8]) -> [UInt8] {
        var writer = BitWriter()
        writer.write(1, bits: 1)  // BFINAL
        writer.write(1, bits: 2)  // BTYPE = 01, fixed Huffman codes
        input.withUnsafeBufferPointer { data in
            var head = [Int](repeating: -1, count: 1 << hashBits)
            var position = 0
            while position < data.count {
                var matchLength = 0
                var matchDistance = 0
                if position + minMatch <= data.count {
                    let hash = Self.hash(data, position)
                    let candidate = head[hash]
                    head[hash] = position
                    if candidate >= 0, position - candidate <= windowSize {
                        let limit = min(maxMatch, data.count - position)
                        var length = 0
                        while length < limit, data[candidate + length] == data[position + length] {
                            length += 1
                        }
                        if length >= minMatch {
                            matchLength = length
                            matchDistance = position - candidate
                        }
                    }
                }
                if matchLength > 0 {
                    writeLength(matchLength, to: &writer)
                    writeDistance(matchDistance, to: &writer)
                    position += matchLength
                } else {
                    writeLiteral(Int(data[position]), to: &writer)
                    position += 1
                }
            }
        }
        writeLiteral(256, to: &writer)  // end of block
        writer.flush()
        return writer.bytes
    }

    private static func hash(_ data: UnsafeBufferPointer<UInt8>, _ position: Int) -> Int {
        let value = UInt32(data[position]) << 16 | UInt32(data[position + 1]) << 8 | UInt32(data[position + 2])
        return Int((value &* 2_654_435_761) >> UInt32(32 - hashBits))
    }

    /// A literal/length symbol in the fixed code (RFC 1951 §3.2.6).
    private static func writeLiteral(_ symbol: Int, to writer: inout BitWriter) {
        switch symbol {
        case 0...143: writer.writeCode(UInt32(0x30 + symbol), bits: 8)
        case 144...255: writer.writeCode(UInt32(0x190 + symbol - 144), bits: 9)
        case 256...279: writer.writeCode(UInt32(symbol - 256), bits: 7)
        default: writer.writeCode(UInt32(0xC0 + symbol - 280), bits: 8)
        }
    }

    private static func writeLength(_ length: Int, to writer: inout BitWriter) {
        var index = lengthBases.count - 1
        while lengthBases[index] > length { index -= 1 }
        writeLiteral(257 + index, to: &writer)
        if lengthExtra[index] > 0 {
            writer.write(UInt32(length - lengthBases[index]), bits: lengthExtra[index])
        }
    }

    private static func writeDistance(_ distance: Int, to writer: inout BitWriter) {
        var index = distanceBases.count - 1
        while distanceBases[index] > distance { index -= 1 }
        writer.writeCode(UInt32(index), bits: 5)
        if distanceExtra[index] > 0 {
            writer.write(UInt32(distance - distanceBases[index]), bits: distanceExtra[index])
        }
    }
}
