import Alerts
import Configuration
import Curl
import Logging

/// Makes the sender of each output type (README "Outputs"); the service and `test --output` share it.
public enum OutputSenders {
    /// - Parameter client: the HTTP client webhooks post through.
    public static func make(_ output: OutputConfig, client: any HTTPFetching, logger: Logger) -> any OutputSender {
        switch output.kind {
        case .email: EmailSender(output)
        case .webhook: WebhookSender(output, client: client)
        case .exec: ExecSender(output) { logger.warning("\($0)", metadata: ["sink": "\(output.name)"]) }
        }
    }

    /// Why an output cannot work on this machine (an `exec` program that is missing or not executable),
    /// or nil.
    public static func problem(_ output: OutputConfig) -> String? {
        guard output.kind == .exec else { return nil }
        do {
            try ExecSink(name: output.name, command: output.command, timeout: output.timeout, log: { _ in }).prepare()
            return nil
        } catch {
            return error.description
        }
    }
}

/// An output that cannot work on this machine: the service does not start (exit status 78).
public struct OutputSetupError: Error, CustomStringConvertible {
    public var problem: String
    public var description: String { problem + "; fix the output in the config" }
}
