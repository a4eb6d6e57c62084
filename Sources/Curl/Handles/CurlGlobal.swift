import CCurl

/// `curl_global_init`, done once per process before the first handle is created.
enum CurlGlobal {
    /// The result of the one-time initialization (`CURLE_OK` on success).
    static let initResult: CURLcode = ccurl_global_init_all()

    /// Runs the one-time initialization if needed; `nil` on success, the failure otherwise.
    static func ensureInitialized() -> FetchError? {
        let code = initResult
        guard code != CURLE_OK else { return nil }
        return .transfer(code: Int(code.rawValue), message: "curl_global_init failed: \(CurlErrorText.describe(code))")
    }
}
