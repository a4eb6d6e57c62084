/// A rule that fired on a document, with the evidence.
public struct RuleMatch: Sendable {
    public let rule: Rule
    /// The article's evidence, shared by all its matches; this match's hits are
    /// `evidence.records[hitRange]`.
    let evidence: Evidence
    let hitRange: Range<Int>
    /// Hits left out by the cap of `maxHitsPerTerm` (for an alert's "... and N more").
    public let omittedHits: Int

    /// Of each term, at most this many hits are kept per field (title, text, author, categories),
    /// the first in document order: enough to show where and how a term occurs, and a bound on
    /// the alert and on the memory of matching a text that repeats a word a million times.
    public static let maxHitsPerTerm = 20

    init(rule: Rule, evidence: Evidence, hitRange: Range<Int>, omittedHits: Int = 0) {
        self.rule = rule
        self.evidence = evidence
        self.hitRange = hitRange
        self.omittedHits = omittedHits
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
