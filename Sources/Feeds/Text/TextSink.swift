/// Accumulates plain text as UTF-8, collapsing runs of ASCII white space into one space and never
/// starting or ending with one.
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
            if b == 0x20, i > start, i + 1 < run.count, !isASCIIWhiteSpace(run[i + 1]) {
                i += 1  // a single space between words stays inside the run
                continue
            }
            if isASCIIWhiteSpace(b) {
                if i > start { append(UnsafeBufferPointer(rebasing: run[start..<i])) }
                space()
                start = i + 1
            }
            i += 1
        }
        if start < run.count { append(UnsafeBufferPointer(rebasing: run[start...])) }
    }

    /// Appends one decoded scalar; ASCII white space counts as a break.
    @inline(__always)
    mutating func append(scalar: UInt32) {
        if scalar < 0x80, isASCIIWhiteSpace(UInt8(scalar)) {
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
