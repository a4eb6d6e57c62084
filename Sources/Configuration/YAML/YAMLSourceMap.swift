/// Where the characters of a scalar's value are written in its file.
///
/// libyaml gives the place where a scalar starts, and its value. Between the two stand the style's
/// rules: quotes, escapes (`\"`, `\u00e9`, `''`), lines folded into spaces, a block's indentation, an
/// anchor or tag before it. To point an error at the character the user wrote, this walks the source
/// from the scalar's start and lines each value character up with the source character (or escape, or
/// line break) it came from. Everything the walk passes over must be white space, line breaks or
/// escapes; when anything else is in the way, the walk gives up (nil) and callers fall back to counting
/// from the scalar's start.
final class YAMLSourceMap {
    private let bytes: [UInt8]
    /// Byte offset of the first character of each line (line 1 after a byte order mark).
    private let lineStarts: [Int]
    /// Where the last scalar started: scalars are looked up in document order, so the next one is
    /// found from here rather than from the start of its line (a file of one long line, JSON say,
    /// would otherwise cost the square of its length).
    private var last: Cursor?

    /// A place in the source: a byte offset and its line and column (1-based, columns in characters, as
    /// libyaml counts them).
    struct Cursor {
        var byte: Int
        var line: Int
        var column: Int
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts: [Int] = []
        bytes.withUnsafeBufferPointer { b in
            let n = b.count
            starts.append(n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0)
            var i = 0
            while i < n {
                let width = Self.breakWidth(b, i)
                if width > 0 {
                    i += width
                    starts.append(i)
                } else {
                    i += 1
                }
            }
        }
        lineStarts = starts
    }

    /// The value's first character (or, for an empty value, where it would be) and the jumps where the
    /// value does not continue straight on in the source. `parentIndent` is the indentation of the
    /// mapping that holds the scalar, for a block scalar with an explicit indentation indicator (`|2`).
    func place(of scalar: YAMLNode.Scalar, parentIndent: Int) -> (
        start: YAMLMark, jumps: [(offset: Int, mark: YAMLMark)]
    )? {
        bytes.withUnsafeBufferPointer { b in
            guard var c = cursor(b, at: scalar.mark) else { return nil }
            skipProperties(b, &c)
            var blockIndent: Int?
            switch scalar.style {
            case .singleQuoted, .doubleQuoted:
                let quote: UInt8 = scalar.style == .singleQuoted ? 0x27 : 0x22
                guard c.byte < b.count, b[c.byte] == quote else { return nil }
                step(b, &c)
                if let straight = straightRun(b, c, scalar) { return straight }
            case .literal, .folded:
                guard c.byte < b.count, b[c.byte] == 0x7C || b[c.byte] == 0x3E else { return nil }
                step(b, &c)
                var explicit: Int?
                var inIndicators = true
                while c.byte < b.count, Self.breakWidth(b, c.byte) == 0 {
                    let byte = b[c.byte]
                    if byte == 0x20 || byte == 0x09 { inIndicators = false }
                    if inIndicators && byte >= 0x31 && byte <= 0x39 { explicit = Int(byte - 0x30) }
                    step(b, &c)  // indicators, then blanks and a comment up to the end of the header line
                }
                if c.byte < b.count { step(b, &c) }
                blockIndent = explicit.map { parentIndent + $0 } ?? detectedIndent(b, from: c.byte)
            case .plain:
                if let straight = straightRun(b, c, scalar) { return straight }
            }
            return walk(b, from: c, scalar, blockIndent: blockIndent)
        }
    }

    // MARK: Walking

    private func walk(
        _ b: UnsafeBufferPointer<UInt8>, from start: Cursor, _ scalar: YAMLNode.Scalar, blockIndent: Int?
    ) -> (start: YAMLMark, jumps: [(offset: Int, mark: YAMLMark)])? {
        var c = start
        var first: YAMLMark?
        var jumps: [(offset: Int, mark: YAMLMark)] = []
        var next = YAMLMark(line: c.line, column: c.column)  // where the current run puts the next one
        var atLineStart = blockIndent != nil
        let doubleQuoted = scalar.style == .doubleQuoted
        let singleQuoted = scalar.style == .singleQuoted
        let foldsBreaks = scalar.style != .literal

        func place(_ offset: Int, _ mark: YAMLMark) {
            if first == nil {
                first = mark
            } else if mark != next {
                jumps.append((offset, mark))
            }
            next = YAMLMark(line: mark.line, column: mark.column + 1)
        }

        for (offset, value) in scalar.string.unicodeScalars.enumerated() {
            while true {
                guard c.byte < b.count else { return nil }
                if atLineStart, let indent = blockIndent {
                    var skipped = 0
                    while skipped < indent, c.byte < b.count, b[c.byte] == 0x20 {
                        step(b, &c)
                        skipped += 1
                    }
                    atLineStart = false
                    continue
                }
                let here = YAMLMark(line: c.line, column: c.column)
                let byte = b[c.byte]
                if Self.breakWidth(b, c.byte) > 0 {
                    step(b, &c)
                    atLineStart = true
                    if value == "\n" || (value == " " && foldsBreaks) {
                        place(offset, here)
                        break
                    }
                    continue
                }
                if doubleQuoted && byte == 0x22 { return nil }  // the closing quote, with value left over
                if singleQuoted && byte == 0x27 {
                    guard c.byte + 1 < b.count, b[c.byte + 1] == 0x27 else { return nil }
                    step(b, &c)
                    step(b, &c)
                    guard value == "'" else { return nil }
                    place(offset, here)
                    break
                }
                if doubleQuoted && byte == 0x5C {
                    if c.byte + 1 < b.count, Self.breakWidth(b, c.byte + 1) > 0 {
                        // An escaped line break: the line goes on after the next line's indentation.
                        step(b, &c)
                        step(b, &c)
                        while c.byte < b.count, b[c.byte] == 0x20 || b[c.byte] == 0x09 { step(b, &c) }
                        continue
                    }
                    guard let (decoded, length) = Self.escape(b, at: c.byte), decoded == value else { return nil }
                    for _ in 0..<length { step(b, &c) }
                    place(offset, here)
                    break
                }
                let (character, _) = Self.decode(b, at: c.byte)
                step(b, &c)
                if character == value {
                    place(offset, here)
                    break
                }
                // Only white space is left out of a value (folded lines, indentation, trailing blanks).
                guard byte == 0x20 || byte == 0x09 else { return nil }
            }
        }
        let end = YAMLMark(line: c.line, column: c.column)
        guard let first else { return (end, []) }
        if end != next { jumps.append((scalar.string.unicodeScalars.count, end)) }
        return (first, jumps)
    }

    /// A value written as it is, on one line: its bytes stand in the source as they are (and, quoted,
    /// the closing quote right after them). Nearly every `match:` is one.
    private func straightRun(
        _ b: UnsafeBufferPointer<UInt8>, _ c: Cursor, _ scalar: YAMLNode.Scalar
    ) -> (start: YAMLMark, jumps: [(offset: Int, mark: YAMLMark)])? {
        var value = scalar.string
        return value.withUTF8 { v -> (start: YAMLMark, jumps: [(offset: Int, mark: YAMLMark)])? in
            let end = c.byte + v.count
            guard end <= b.count else { return nil }
            switch scalar.style {
            case .singleQuoted: guard end < b.count, b[end] == 0x27, !v.contains(0x27) else { return nil }
            case .doubleQuoted:
                guard end < b.count, b[end] == 0x22, !v.contains(0x5C), !v.contains(0x22) else { return nil }
            default: break
            }
            for i in 0..<v.count where b[c.byte + i] != v[i] || v[i] == 0x0A || v[i] == 0x0D { return nil }
            return (YAMLMark(line: c.line, column: c.column), [])
        }
    }

    /// Skips an anchor (`&name`) and a tag (`!tag`, `!!str`) before a scalar, with the blanks, comments
    /// and line breaks after them.
    private func skipProperties(_ b: UnsafeBufferPointer<UInt8>, _ c: inout Cursor) {
        while c.byte < b.count, b[c.byte] == 0x26 || b[c.byte] == 0x21 {
            while c.byte < b.count, b[c.byte] != 0x20, b[c.byte] != 0x09, Self.breakWidth(b, c.byte) == 0 {
                step(b, &c)
            }
            while c.byte < b.count {
                let byte = b[c.byte]
                if byte == 0x20 || byte == 0x09 || Self.breakWidth(b, c.byte) > 0 {
                    step(b, &c)
                } else if byte == 0x23 {
                    while c.byte < b.count, Self.breakWidth(b, c.byte) == 0 { step(b, &c) }
                } else {
                    break
                }
            }
        }
    }

    /// The indentation of a block scalar's content: that of its first line that is not blank.
    private func detectedIndent(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        var spaces = 0
        while i < b.count {
            if b[i] == 0x20 {
                spaces += 1
                i += 1
            } else if Self.breakWidth(b, i) > 0 {
                i += Self.breakWidth(b, i)
                spaces = 0
            } else {
                return spaces
            }
        }
        return spaces
    }

    // MARK: Characters

    private func cursor(_ b: UnsafeBufferPointer<UInt8>, at mark: YAMLMark) -> Cursor? {
        guard mark.line >= 1, mark.line <= lineStarts.count else { return nil }
        var c = Cursor(byte: lineStarts[mark.line - 1], line: mark.line, column: 1)
        if let last, last.line == mark.line, last.column <= mark.column { c = last }
        while c.column < mark.column {
            guard c.byte < b.count, Self.breakWidth(b, c.byte) == 0 else { return nil }
            step(b, &c)
        }
        last = c
        return c
    }

    /// Moves past one character (a line break, CR LF included, counts as one and starts a new line).
    private func step(_ b: UnsafeBufferPointer<UInt8>, _ c: inout Cursor) {
        let width = Self.breakWidth(b, c.byte)
        if width > 0 {
            c.byte += width
            c.line += 1
            c.column = 1
        } else {
            c.byte += Self.decode(b, at: c.byte).length
            c.column += 1
        }
    }

    /// The length in bytes of the line break at `i` (LF, CR, CR LF, and NEL, LS and PS as libyaml
    /// counts them), or 0.
    private static func breakWidth(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        guard i < b.count else { return 0 }
        switch b[i] {
        case 0x0A: return 1
        case 0x0D: return i + 1 < b.count && b[i + 1] == 0x0A ? 2 : 1
        case 0xC2: return i + 1 < b.count && b[i + 1] == 0x85 ? 2 : 0
        case 0xE2: return i + 2 < b.count && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9) ? 3 : 0
        default: return 0
        }
    }

    /// The character at `i` and its length in bytes (libyaml has checked the UTF-8 already).
    private static func decode(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (scalar: Unicode.Scalar, length: Int) {
        let lead = b[i]
        let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        guard i + length <= b.count else { return ("\u{FFFD}", 1) }
        var value = length == 1 ? UInt32(lead) : UInt32(lead) & (0xFF >> UInt32(length + 1))
        for k in 1..<max(length, 1) { value = value << 6 | UInt32(b[i + k] & 0x3F) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// A double-quoted escape at `i` (the backslash): the character it stands for and its length.
    private static func escape(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int)? {
        guard i + 1 < b.count else { return nil }
        let simple: [UInt8: UInt32] = [
            0x30: 0, 0x61: 7, 0x62: 8, 0x74: 9, 0x09: 9, 0x6E: 0xA, 0x76: 0xB, 0x66: 0xC, 0x72: 0xD, 0x65: 0x1B,
            0x20: 0x20, 0x22: 0x22, 0x2F: 0x2F, 0x5C: 0x5C, 0x4E: 0x85, 0x5F: 0xA0, 0x4C: 0x2028, 0x50: 0x2029,
        ]
        let kind = b[i + 1]
        if let value = simple[kind] { return Unicode.Scalar(value).map { ($0, 2) } }
        let digits = kind == 0x78 ? 2 : kind == 0x75 ? 4 : kind == 0x55 ? 8 : 0
        guard digits > 0, i + 2 + digits <= b.count else { return nil }
        var value: UInt32 = 0
        for k in 0..<digits {
            guard let digit = Self.hexValue(b[i + 2 + k]) else { return nil }
            value = value << 4 | digit
        }
        return Unicode.Scalar(value).map { ($0, 2 + digits) }
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte - 0x30)
        case 0x41...0x46: UInt32(byte - 0x41 + 10)
        case 0x61...0x66: UInt32(byte - 0x61 + 10)
        default: nil
        }
    }
}
