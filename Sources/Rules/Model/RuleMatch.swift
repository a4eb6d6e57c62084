/// A rule that fired on a document, with the evidence.
public struct RuleMatch: Sendable {
    public let rule: Rule
    /// The article's evidence, shared by all its matches; this match's hits are
    /// `evidence.records[hitRange]`.
    let evidence: Evidence
    let hitRange: Range<Int>

    init(rule: Rule, evidence: Evidence, hitRange: Range<Int>) {
        self.rule = rule
        self.evidence = evidence
        self.hitRange = hitRange
    }

    /// Positive terms that matched, in document order (title, text, author, categories; then
    /// offset), then the `feed:`/`site:` conditions that held. Built when read.
    public var hits: [Hit] {
        evidence.records[hitRange].map(evidence.hit)
    }

    /// How many hits there are (without building them).
    public var hitCount: Int { hitRange.count }

    /// Ids of the actors that matched, sorted. Built when read.
    public var actors: [String] {
        evidence.actors(hitRange)
    }
}
