import CCurl
import Foundation

/// One transfer in flight: its easy handle, request headers, body buffer and collected response headers.
///
/// Lives in the transfer loop's table from `curl_multi_add_handle` until `curl_multi_remove_handle`, and is
/// touched only on the loop thread. libcurl's callbacks reach it through an unretained `Unmanaged` pointer,
/// which is valid because the table holds the strong reference for as long as the handle is in the multi.
final class Transfer {
    let id: UInt64
    let request: HTTPRequest
    let easy: EasyHandle
    private let requestHeaders = HeaderList()
    private var body = Data()
    private var collector = ResponseHeaderCollector()
    private var bodyLimitHit = false
    private var headerLimitHit = false

    init(id: UInt64, request: HTTPRequest) throws(FetchError) {
        guard let easy = EasyHandle() else {
            throw .transfer(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "could not create a libcurl easy handle")
        }
        self.id = id
        self.request = request
        self.easy = easy
        try configure()
    }

    private func configure() throws(FetchError) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        try easy.set(CURLOPT_URL, request.url)
        try easy.set(CURLOPT_NOSIGNAL, true)
        try easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_FOLLOWLOCATION, request.body == nil)
        try easy.set(CURLOPT_MAXREDIRS, max(0, request.maxRedirects))
        try easy.set(CURLOPT_ACCEPT_ENCODING, "")  // every encoding this libcurl decodes
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeout.curlMilliseconds)
        try easy.set(CURLOPT_TIMEOUT_MS, request.timeout.curlMilliseconds)
        try easy.set(CURLOPT_SSL_VERIFYPEER, true)
        try easy.set(CURLOPT_SSL_VERIFYHOST, 2)
        try easy.set(CURLOPT_TCP_KEEPALIVE, true)
        // HTTP/2 where a TLS server offers it (ALPN), and a transfer to a host already being connected to
        // over TLS waits for the handshake to multiplex on that connection instead of opening another.
        // Not for plain http: no HTTP/2 there, and the wait would last until the first response.
        try easy.set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        try easy.set(CURLOPT_PIPEWAIT, URLPolicy.scheme(of: request.url) == "https")
        try easy.set(CURLOPT_USERAGENT, Self.headerSafe(request.userAgent))
        if request.maxBody > 0 {  // 0 would mean "no limit" to libcurl; the write callback still enforces it
            try easy.set(CURLOPT_MAXFILESIZE_LARGE, offset: Int64(request.maxBody))
        }
        if let caFile = request.caFile {
            try easy.set(CURLOPT_CAINFO, caFile)
        }
        if let body = request.body {
            try easy.set(CURLOPT_POST, true)
            try easy.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: Int64(body.count))
            // libcurl copies the bytes (COPYPOSTFIELDS), so they need not outlive this call.
            let code = body.withUnsafeBytes { raw in
                ccurl_easy_setopt_pointer(
                    easy.raw, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress))
            }
            guard code == CURLE_OK else {
                throw .transfer(
                    code: Int(code.rawValue), message: "could not set the POST body: \(CurlErrorText.describe(code))")
            }
            requestHeaders.append("Expect:")  // no 100-continue round trip
        }
        if let etag = request.etag, !etag.isEmpty {
            requestHeaders.append("If-None-Match: \(etag)")
        }
        if let lastModified = request.lastModified, !lastModified.isEmpty {
            requestHeaders.append("If-Modified-Since: \(lastModified)")
        }
        for line in request.extraHeaders {
            requestHeaders.append(line)
        }
        if requestHeaders.raw != nil {
            try easy.set(CURLOPT_HTTPHEADER, headers: requestHeaders)
        }
        try easy.set(CURLOPT_WRITEFUNCTION, callback: transferWriteCallback)
        try easy.set(CURLOPT_WRITEDATA, pointer: context)
        try easy.set(CURLOPT_HEADERFUNCTION, callback: transferHeaderCallback)
        try easy.set(CURLOPT_HEADERDATA, pointer: context)
    }

    /// Replaces control characters, which could inject header lines, by spaces.
    private static func headerSafe(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return value }
        return String(value.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
    }

    /// Write callback body: appends decoded bytes, or refuses them (returns 0) past `maxBody`.
    fileprivate func receiveBody(_ bytes: UnsafeRawPointer, count: Int) -> Int {
        guard body.count + count <= request.maxBody else {
            bodyLimitHit = true
            return 0
        }
        body.append(bytes.assumingMemoryBound(to: UInt8.self), count: count)
        return count
    }

    /// Header callback body: one header line of some response; returns 0 to abort on oversized headers.
    fileprivate func receiveHeader(_ bytes: UnsafeRawPointer, count: Int) -> Int {
        guard collector.consume(line: UnsafeRawBufferPointer(start: bytes, count: count)) else {
            headerLimitHit = true
            return 0
        }
        return count
    }

    /// The outcome of the finished transfer, given libcurl's result code.
    func outcome(_ code: CURLcode) -> Result<HTTPResponse, FetchError> {
        guard code == CURLE_OK else {
            let context = FetchError.CurlContext(
                message: easy.errorMessage(for: code), request: request, location: collector.headers["location"],
                bodyLimitHit: bodyLimitHit, headerLimitHit: headerLimitHit,
                status: easy.info(long: CURLINFO_RESPONSE_CODE).flatMap { $0 > 0 ? $0 : nil } ?? collector.status)
            return .failure(FetchError(curlCode: code, context))
        }
        let status = easy.info(long: CURLINFO_RESPONSE_CODE).flatMap { $0 > 0 ? $0 : nil } ?? collector.status ?? 0
        return .success(
            HTTPResponse(
                status: status,
                url: easy.info(string: CURLINFO_EFFECTIVE_URL) ?? request.url,
                headers: collector.headers,
                body: body,
                redirects: easy.info(long: CURLINFO_REDIRECT_COUNT) ?? 0,
                permanentRedirect: !collector.redirectStatuses.isEmpty
                    && collector.redirectStatuses.allSatisfy { $0 == 301 || $0 == 308 }))
    }
}

/// `CURLOPT_WRITEFUNCTION`: `context` is the unretained ``Transfer``.
private func transferWriteCallback(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let data, let context else { return 0 }
    let total = size * count
    guard total > 0 else { return 0 }
    return Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue().receiveBody(data, count: total)
}

/// `CURLOPT_HEADERFUNCTION`: `context` is the unretained ``Transfer``.
private func transferHeaderCallback(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let data, let context else { return 0 }
    let total = size * count
    return Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue().receiveHeader(data, count: total)
}
