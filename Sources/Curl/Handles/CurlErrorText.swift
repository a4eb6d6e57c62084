import CCurl

/// libcurl's static descriptions of its result codes.
enum CurlErrorText {
    static func describe(_ code: CURLcode) -> String {
        guard let text = curl_easy_strerror(code) else { return "error \(code.rawValue)" }
        return String(cString: text)
    }

    static func describe(_ code: CURLMcode) -> String {
        guard let text = curl_multi_strerror(code) else { return "multi error \(code.rawValue)" }
        return String(cString: text)
    }
}
