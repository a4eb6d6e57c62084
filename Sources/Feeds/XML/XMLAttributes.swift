import CLibXML2

/// The attributes libxml2's SAX2 `startElementNs` hands over: five pointers per attribute
/// (localname, prefix, URI, value start, value end). Valid only during the callback.
struct XMLAttributes {
    let count: Int
    let items: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?

    static let xmlNamespaceURI: StaticString = "http://www.w3.org/XML/1998/namespace"
    static let rdfNamespaceURI: StaticString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

    /// The value of the attribute `name` without a namespace (or, with `namespace`, in that
    /// namespace or under the conventional `prefix`), with character references decoded.
    func value(_ name: StaticString, namespace: StaticString? = nil, prefix: StaticString? = nil) -> String? {
        guard let items, count > 0 else { return nil }
        for index in 0..<count {
            let base = index * 5
            guard let local = items[base], equals(local, name) else { continue }
            let uri = items[base + 2]
            if let namespace {
                if let uri {
                    guard equals(uri, namespace) else { continue }
                } else {
                    guard let prefix, let actual = items[base + 1], equals(actual, prefix) else { continue }
                }
            } else if uri != nil {
                continue
            }
            guard let start = items[base + 3], let end = items[base + 4] else { return "" }
            let raw = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
            return raw.utf8.contains(UInt8(ascii: "&")) ? HTMLText.decodingCharacterReferences(raw) : raw
        }
        return nil
    }

    /// Whether the NUL-terminated `c` equals `s`.
    @inline(__always)
    private func equals(_ c: UnsafePointer<xmlChar>, _ s: StaticString) -> Bool {
        let n = s.utf8CodeUnitCount
        let bytes = s.utf8Start
        for k in 0..<n where c[k] != bytes[k] { return false }
        return c[n] == 0
    }
}
