import Foundation

/// Parsing of the config's durations (`45s`, `15m`, `2h`, `1d`) and sizes (`512KiB`, `10MiB`).
public enum Quantity {
    public static func duration(_ text: String) -> Duration? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let unitStart = t.firstIndex(where: { !$0.isNumber && $0 != "." }) else { return nil }
        guard let value = Double(t[..<unitStart]), value >= 0, value.isFinite else { return nil }
        let factor: Double
        switch t[unitStart...].lowercased() {
        case "ms": factor = 0.001
        case "s", "sec", "secs": factor = 1
        case "m", "min", "mins": factor = 60
        case "h", "hr", "hrs": factor = 3600
        case "d", "day", "days": factor = 86400
        default: return nil
        }
        return .milliseconds(Int64((value * factor * 1000).rounded()))
    }

    public static func size(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let unitStart = t.firstIndex(where: { !$0.isNumber && $0 != "." }) ?? t.endIndex
        guard let value = Double(t[..<unitStart]), value >= 0, value.isFinite else { return nil }
        let factor: Double
        switch t[unitStart...].trimmingCharacters(in: .whitespaces) {
        case "", "B": factor = 1
        case "KiB", "K", "k": factor = 1024
        case "MiB", "M": factor = 1024 * 1024
        case "GiB", "G": factor = 1024 * 1024 * 1024
        case "kB", "KB": factor = 1000
        case "MB": factor = 1_000_000
        case "GB": factor = 1_000_000_000
        default: return nil
        }
        let bytes = value * factor
        guard bytes < Double(Int.max) else { return nil }
        return Int(bytes)
    }

    /// `15m`, `2h`, `1d`, `45s`: the most compact exact rendering, for messages and `status`.
    public static func format(_ duration: Duration) -> String {
        let seconds = Int(duration.components.seconds)
        if seconds == 0 { return "\(Int(duration.components.attoseconds / 1_000_000_000_000_000))ms" }
        for (unit, size) in [("d", 86400), ("h", 3600), ("m", 60)] where seconds % size == 0 {
            return "\(seconds / size)\(unit)"
        }
        return "\(seconds)s"
    }
}
