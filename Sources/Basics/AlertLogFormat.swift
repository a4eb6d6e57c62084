/// The layout of the alert log (README "Alerts"): one text line or one JSON object per alert.
public enum AlertLogFormat: String, Sendable, CaseIterable {
    case text, json
}
