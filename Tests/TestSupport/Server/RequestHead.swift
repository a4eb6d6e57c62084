import Foundation

/// Parses an HTTP/1.1 request head (request line and header fields, without the final blank line).
enum RequestHead {
    /// The request, or `nil` when the request line is malformed.
    static func parse(_ bytes: ArraySlice<UInt8>) -> RecordedRequest? {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false).makeIterator()
        guard let requestLine = lines.next() else { return nil }
        let parts = requestLine.split(separator: " ")
        guard parts.count == 3, parts[2].hasPrefix("HTTP/") else { return nil }
        var headers: [String: String] = [:]
        while let line = lines.next(), !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { $0 + ", " + value } ?? value
        }
        return RecordedRequest(method: String(parts[0]), path: String(parts[1]), headers: headers)
    }
}
