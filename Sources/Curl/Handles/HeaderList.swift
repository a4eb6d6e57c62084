import CCurl

/// Owns a `curl_slist` of request headers; it must outlive the transfer that uses it.
final class HeaderList {
    private(set) var raw: UnsafeMutablePointer<curl_slist>?

    init() {}

    deinit {
        curl_slist_free_all(raw)
    }

    /// Appends one `"Name: value"` line. Lines with CR, LF or NUL are refused (header injection).
    /// Returns `false` when refused or when libcurl could not allocate.
    @discardableResult
    func append(_ line: String) -> Bool {
        guard !line.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) else { return false }
        guard let appended = curl_slist_append(raw, line) else { return false }
        raw = appended
        return true
    }
}
