import CCurl

/// Which URLs may be fetched at all: absolute http and https URLs that libcurl can parse.
enum URLPolicy {
    static let allowedSchemes: Set<String> = ["http", "https"]

    /// Throws ``FetchError/unsupportedScheme(_:)`` or ``FetchError/invalidURL(_:)`` for URLs never to start.
    static func check(_ url: String) throws(FetchError) {
        guard let scheme = scheme(of: url) else { throw .invalidURL(url) }
        guard allowedSchemes.contains(scheme) else { throw .unsupportedScheme(scheme) }
        guard let handle = curl_url() else { throw .invalidURL(url) }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK else { throw .invalidURL(url) }
        var host: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, CURLUPART_HOST, &host, 0) == CURLUE_OK, let host else { throw .invalidURL(url) }
        let empty = host.pointee == 0
        curl_free(host)
        if empty { throw .invalidURL(url) }
    }

    /// The lower-cased scheme of an absolute URL (RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"),
    /// or `nil` when `url` does not start with one.
    static func scheme(of url: String) -> String? {
        var scheme: [UInt8] = []
        for byte in url.utf8 {
            if byte == 0x3A { break }
            let lower = byte | 0x20
            let isAlpha = lower >= 0x61 && lower <= 0x7A
            let isOther = (byte >= 0x30 && byte <= 0x39) || byte == 0x2B || byte == 0x2D || byte == 0x2E
            guard isAlpha || (!scheme.isEmpty && isOther) else { return nil }
            scheme.append(isAlpha ? lower : byte)
            if scheme.count > 32 { return nil }
        }
        guard !scheme.isEmpty, scheme.count < url.utf8.count else { return nil }
        return String(decoding: scheme, as: UTF8.self)
    }
}
