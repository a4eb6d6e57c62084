import Alerts
import Configuration
import Curl
import Foundation

/// A `webhook` output (README "Outputs"): an HTTP POST per alert with `Idempotency-Key: ALERT-ID`. A
/// 2xx is a delivery; 408, 429 and 5xx are retried (after `Retry-After` when given); any other status
/// is a permanent failure for that alert.
public struct WebhookSender: OutputSender {
    let output: OutputConfig
    let client: any HTTPFetching

    public init(_ output: OutputConfig, client: any HTTPFetching) {
        self.output = output
        self.client = client
    }

    public func send(_ alert: AlertRecord) async -> OutputOutcome {
        let body = WebhookBody.make(alert, format: output.format)
        let request = HTTPRequest(
            url: output.url, userAgent: "newswatch", timeout: output.timeout,
            connectTimeout: min(output.timeout, .seconds(10)), maxBody: 64 << 10, maxRedirects: 0,
            extraHeaders: [
                "Content-Type: \(body.contentType)", "Idempotency-Key: \(alert.id)", "X-Newswatch-Alert: \(alert.id)",
            ] + output.headers,
            body: body.bytes, caFile: output.caFile)
        let place = output.destination
        let response: HTTPResponse
        do {
            response = try await client.fetch(request)
        } catch FetchError.bodyTooLarge(_, let status?) where (200..<300).contains(status) {
            return .delivered  // a 2xx with a long answer: the answer is not read
        } catch {
            return .retry("\(place): \(error)", after: nil)
        }
        let status = response.status
        switch status {
        case 200..<300:
            return .delivered
        case 408, 429, 500..<600:
            let delay = response.retryAfter.flatMap { RetryAfter.delay($0, now: Date()) }
            return .retry("\(place) answered \(status)\(Self.said(response))", after: delay)
        case 300..<400:
            let target = response.headers["location"].map { " to \($0)" } ?? ""
            return .permanent("\(place) answered \(status) (moved\(target)); update the output's url")
        default:
            return .permanent(
                "\(place) answered \(status)\(Self.said(response)); fix the output (url, headers) and reload")
        }
    }

    /// The start of the server's answer, for the log.
    static func said(_ response: HTTPResponse) -> String {
        let text = String(decoding: response.body.prefix(200), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? "" : ": \(text)"
    }
}
