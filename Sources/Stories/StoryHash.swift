/// The hashing of words and shingles: a word's normalized bytes in 8-byte blocks, each block through
/// a 64-bit finalizer (SplitMix64's), so that hashing costs about one multiply per byte or less.
enum StoryHash {
    /// SplitMix64's finalizer: every input bit reaches every output bit.
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The hash of a shingle: the hashes of `width` words from `start`, in order. Word hashes are
    /// already mixed: each is rotated by its place, they are combined, and one multiply spreads the
    /// result into the high 32 bits.
    @inline(__always)
    static func shingle(_ words: UnsafeBufferPointer<UInt64>, from start: Int, width: Int) -> UInt32 {
        if width == 3 {
            // The usual width, unrolled: the same value as the loop below.
            let w0 = words[start]
            let w1 = words[start + 1]
            let w2 = words[start + 2]
            let s = 3 ^ w0 ^ ((w1 << 21) | (w1 >> 43)) ^ ((w2 << 42) | (w2 >> 22))
            return UInt32(truncatingIfNeeded: (s &* 0x9E37_79B9_7F4A_7C15) >> 32)
        }
        var s = UInt64(truncatingIfNeeded: width)
        var rotation: UInt64 = 0
        for q in start..<(start + width) {
            let w = words[q]
            s ^= (w << rotation) | (w >> ((64 - rotation) & 63))
            rotation = (rotation + 21) & 63
        }
        return UInt32(truncatingIfNeeded: (s &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }

    /// The hash of one word, fed its normalized UTF-8 bytes one at a time.
    struct Word {
        private static let seed: UInt64 = 0x243F_6A88_85A3_08D3
        private var state: UInt64 = seed
        private var block: UInt64 = 0
        private var shift: UInt64 = 0
        private(set) var count = 0

        /// Whether the word is the one letter `s`.
        var isLoneS: Bool { count == 1 && block == 0x73 }

        @inline(__always)
        mutating func add(_ byte: UInt8) {
            count += 1
            block |= UInt64(byte) << shift
            shift += 8
            if shift == 64 {
                state = StoryHash.mix(state ^ block)
                block = 0
                shift = 0
            }
        }

        /// Adds 8 bytes at once (little-endian in `block`), at a multiple of 8 bytes: what adding them
        /// one by one gives.
        @inline(__always)
        mutating func add(block eight: UInt64) {
            state = StoryHash.mix(state ^ eight)
            count += 8
        }

        /// Adds the last `n` (< 8) bytes at once (little-endian in `last`), at a multiple of 8 bytes.
        @inline(__always)
        mutating func add(last: UInt64, count n: Int) {
            block = last
            shift = UInt64(8 * n)
            count += n
        }

        @inline(__always)
        func finish() -> UInt64 {
            StoryHash.mix(state ^ block ^ (UInt64(truncatingIfNeeded: count) << 56))
        }
    }
}
