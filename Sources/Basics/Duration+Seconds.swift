import Foundation

/// Durations as seconds, and dates moved by a duration: the arithmetic the schedule, the policy and the
/// CLI share.
extension Date {
    public func adding(_ duration: Duration) -> Date {
        addingTimeInterval(duration.seconds)
    }
}

extension Duration {
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
