/// One email to hand to an SMTP server (README "Outputs").
public struct MailRequest: Sendable {
    /// `smtp://HOST[:PORT]` (STARTTLS: required when a password is sent, used when offered otherwise) or
    /// `smtps://HOST[:PORT]` (TLS from the start).
    public var url: String
    public var from: String
    public var recipients: [String]
    /// The whole message, headers and body, with CRLF line ends.
    public var message: [UInt8]
    public var username: String?
    public var password: String?
    /// A PEM file of certificate authorities to trust instead of the system's.
    public var caFile: String?
    /// Limit on the whole exchange.
    public var timeout: Duration

    public init(
        url: String, from: String, recipients: [String], message: [UInt8], username: String? = nil,
        password: String? = nil, caFile: String? = nil, timeout: Duration = .seconds(30)
    ) {
        self.url = url
        self.from = from
        self.recipients = recipients
        self.message = message
        self.username = username
        self.password = password
        self.caFile = caFile
        self.timeout = timeout
    }
}

/// Why a message was not accepted: libcurl's code and message, and the server's last reply code (0
/// when it never answered). A 5xx reply to the envelope or the data is permanent; the rest may pass later.
public struct MailError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    public var message: String
    public var reply: Int

    public var permanent: Bool { reply >= 500 && reply < 600 && code != 67 }

    public var description: String {
        var text = message
        if reply > 0 { text += " (server replied \(reply))" }
        if code == 67 { text += "; check username and password_file" }
        if code == 60 || code == 35 || code == 64 {
            text += "; the server's certificate must verify (ca_file: for a private CA)"
        }
        return text
    }
}
