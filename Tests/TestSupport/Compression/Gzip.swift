import Foundation

/// gzip (RFC 1952) encoding of test bodies, with ``Deflater`` inside.
public enum Gzip {
    /// The gzip member holding `data`.
    public static func compress(_ data: Data) -> Data {
        let input = [UInt8](data)
        // ID, CM=deflate, no flags, no mtime, OS unknown
        var output: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]
        output += Deflater.deflate(input)
        appendLittleEndian(CRC32.checksum(input), to: &output)
        appendLittleEndian(UInt32(truncatingIfNeeded: input.count), to: &output)
        return Data(output)
    }

    private static func appendLittleEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift)))
        }
    }
}
