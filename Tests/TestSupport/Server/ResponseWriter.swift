import Foundation

/// Serializes a ``TestResponse`` into HTTP/1.1 bytes (always `Connection: close`).
enum ResponseWriter {
    static func bytes(for response: TestResponse, method: String) -> [UInt8] {
        let body = response.gzip ? Gzip.compress(response.body) : response.body
        let bodiless = response.status == 204 || response.status == 304 || (100..<200).contains(response.status)
        var head = "HTTP/1.1 \(response.status) \(reason(response.status))\r\n"
        for line in response.headers {
            head += line + "\r\n"
        }
        if response.gzip {
            head += "Content-Encoding: gzip\r\n"
        }
        let hasLength = response.headers.contains { $0.lowercased().hasPrefix("content-length:") }
        if response.sendsContentLength, !hasLength, !bodiless {
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "Connection: close\r\n\r\n"
        var bytes = Array(head.utf8)
        if method != "HEAD", !bodiless {
            bytes += body
        }
        return bytes
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 410: "Gone"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
