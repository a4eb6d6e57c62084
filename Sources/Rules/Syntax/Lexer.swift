/// Splits a match expression into tokens, collecting every lexical error.
struct Lexer {
    static let fieldNames: Set<String> = ["title", "text", "author", "category", "feed", "site", "raw"]
    static let maxDistance = 10_000

    private let scalars: [Unicode.Scalar]
    /// The expression's UTF-8 bytes, and the byte offset of each scalar (plus the end); no
    /// offsets for ASCII text, where scalar and byte offsets are the same.
    private let utf8: [UInt8]
    private let offsets: [Int]
    private(set) var tokens: [LexToken] = []
    /// Errors as (offset, message).
    private(set) var errors: [(Int, String)] = []
    /// Warnings as (offset, message): what is valid but most likely not meant.
    private(set) var warnings: [(Int, String)] = []

    init(_ text: String) {
        let utf8 = Array(text.utf8)
        if utf8.allSatisfy({ $0 < 0x80 }) {
            scalars = utf8.map { Unicode.Scalar($0) }
            offsets = []
        } else {
            var scalars: [Unicode.Scalar] = []
            var offsets: [Int] = []
            scalars.reserveCapacity(utf8.count)
            offsets.reserveCapacity(utf8.count + 1)
            var offset = 0
            for scalar in text.unicodeScalars {
                scalars.append(scalar)
                offsets.append(offset)
                offset += UTF8.width(scalar)
            }
            offsets.append(offset)
            self.scalars = scalars
            self.offsets = offsets
        }
        self.utf8 = utf8
        tokens.reserveCapacity(scalars.count / 2 + 2)
        run()
    }

    /// The text of scalars `i..<j`.
    private func slice(_ i: Int, _ j: Int) -> String {
        offsets.isEmpty
            ? String(decoding: utf8[i..<j], as: UTF8.self)
            : String(decoding: utf8[offsets[i]..<offsets[j]], as: UTF8.self)
    }

    private static func isASCIILetter(_ c: Unicode.Scalar) -> Bool {
        (c.value >= 0x41 && c.value <= 0x5A) || (c.value >= 0x61 && c.value <= 0x7A)
    }

    private static func endsBare(_ c: Unicode.Scalar) -> Bool {
        c == "(" || c == ")" || c == "\"" || c.isSpace
    }

    private mutating func run() {
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c.isSpace {
                i += 1
            } else if c == "(" {
                tokens.append(LexToken(kind: .openParen, start: i, end: i + 1))
                i += 1
            } else if c == ")" {
                tokens.append(LexToken(kind: .closeParen, start: i, end: i + 1))
                i += 1
            } else if c == "\"" {
                var j = i + 1
                while j < scalars.count && scalars[j] != "\"" { j += 1 }
                let content = slice((i + 1), min(j, scalars.count))
                if j >= scalars.count {
                    errors.append((i, "unbalanced quote: this \" is never closed"))
                    tokens.append(LexToken(kind: .phrase(content), start: i, end: scalars.count))
                    i = scalars.count
                } else {
                    tokens.append(LexToken(kind: .phrase(content), start: i, end: j + 1))
                    i = j + 1
                }
            } else {
                var j = i
                while j < scalars.count && !Self.endsBare(scalars[j]) { j += 1 }
                var p = i
                while p < j { p = bare(p, j) }
                i = j
            }
        }
    }

    /// Lexes the bare run `scalars[i..<j]`; returns where to continue.
    private mutating func bare(_ i: Int, _ j: Int) -> Int {
        if let next = fieldPrefix(i, j) { return next }
        let text = slice(i, j)
        // Operators are upper-case words of 2 to 5 letters.
        let first = scalars[i]
        let mayBeOperator = j - i >= 2 && j - i <= 5 && (first == "A" || first == "O" || first == "N")
        switch mayBeOperator ? text : "" {
        case "AND":
            tokens.append(LexToken(kind: .and, start: i, end: j))
            return j
        case "OR":
            tokens.append(LexToken(kind: .or, start: i, end: j))
            return j
        case "NOT":
            tokens.append(LexToken(kind: .not, start: i, end: j))
            return j
        case "NEAR", "ONEAR":
            errors.append((i, "\(text) needs a distance, as in \(text)/5"))
            tokens.append(LexToken(kind: .near(distance: 0, ordered: text == "ONEAR"), start: i, end: j))
            return j
        default:
            break
        }
        // `NEAR/n`, `ONEAR/n` (checked on the scalars: no string search for every word).
        let op =
            first == "N" && startsWith(i, j, "NEAR/")
            ? "NEAR/" : first == "O" && startsWith(i, j, "ONEAR/") ? "ONEAR/" : nil
        if let op {
            let digits = text.dropFirst(op.count)
            let name = String(op.dropLast())
            var distance = 0
            if let n = Int(digits), n >= 0, digits.allSatisfy(\.isASCII) {
                if n > Self.maxDistance {
                    errors.append((i, "\(name)/\(n): the distance may be at most \(Self.maxDistance)"))
                }
                distance = min(n, Self.maxDistance)
            } else {
                errors.append((i, "\(name)/ needs a number of words, as in \(name)/5"))
            }
            tokens.append(LexToken(kind: .near(distance: distance, ordered: name == "ONEAR"), start: i, end: j))
            return j
        }
        if scalars[i] == "@" {
            let name = slice((i + 1), j)
            if name.isEmpty {
                errors.append((i, "expected an actor id after @"))
            }
            tokens.append(LexToken(kind: .actor(name), start: i, end: j))
            return j
        }
        if first == "-", j - i > 1,
            scalars[i + 1].properties.isAlphabetic || scalars[i + 1].properties.numericType != nil
        {
            // Search engines read `-word` as "without word"; here a hyphen only separates words.
            errors.append(
                (i, "'\(text)': a '-' does not exclude a word here; write NOT \(text.dropFirst()) to exclude it"))
        }
        if first == "n" || first == "N" || first == "o" || first == "O", let op = Self.lowerCaseNear(text) {
            // `near/5` can only be a NEAR written in lower case: no one watches for "near" then "5".
            warnings.append(
                (i, "'\(text)' is matched as plain words, as operators are written in upper case; did you mean \(op)?"))
        }
        tokens.append(LexToken(kind: .word(text), start: i, end: j))
        return j
    }

    /// For a word shaped like `near/5` or `Onear/10` (not all upper case), the operator it looks
    /// like: `NEAR/5`, `ONEAR/10`.
    static func lowerCaseNear(_ text: String) -> String? {
        let lower = text.lowercased()
        for name in ["near/", "onear/"] where lower.hasPrefix(name) {
            let digits = lower.dropFirst(name.count)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return name.uppercased() + digits
        }
        return nil
    }

    /// Whether scalars `i..<j` start with the ASCII `prefix`.
    private func startsWith(_ i: Int, _ j: Int, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard j - i >= count else { return false }
        let bytes = prefix.utf8Start
        for k in 0..<count where scalars[i + k].value != UInt32(bytes[k]) { return false }
        return true
    }

    /// Lexes a field prefix (ASCII letters and a colon) at `i`; returns where to continue, or
    /// nil when there is none.
    private mutating func fieldPrefix(_ i: Int, _ j: Int) -> Int? {
        var k = i
        while k < j, k - i < 16, Self.isASCIILetter(scalars[k]) { k += 1 }
        if k > i, k < j, scalars[k] == ":" {
            let name = slice(i, k).lowercased()
            if Self.fieldNames.contains(name) {
                tokens.append(LexToken(kind: .field(name), start: i, end: k + 1))
                if (name == "site" || name == "feed") && k + 1 < j {
                    // The value is taken literally (host names, ids).
                    let value = slice((k + 1), j)
                    tokens.append(LexToken(kind: .word(value), start: k + 1, end: j))
                    return j
                }
                return k + 1
            }
            errors.append(
                (i, "unknown field '\(name):' (fields are title:, text:, author:, category:, feed:, site: and raw:)"))
            return k + 1
        }
        return nil
    }
}
