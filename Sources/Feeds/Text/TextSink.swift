/// Accumulates plain text as UTF-8, collapsing runs of white space (ASCII, and Unicode's: no-break,
/// en, em, thin, ideographic spaces …) into one ASCII space and never starting or ending with one.
struct TextSink {
    var bytes: [UInt8] = []
    private var pendingSpace = false

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// Records a word break (white space or a block boundary).
    @inline(__always)
    mutating func space() { pendingSpace = true }

    @inline(__always)
    private mutating func flushSpace() {
        if pendingSpace {
            if !bytes.isEmpty { bytes.append(0x20) }
            pendingSpace = false
        }
    }

    /// Appends bytes that contain no ASCII white space.
    @inline(__always)
    mutating func append(_ run: UnsafeBufferPointer<UInt8>) {
        guard !run.isEmpty else { return }
        flushSpace()
        bytes.append(contentsOf: run)
    }

    /// Appends text that may contain white space, collapsing it.
    mutating func appendCollapsing(_ run: UnsafeBufferPointer<UInt8>) {
        var start = 0
        var i = 0
        while i < run.count {
            let b = run[i]
            if b == 0x20, i > start, i + 1 < run.count, !isASCIIWhiteSpace(run[i + 1]),
                unicodeSpaceWidth(run, i + 1) == 0
            {
                i += 1  // a single space between words stays inside the run
                continue
            }
            let width = isASCIIWhiteSpace(b) ? 1 : b >= 0xC2 ? unicodeSpaceWidth(run, i) : 0
            if width > 0 {
                if i > start { append(UnsafeBufferPointer(rebasing: run[start..<i])) }
                space()
                start = i + width
                i += width
                continue
            }
            i += 1
        }
        if start < run.count { append(UnsafeBufferPointer(rebasing: run[start...])) }
    }

    /// Appends one decoded scalar; white space counts as a break.
    @inline(__always)
    mutating func append(scalar: UInt32) {
        if scalar < 0x80 ? isASCIIWhiteSpace(UInt8(scalar)) : isUnicodeSpace(scalar) {
            space()
        } else {
            flushSpace()
            UTF8Writer.append(scalar, to: &bytes)
        }
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}

/// Space, tab, LF, CR, FF (and VT, which HTML does not count but feeds do contain).
@inline(__always)
func isASCIIWhiteSpace(_ b: UInt8) -> Bool {
    b == 0x20 || (b >= 0x09 && b <= 0x0D)
}

/// White space beyond ASCII (Unicode's White_Space, as Python's `str.split()` sees it): NEL, no-break
/// space, Ogham space mark, the en/em/thin/hair spaces, line and paragraph separators, narrow no-break
/// space, medium mathematical space and the ideographic space. Zero-width characters are not spaces.
@inline(__always)
func isUnicodeSpace(_ scalar: UInt32) -> Bool {
    switch scalar {
    case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
    default: false
    }
}

/// The length in bytes of the non-ASCII white space (`isUnicodeSpace`) that starts at `i`, or 0.
@inlinable
public func unicodeSpaceWidth(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
    let b = p[i]
    if b == 0xC2 {
        guard i + 1 < p.count else { return 0 }
        return p[i + 1] == 0x85 || p[i + 1] == 0xA0 ? 2 : 0
    }
    guard b >= 0xE1, b <= 0xE3, i + 2 < p.count else { return 0 }
    let c1 = p[i + 1], c2 = p[i + 2]
    switch b {
    case 0xE1: return c1 == 0x9A && c2 == 0x80 ? 3 : 0
    case 0xE2:
        if c1 == 0x80 { return (c2 >= 0x80 && c2 <= 0x8A) || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF ? 3 : 0 }
        return c1 == 0x81 && c2 == 0x9F ? 3 : 0
    default: return c1 == 0x80 && c2 == 0x80 ? 3 : 0
    }
}
