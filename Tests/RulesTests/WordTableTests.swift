import Testing

@testable import Rules

/// The engine's word table and per-article maps: exact answers for keys of every length around
/// the 8-byte inline head, and the same hash whichever way it is computed.
@Suite struct WordTableTests {
    /// Keys of 1...40 bytes, ASCII and multi-byte, and near-misses of each.
    static let keys: [[UInt8]] = {
        var out: [[UInt8]] = []
        let alphabets = ["abcdefghijklmnopqrstuvwxyz", "абвгдежзийклмнопрстуфхцчшщ", "북한러시아특수부대파병"]
        for (a, alphabet) in alphabets.enumerated() {
            let scalars = Array(alphabet.unicodeScalars)
            for length in 1...20 {
                var s = ""
                for i in 0..<length { s.unicodeScalars.append(scalars[(i * 7 + a + length) % scalars.count]) }
                out.append(Array(s.utf8))
            }
        }
        return out
    }()

    @Test(arguments: 0...40)
    func hashIsTheSameFromAPointerAndFromBytes(length: Int) {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 0xA1) }
        let padded = bytes + [UInt8](repeating: 0xFF, count: 8)  // garbage after the key
        let (hash, head) = ByteTable.hashAndHead(bytes)
        padded.withUnsafeBytes { raw in
            #expect(ByteTable.hash(raw.baseAddress!, length) == hash)
            #expect(ByteTable.head(raw.baseAddress!, length) == head)
        }
        if length > 0 {
            var other = bytes
            other[length - 1] ^= 1
            #expect(ByteTable.hashAndHead(other).hash != hash)
        }
    }

    @Test func frozenTableFindsExactlyTheKeys() {
        var table = ByteTable()
        var ids: [[UInt8]: Int32] = [:]
        for key in Self.keys { ids[key] = table.insert(key) }
        #expect(table.count == Set(Self.keys).count)
        table.buildFilter(startFilter: true)
        let frozen = FrozenByteTable(table)
        func find(_ key: [UInt8]) -> Int32 {
            let padded = key + [UInt8](repeating: 0, count: 8)
            return padded.withUnsafeBufferPointer { buffer in
                let p = UnsafeRawPointer(buffer.baseAddress!)
                return frozen.view.find(
                    buffer.baseAddress, key.count, hash: ByteTable.hash(p, key.count),
                    head: ByteTable.head(p, key.count))
            }
        }
        for key in Self.keys {
            #expect(find(key) == ids[key], "\(key.count)-byte key")
            #expect(Array(frozen.key(ids[key]!)) == key)
            // Near misses: one byte short, one byte more, the last byte changed.
            for miss in [Array(key.dropLast()), key + [0x61], Array(key.dropLast()) + [key.last! ^ 0x01]]
            where !miss.isEmpty && ids[miss] == nil {
                #expect(find(miss) == -1, "\(miss.count)-byte near miss of a \(key.count)-byte key")
            }
        }
    }

    @Test func slotMapStoresGrowsAndClears() {
        let map = SlotMap(capacity: 4)
        for k in 0..<1000 { map.set(Int32(k * 7), Int64(k)) }
        #expect(map.count == 1000)
        for k in 0..<1000 { #expect(map.get(Int32(k * 7)) == Int64(k)) }
        #expect(map.get(3) == nil)
        map.set(7, -5)
        #expect(map.get(7) == -5)
        #expect(map.count == 1000)
        map.removeAll()
        #expect(map.count == 0)
        #expect(map.get(7) == nil)
        map.set(7, 1)
        #expect(map.get(7) == 1)
    }
}

/// The frozen buffers behind the compiled tables: small ones on the heap, big ones (2 MiB and
/// more) in their own 2 MiB-aligned mapping, for huge pages; the same values either way.
@Suite struct FrozenBufferTests {
    @Test(arguments: [0, 1, 1000, 600_000])
    func holdsTheValues(count: Int) {
        let values = (0..<count).map { UInt32(truncatingIfNeeded: $0 &* 2_654_435_761) }
        let frozen = FrozenBuffer(values)
        #expect(frozen.buffer.count == count)
        #expect(Array(frozen.buffer) == values)
        let bytes = count * MemoryLayout<UInt32>.stride
        if bytes >= 2 << 20, let base = frozen.buffer.baseAddress {
            #expect(Int(bitPattern: base) % (2 << 20) == 0, "a big buffer starts on a 2 MiB boundary")
        }
    }
}
