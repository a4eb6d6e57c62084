extension RuleSet {
    /// Why rule `id` does not fire on `document` (see `RuleMiss`); nil when it fires or there is
    /// no such rule. `applyingFeeds` as for `evaluate`.
    public func explainMiss(_ document: Document, rule id: String, applyingFeeds: Bool = true) -> RuleMiss? {
        guard let index = ruleIndex[id] else { return nil }
        let rule = rules[index]
        if applyingFeeds, !rule.applies(feedID: document.feedID, feedTags: document.feedTags) {
            return RuleMiss(reasons: [.feedLimit(rule.feeds.map(\.description))])
        }
        var context = MatchContext(ruleSet: self, document: document, scratch: scratchPool.take())
        let reasons = context.missReasons(rule: Int32(index), expression: rule.expression)
        scratchPool.give(context.releaseScratch())
        return reasons.map { RuleMiss(reasons: $0) }
    }
}
