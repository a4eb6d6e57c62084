import CZlib
import Foundation

/// zlib's one-shot compression, for the text of kept articles (README "Keep recent articles"): news text
/// shrinks to about a third. The caller keeps the uncompressed size, which `inflate` needs.
enum Deflate {
    /// The zlib stream of `bytes` (level 6: most of the gain of level 9 at a fraction of its time).
    static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var bound = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(bound))
        let rc = out.withUnsafeMutableBufferPointer { dst in
            bytes.withUnsafeBufferPointer { src in
                compress2(dst.baseAddress, &bound, src.baseAddress, uLong(src.count), 6)
            }
        }
        // compressBound is enough by definition; Z_MEM_ERROR is the only other outcome.
        guard rc == Z_OK else { return [] }
        out.removeLast(out.count - Int(bound))
        return out
    }

    /// The bytes of a zlib stream that holds exactly `size` bytes; nil when it does not (a damaged row).
    static func decompress(_ data: [UInt8], size: Int) -> [UInt8]? {
        guard size >= 0, size <= 1 << 30 else { return nil }
        if size == 0 { return [] }
        var length = uLong(size)
        var out = [UInt8](repeating: 0, count: size)
        let rc = out.withUnsafeMutableBufferPointer { dst in
            data.withUnsafeBufferPointer { src in
                uncompress(dst.baseAddress, &length, src.baseAddress, uLong(src.count))
            }
        }
        guard rc == Z_OK, Int(length) == size else { return nil }
        return out
    }
}
