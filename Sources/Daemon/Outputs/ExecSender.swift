import Alerts
import Configuration
import Foundation

/// An `exec` output (README "Outputs"): the command runs on a thread of its own, so that a slow one
/// holds no task of the service.
public struct ExecSender: OutputSender {
    let sink: ExecSink

    public init(_ output: OutputConfig, log: @escaping @Sendable (String) -> Void) {
        sink = ExecSink(name: output.name, command: output.command, timeout: output.timeout, log: log)
    }

    public func send(_ alert: AlertRecord) async -> OutputOutcome {
        let sink = self.sink
        return await withCheckedContinuation { (done: CheckedContinuation<OutputOutcome, Never>) in
            let thread = Thread {
                do throws(SinkError) {
                    try sink.deliver(alert)
                    done.resume(returning: .delivered)
                } catch {
                    done.resume(returning: .retry(error.problem ?? error.description, after: nil))
                }
            }
            thread.name = "newswatch-exec"
            thread.start()
        }
    }
}
