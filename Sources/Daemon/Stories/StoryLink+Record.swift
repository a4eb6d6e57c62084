import Alerts
import Store

extension StoryLink {
    /// The record's `"story"` as the alert is first written (README "One alert per story"): its story,
    /// with this article as its one source.
    var firstRecord: AlertRecord.StoryInfo {
        AlertRecord.StoryInfo(id: String(storyID), sources: 1)
    }
}
