/// Collects the header block of the final response from libcurl's header callback lines.
///
/// libcurl reports the headers of every response it sees (redirects, `100 Continue`, proxy CONNECT),
/// each block starting with a status line; a new status line discards what was collected so far.
/// Names are lower-cased; repeated fields are joined with ", "; obsolete line folding is unfolded.
struct ResponseHeaderCollector {
    /// Upper bound on the bytes of header lines kept per response block.
    static let maxBlockBytes = 256 << 10

    private(set) var status: Int?
    private(set) var headers: [String: String] = [:]
    /// The statuses of the redirects followed before the final response, in order.
    private(set) var redirectStatuses: [Int] = []
    private var lastName: String?
    private var blockBytes = 0

    /// Consumes one header line (with or without its CRLF). Returns `false` when the block exceeds
    /// ``maxBlockBytes``, which should abort the transfer.
    mutating func consume(line raw: UnsafeRawBufferPointer) -> Bool {
        var line = raw[...]
        while let last = line.last, last == 0x0D || last == 0x0A { line = line.dropLast() }
        if line.starts(with: [0x48, 0x54, 0x54, 0x50, 0x2F]) {  // "HTTP/"
            if let previous = status, (300..<400).contains(previous) { redirectStatuses.append(previous) }
            headers.removeAll(keepingCapacity: true)
            lastName = nil
            blockBytes = line.count
            status = Self.statusCode(of: line)
            return true
        }
        blockBytes += line.count
        guard blockBytes <= Self.maxBlockBytes else { return false }
        guard let first = line.first else { return true }  // the blank line ending a block
        if first == 0x20 || first == 0x09 {
            if let lastName, let previous = headers[lastName] {
                headers[lastName] = previous + " " + Self.trimmed(line)
            }
            return true
        }
        guard let colon = line.firstIndex(of: 0x3A) else { return true }
        let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
        let value = Self.trimmed(line[line.index(after: colon)...])
        if let previous = headers[name] {
            headers[name] = previous + ", " + value
        } else {
            headers[name] = value
        }
        lastName = name
        return true
    }

    /// Convenience for tests and callers holding a `String`.
    mutating func consume(line: String) -> Bool {
        var copy = line
        return copy.withUTF8 { consume(line: UnsafeRawBufferPointer($0)) }
    }

    private static func trimmed(_ bytes: Slice<UnsafeRawBufferPointer>) -> String {
        var slice = bytes
        while let first = slice.first, first == 0x20 || first == 0x09 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 || last == 0x09 { slice = slice.dropLast() }
        return String(decoding: slice, as: UTF8.self)
    }

    /// The three-digit code after the first space of "HTTP/x.y NNN reason".
    private static func statusCode(of line: Slice<UnsafeRawBufferPointer>) -> Int? {
        guard let space = line.firstIndex(of: 0x20) else { return nil }
        var code = 0
        var digits = 0
        for byte in line[line.index(after: space)...] {
            guard byte >= 0x30, byte <= 0x39 else { break }
            code = code * 10 + Int(byte - 0x30)
            digits += 1
        }
        return digits == 3 ? code : nil
    }
}
