/// The repairs of references and of single faulty bytes, each decided once and written by the
/// emitter of the context: the document (`reference(at:)`, `special(at:)`) or text taken out of it
/// (`decodeText`). See ``XMLRepair``.
extension XMLPreprocessor {
    /// The repair of the reference (or lone '&') at `i`, reading no further than `end`.
    func repair(referenceAt i: Int, end: Int) -> XMLRepair {
        var j = i + 1
        if j < end, p[j] == UInt8(ascii: "#") {
            let hex = j + 1 < end && (p[j + 1] | 0x20) == UInt8(ascii: "x")
            let (value, digits, next) = scanNumericReference(p, from: j + 1, end: end)
            j = next
            guard digits > 0 else { return literalAmpersand(at: i) }
            let terminated = j < end && p[j] == UInt8(ascii: ";")
            if terminated, value >= 0xC2, value <= 0xF4, let (scalar, after) = doubleEncoded(lead: value, from: j + 1),
                after <= end
            {
                return XMLRepair(replacement: .references(scalar, second: 0), end: after)
            }
            let mapped = HTMLEntities.numericValue(value)
            let lowerX = !hex || p[i + 2] == UInt8(ascii: "x")
            if terminated, lowerX, mapped == value, isXMLChar(value) {
                return XMLRepair(replacement: .asWritten(value), end: j + 1)
            }
            return XMLRepair(
                replacement: .references(isXMLChar(mapped) ? mapped : 0xFFFD, second: 0), end: terminated ? j + 1 : j,
                malformed: !terminated || !isXMLChar(value))
        }
        let nameStart = j
        while j < end, j - nameStart <= 64, isNameByte(p[j]) { j += 1 }
        guard j > nameStart, j < end, p[j] == UInt8(ascii: ";") else { return literalAmpersand(at: i) }
        let name = UnsafeBufferPointer(rebasing: p[nameStart..<j])
        if let c = predefined(name) { return XMLRepair(replacement: .asWritten(UInt32(c)), end: j + 1) }
        if !declared.isEmpty, let value = declared[Array(name)] {
            guard value.count <= expansionBudget else { return literalAmpersand(at: i) }
            return XMLRepair(replacement: .entityText(value), end: j + 1)
        }
        if let d = HTMLEntities.lookup(name) {
            return XMLRepair(replacement: .references(d.first, second: d.second), end: j + 1, namedReference: true)
        }
        return literalAmpersand(at: i)
    }

    /// The repair of a forbidden control character, a UTF-8 C1 control or U+FFFE/U+FFFF at `i`
    /// (reading no further than `end`); nil when the byte needs none.
    func repair(byteAt i: Int, end: Int) -> XMLRepair? {
        let b = p[i]
        if b < 0x20, b != 0x09, b != 0x0A, b != 0x0D {
            // Vertical tab and form feed separate words; other controls are noise.
            return XMLRepair(
                replacement: b == 0x0B || b == 0x0C ? .character(0x20) : .nothing, end: i + 1, malformed: true)
        }
        if b == 0xC2, i + 1 < end, p[i + 1] >= 0x80, p[i + 1] <= 0x9F {
            return XMLRepair(replacement: .character(Windows1252.scalar(p[i + 1])), end: i + 2)
        }
        if b == 0xEF, i + 2 < end, p[i + 1] == 0xBF, p[i + 2] >= 0xBE {
            // U+FFFE and U+FFFF are not XML characters.
            return XMLRepair(replacement: .character(0xFFFD), end: i + 3, malformed: true)
        }
        return nil
    }

    private func literalAmpersand(at i: Int) -> XMLRepair {
        XMLRepair(replacement: .literalAmpersand, end: i + 1, malformed: true)
    }

    /// The character a predefined XML entity stands for.
    private func predefined(_ name: UnsafeBufferPointer<UInt8>) -> UInt8? {
        guard isPredefined(name) else { return nil }
        switch name[0] {
        case UInt8(ascii: "l"): return UInt8(ascii: "<")
        case UInt8(ascii: "g"): return UInt8(ascii: ">")
        case UInt8(ascii: "q"): return UInt8(ascii: "\"")
        case UInt8(ascii: "a"): return name.count == 3 ? UInt8(ascii: "&") : UInt8(ascii: "'")
        default: return nil
        }
    }

    // MARK: - Emitters

    /// Writes `repair` of the input from `i` into the document libxml2 reads.
    mutating func emitInDocument(_ repair: XMLRepair, from i: Int) {
        account(repair)
        let range = i..<repair.end
        switch repair.replacement {
        case .asWritten:
            break
        case .references(let first, let second):
            var bytes = numericReference(first)
            if second != 0 { bytes += numericReference(second) }
            replace(range, with: bytes)
        case .character(let c):
            var bytes: [UInt8] = []
            UTF8Writer.append(c, to: &bytes)
            replace(range, with: bytes)
        case .nothing:
            replace(range, with: [])
        case .entityText(let text):
            replace(range, with: escapedForXML(text))
        case .literalAmpersand:
            replace(range, with: Array("&amp;".utf8))
        }
    }

    /// Appends `repair` of the input from `i`, decoded, to the text store.
    mutating func emitAsText(_ repair: XMLRepair, from i: Int) {
        account(repair)
        switch repair.replacement {
        case .asWritten(let c), .character(let c):
            UTF8Writer.append(c, to: &store)
        case .references(let first, let second):
            UTF8Writer.append(first, to: &store)
            if second != 0 { UTF8Writer.append(second, to: &store) }
        case .nothing:
            break
        case .entityText(let text):
            store.append(contentsOf: text)
        case .literalAmpersand:
            store.append(UInt8(ascii: "&"))
        }
    }

    /// What a repair tells about the document, and the entity expansion it spends.
    private mutating func account(_ repair: XMLRepair) {
        if repair.malformed { malformed = true }
        if repair.namedReference { namedReferences += 1 }
        if case .entityText(let text) = repair.replacement { expansionBudget -= text.count }
    }
}
