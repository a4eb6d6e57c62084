import CCurl

/// Owns a `CURL` easy handle and the error buffer libcurl writes into.
/// Used only on one thread at a time (the transfer loop's, or a mail sender's); cleaned up in `deinit`, after removal from the multi handle.
final class EasyHandle {
    let raw: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// A fresh easy handle with an attached error buffer; `nil` if libcurl cannot allocate one.
    init?() {
        guard let raw = curl_easy_init() else { return nil }
        self.raw = raw
        let size = Int(CURL_ERROR_SIZE)
        errorBuffer = .allocate(capacity: size)
        errorBuffer.initialize(repeating: 0, count: size)
        _ = ccurl_easy_setopt_pointer(raw, CURLOPT_ERRORBUFFER, errorBuffer)
    }

    deinit {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
    }

    /// libcurl's detailed message for the last failure, or its generic text for `code`.
    func errorMessage(for code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        return detail.isEmpty ? CurlErrorText.describe(code) : detail
    }

    func set(_ option: CURLoption, _ value: Int) throws(FetchError) {
        try check(ccurl_easy_setopt_long(raw, option, value), option)
    }

    func set(_ option: CURLoption, _ value: Bool) throws(FetchError) {
        try check(ccurl_easy_setopt_long(raw, option, value ? 1 : 0), option)
    }

    func set(_ option: CURLoption, _ value: String) throws(FetchError) {
        try check(value.withCString { ccurl_easy_setopt_string(raw, option, $0) }, option)
    }

    func set(_ option: CURLoption, offset value: Int64) throws(FetchError) {
        try check(ccurl_easy_setopt_off_t(raw, option, curl_off_t(value)), option)
    }

    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) throws(FetchError) {
        try check(ccurl_easy_setopt_pointer(raw, option, value), option)
    }

    func set(_ option: CURLoption, headers: HeaderList) throws(FetchError) {
        try check(ccurl_easy_setopt_slist(raw, option, headers.raw), option)
    }

    func set(_ option: CURLoption, callback: curl_write_callback) throws(FetchError) {
        try check(ccurl_easy_setopt_write_callback(raw, option, callback), option)
    }

    func set(_ option: CURLoption, reader: curl_read_callback) throws(FetchError) {
        try check(ccurl_easy_setopt_read_callback(raw, option, reader), option)
    }

    func info(long key: CURLINFO) -> Int? {
        var value = 0
        return ccurl_easy_getinfo_long(raw, key, &value) == CURLE_OK ? value : nil
    }

    func info(string key: CURLINFO) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard ccurl_easy_getinfo_string(raw, key, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(FetchError) {
        guard code != CURLE_OK else { return }
        throw .transfer(
            code: Int(code.rawValue),
            message: "setting libcurl option \(option.rawValue) failed: \(CurlErrorText.describe(code))")
    }
}
