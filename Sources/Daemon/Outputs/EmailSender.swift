import Alerts
import Configuration
import Curl
import Foundation

/// An `email` output (README "Outputs"): one message per alert with `Message-ID: <ALERT-ID@newswatch>`,
/// or one per digest period, through libcurl's SMTP.
public struct EmailSender: OutputSender {
    let output: OutputConfig

    public init(_ output: OutputConfig) {
        self.output = output
    }

    public func send(_ alert: AlertRecord) async -> OutputOutcome {
        await send(MailMessage.alert(alert, from: output.from, to: output.to))
    }

    public func send(digest alerts: [AlertRecord], periodEnd: Date) async -> OutputOutcome {
        let message = MailMessage.digest(
            alerts, output: output.name, schedule: output.digest?.description ?? "", periodEnd: periodEnd,
            from: output.from, to: output.to)
        return await send(message)
    }

    func send(_ message: MailMessage) async -> OutputOutcome {
        let request = MailRequest(
            url: output.url, from: output.from, recipients: output.to, message: message.rendered(date: Date()),
            username: output.username, password: output.password, caFile: output.caFile, timeout: output.timeout)
        switch await MailSender.send(request) {
        case .success: return .delivered
        case .failure(let error):
            let text = "\(output.destination): \(error)"
            return error.permanent
                ? .permanent(text + "; the server refused this message for good") : .retry(text, after: nil)
        }
    }
}
