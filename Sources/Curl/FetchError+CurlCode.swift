import CCurl

extension FetchError {
    /// What a finished transfer knew besides its `CURLcode`, needed to name the failure precisely.
    struct CurlContext {
        var message: String
        var request: HTTPRequest
        /// The `Location` of the last response seen, if any (the refused redirect target).
        var location: String?
        var bodyLimitHit: Bool
        var headerLimitHit: Bool
        /// The status of the response whose headers had arrived, if any.
        var status: Int? = nil
    }

    /// Maps a failed transfer's `CURLcode` to the error the caller sees.
    init(curlCode code: CURLcode, _ context: CurlContext) {
        switch code {
        case CURLE_WRITE_ERROR where context.bodyLimitHit, CURLE_FILESIZE_EXCEEDED:
            self = .bodyTooLarge(limit: context.request.maxBody, status: context.status)
        case CURLE_WRITE_ERROR where context.headerLimitHit:
            self = .transfer(
                code: Int(code.rawValue),
                message: "response headers larger than \(ResponseHeaderCollector.maxBlockBytes) bytes")
        case CURLE_OPERATION_TIMEDOUT:
            self = .timedOut
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            self = .resolveFailed(context.message)
        case CURLE_COULDNT_CONNECT:
            self = .connectFailed(context.message)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_USE_SSL_FAILED, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE,
            CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
            CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
            CURLE_SSL_CLIENTCERT:
            self = .tlsFailed(context.message)
        case CURLE_TOO_MANY_REDIRECTS:
            self = .tooManyRedirects(context.request.maxRedirects)
        case CURLE_UNSUPPORTED_PROTOCOL:
            let target = context.location ?? context.request.url
            self = .unsupportedScheme(URLPolicy.scheme(of: target) ?? context.message)
        case CURLE_URL_MALFORMAT:
            self = .invalidURL(context.location ?? context.request.url)
        case CURLE_ABORTED_BY_CALLBACK:
            self = .cancelled
        default:
            self = .transfer(code: Int(code.rawValue), message: context.message)
        }
    }
}
