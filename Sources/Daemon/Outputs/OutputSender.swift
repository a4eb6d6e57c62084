import Alerts
import Foundation

/// Sends alerts to one output's destination (README "Outputs"); `OutputLane` decides what and when.
public protocol OutputSender: Sendable {
    /// Sends one alert.
    func send(_ alert: AlertRecord) async -> OutputOutcome
    /// Sends the alerts of one digest period as one message (only outputs with `digest:`).
    func send(digest alerts: [AlertRecord], periodEnd: Date) async -> OutputOutcome
}

extension OutputSender {
    public func send(digest alerts: [AlertRecord], periodEnd: Date) async -> OutputOutcome {
        for alert in alerts {
            let outcome = await send(alert)
            if outcome != .delivered { return outcome }
        }
        return .delivered
    }
}
