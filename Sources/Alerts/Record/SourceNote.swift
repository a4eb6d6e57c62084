/// A later source of a story an alert was raised for (README "One alert per story"): it raises no alert,
/// and the alert log gets one short line for it.
public struct SourceNote: Sendable, Equatable {
    /// The alert the source was added to.
    public var alertID: String
    public var ruleID: String
    public var feedID: String
    public var url: String?
    public var title: String
    /// ISO-8601 UTC.
    public var time: String

    public init(alertID: String, ruleID: String, feedID: String, url: String?, title: String, time: String) {
        self.alertID = alertID
        self.ruleID = ruleID
        self.feedID = feedID
        self.url = url
        self.title = title
        self.time = time
    }
}
