import Foundation

/// A minimal streaming JSON writer with fixed key order and compact output: `parse --json`, alert
/// records, `test --json` and `status --json` print their keys in the documented order, the same every
/// time (Foundation's JSONEncoder orders them differently from run to run).
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private var needsComma = false

    public init() {}

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Opens an object or array (after a comma when it is an array element that follows another).
    public mutating func begin(_ bracket: Unicode.Scalar) {
        separator()
        bytes.append(UInt8(ascii: bracket))
        needsComma = false
    }

    public mutating func end(_ bracket: Unicode.Scalar) {
        bytes.append(UInt8(ascii: bracket))
        needsComma = true
    }

    /// A comma before the next array element, when one came before.
    public mutating func separator() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = false
    }

    public mutating func key(_ name: String) {
        separator()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func string(_ value: String) {
        appendQuoted(value)
        needsComma = true
    }

    public mutating func optional(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    public mutating func bool(_ value: Bool) {
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        needsComma = true
    }

    public mutating func null() {
        bytes.append(contentsOf: "null".utf8)
        needsComma = true
    }

    public mutating func int(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    /// A number with `decimals` digits after the point (`0.0125`), never in exponent form.
    public mutating func number(_ value: Double, decimals: Int) {
        bytes.append(contentsOf: (value.isFinite ? String(format: "%.\(decimals)f", value) : "null").utf8)
        needsComma = true
    }

    public mutating func optional(_ value: Int?) {
        if let value { int(value) } else { null() }
    }

    /// An array of strings.
    public mutating func strings(_ values: [String]) {
        begin("[")
        for value in values {
            separator()
            string(value)
        }
        end("]")
    }

    /// `"name": value` for the common cases.
    public mutating func field(_ name: String, _ value: String) {
        key(name)
        string(value)
    }

    public mutating func field(_ name: String, _ value: String?) {
        key(name)
        optional(value)
    }

    public mutating func field(_ name: String, _ value: Int) {
        key(name)
        int(value)
    }

    public mutating func field(_ name: String, _ value: Bool) {
        key(name)
        bool(value)
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func appendQuoted(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for b in value.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0..<0x20, 0x7F:
                bytes.append(contentsOf: [
                    0x5C, UInt8(ascii: "u"), 0x30, 0x30, JSONWriter.hex[Int(b >> 4)],
                    JSONWriter.hex[Int(b & 0xF)],
                ])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
