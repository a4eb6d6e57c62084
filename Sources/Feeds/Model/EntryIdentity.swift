/// The stable key of an entry that has neither an id nor a link.
public enum EntryIdentity {
    /// `urn:newswatch:` + 16 hex digits of FNV-1a 64 over `title`, a newline, and `text`.
    public static func derivedID(title: String, text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix<S: Sequence<UInt8>>(_ bytes: S) {
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        mix(title.utf8)
        mix(CollectionOfOne(UInt8(ascii: "\n")))
        mix(text.utf8)
        let hex = String(hash, radix: 16)
        return "urn:newswatch:" + String(repeating: "0", count: 16 - hex.utf8.count) + hex
    }
}
