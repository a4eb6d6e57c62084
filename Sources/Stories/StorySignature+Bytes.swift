extension StorySignature {
    /// The signature as bytes, to keep in a database (a BLOB): a version byte, the size (4 bytes), the
    /// number of minima and of lead hashes (1 byte each), then each hash (4 bytes, little-endian).
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(7 + 4 * (minima.count + lead.count))
        out.append(Self.format)
        Self.append(UInt32(clamping: size), to: &out)
        out.append(UInt8(minima.count))
        out.append(UInt8(lead.count))
        for v in minima { Self.append(v, to: &out) }
        for v in lead { Self.append(v, to: &out) }
        return out
    }

    /// A signature from `bytes`; nil if they are not one (another format, cut short, hashes out of order).
    public init?<Bytes: Collection<UInt8>>(bytes: Bytes) {
        let b = Array(bytes)
        guard b.count >= 7, b[0] == Self.format else { return nil }
        let minimaCount = Int(b[5])
        let leadCount = Int(b[6])
        guard minimaCount <= Self.k, leadCount <= Self.leadK, b.count == 7 + 4 * (minimaCount + leadCount) else {
            return nil
        }
        func word(_ at: Int) -> UInt32 {
            UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
        }
        let minima = (0..<minimaCount).map { word(7 + 4 * $0) }
        let lead = (0..<leadCount).map { word(7 + 4 * (minimaCount + $0)) }
        guard Self.ascending(minima), Self.ascending(lead) else { return nil }
        self.init(minima: minima, lead: lead, size: Int(word(1)))
    }

    /// 2: hashes carry two flag bits (format 1 had one).
    private static let format: UInt8 = 2

    private static func append(_ v: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: v))
        out.append(UInt8(truncatingIfNeeded: v >> 8))
        out.append(UInt8(truncatingIfNeeded: v >> 16))
        out.append(UInt8(truncatingIfNeeded: v >> 24))
    }

    private static func ascending(_ values: [UInt32]) -> Bool {
        zip(values, values.dropFirst()).allSatisfy { $0 < $1 }
    }
}
