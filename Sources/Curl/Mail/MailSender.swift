import CCurl
import Foundation

/// Sends email through libcurl's SMTP (README "Outputs"): each message on a thread of its own with a
/// blocking transfer, bounded by the request's timeout, so that a slow server never holds the service's
/// tasks. Certificates are always verified.
public enum MailSender {
    /// Sends `request`; returns when the server has accepted the message or the exchange failed.
    public static func send(_ request: MailRequest) async -> Result<Void, MailError> {
        if let failure = CurlGlobal.ensureInitialized() {
            return .failure(MailError(code: -1, message: failure.description, reply: 0))
        }
        return await withCheckedContinuation { (done: CheckedContinuation<Result<Void, MailError>, Never>) in
            let thread = Thread { done.resume(returning: perform(request)) }
            thread.name = "newswatch-smtp"
            thread.start()
        }
    }

    /// The blocking exchange (on the calling thread).
    static func perform(_ request: MailRequest) -> Result<Void, MailError> {
        guard let easy = EasyHandle() else {
            return .failure(MailError(code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "out of memory", reply: 0))
        }
        let recipients = HeaderList()
        for address in request.recipients where !recipients.append("<\(address)>") {
            return .failure(MailError(code: -1, message: "recipient '\(address)' cannot be sent", reply: 0))
        }
        let upload = Upload(request.message)
        let secured = request.username != nil
        do {
            try easy.set(CURLOPT_URL, request.url)
            try easy.set(CURLOPT_NOSIGNAL, true)
            try easy.set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
            // A password never crosses the network in clear: STARTTLS is then required, not only tried.
            try easy.set(CURLOPT_USE_SSL, Int(secured ? CURLUSESSL_ALL.rawValue : CURLUSESSL_TRY.rawValue))
            try easy.set(CURLOPT_SSL_VERIFYPEER, true)
            try easy.set(CURLOPT_SSL_VERIFYHOST, 2)
            if let caFile = request.caFile { try easy.set(CURLOPT_CAINFO, caFile) }
            if let username = request.username { try easy.set(CURLOPT_USERNAME, username) }
            if let password = request.password { try easy.set(CURLOPT_PASSWORD, password) }
            try easy.set(CURLOPT_MAIL_FROM, "<\(request.from)>")
            try easy.set(CURLOPT_MAIL_RCPT, headers: recipients)
            try easy.set(CURLOPT_UPLOAD, true)
            try easy.set(CURLOPT_INFILESIZE_LARGE, offset: Int64(request.message.count))
            try easy.set(CURLOPT_READFUNCTION, reader: mailReadCallback)
            try easy.set(CURLOPT_READDATA, pointer: Unmanaged.passUnretained(upload).toOpaque())
            try easy.set(CURLOPT_CONNECTTIMEOUT_MS, min(request.timeout, .seconds(10)).curlMilliseconds)
            try easy.set(CURLOPT_TIMEOUT_MS, request.timeout.curlMilliseconds)
        } catch {
            return .failure(MailError(code: -1, message: error.description, reply: 0))
        }
        let code = withExtendedLifetime(upload) { curl_easy_perform(easy.raw) }
        guard code == CURLE_OK else {
            return .failure(
                MailError(
                    code: Int(code.rawValue), message: easy.errorMessage(for: code),
                    reply: easy.info(long: CURLINFO_RESPONSE_CODE) ?? 0))
        }
        return .success(())
    }

    /// The message being uploaded and how much of it libcurl has taken.
    final class Upload {
        let bytes: [UInt8]
        var offset = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
    }
}

/// `CURLOPT_READFUNCTION`: `context` is the unretained ``MailSender/Upload``, alive for the transfer.
private func mailReadCallback(
    _ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let buffer, let context else { return 0 }
    let upload = Unmanaged<MailSender.Upload>.fromOpaque(context).takeUnretainedValue()
    let n = min(size * count, upload.bytes.count - upload.offset)
    guard n > 0 else { return 0 }
    upload.bytes.withUnsafeBytes { raw in
        guard let base = raw.baseAddress else { return }
        UnsafeMutableRawPointer(buffer).copyMemory(from: base + upload.offset, byteCount: n)
    }
    upload.offset += n
    return n
}
