import Basics
import Foundation

/// The articles of the story window and the story of each: finds, for a new article, the story of an
/// earlier one it is a near-copy of (Benchmarks/README, "Stories").
///
/// An article is the same story as an earlier one of the window when it has the same canonical URL,
/// or when their signatures' resemblance is at least `threshold`. Candidates come from an inverted
/// index over each signature's `indexedMinima` smallest hashes (the newest `postingLimit` articles of
/// each): two near-copies share most of those, other articles few (a common phrase, boilerplate), so a
/// candidate must share two of them (three when none is rare), and only the few that share most are
/// compared.
///
/// A value; the daemon keeps it inside an actor. Memory is bounded by the articles of the window:
/// `prune(before:)` forgets the older ones (`assign` ignores them already).
public struct StoryIndex: Sendable {
    /// How far back an earlier article counts, in seconds.
    public let window: TimeInterval
    /// The least resemblance of a near-copy.
    public let threshold: Double
    /// The id the next new story gets.
    public private(set) var nextID: Int64

    /// The least resemblance of a near-copy unless told otherwise: on the benchmark's labelled set
    /// (Benchmarks/README, "Stories") it merges 96% of republications, and the hard negatives that come
    /// above 0.7 are near-copies themselves.
    public static let defaultThreshold = 0.8

    /// How many of a signature's smallest hashes are indexed.
    static let indexedMinima = 12
    /// How many articles of one hash are looked at, the newest: a hash of very many articles is a phrase
    /// every outlet uses, a shingle of boilerplate, or a story that many outlets carry (whose newest
    /// articles are enough to find it).
    static let postingLimit = 16
    /// How many candidates are compared at most, those that share the most hashes first.
    static let evaluatedCandidates = 8
    /// A hash of at most this many articles is rare: two shared hashes make a candidate when one of them
    /// is rare, else it takes three.
    static let rareList = 4

    private struct Entry: Sendable {
        var id: StoryID
        var time: TimeInterval
        var signature: StorySignature
        var canonical: String?
    }

    private var entries = SlotArray<Entry?>()
    private var postings = PostingTable()
    /// The newest article of each canonical URL.
    private var canonicalSlots: [String: Int32] = [:]
    /// The number of articles in the index.
    public private(set) var count = 0

    /// An empty index. `window` is how far back an article may be to be the same story (72 hours by
    /// default); `threshold` the least resemblance of a near-copy; ids start at `nextID`.
    public init(window: TimeInterval = 72 * 3600, threshold: Double = defaultThreshold, nextID: Int64 = 1) {
        self.window = window
        self.threshold = threshold
        self.nextID = nextID
    }

    public init(window: Duration, threshold: Double = defaultThreshold, nextID: Int64 = 1) {
        self.init(window: window.seconds, threshold: threshold, nextID: nextID)
    }

    /// The story of an article seen at `date`: that of the earlier article of the window with the same
    /// canonical URL, else of the one it resembles most (at least `threshold`), else a new one
    /// (`isNew`). The article joins the index either way.
    public mutating func assign(_ signature: StorySignature, canonical: String?, at date: Date) -> (
        id: StoryID, isNew: Bool
    ) {
        if let found = find(signature, canonical: canonical, at: date) {
            insert(id: found, signature: signature, canonical: canonical, at: date)
            return (found, false)
        }
        let id = StoryID(rawValue: nextID)
        insert(id: id, signature: signature, canonical: canonical, at: date)
        return (id, true)
    }

    /// The story an article seen at `date` belongs to, without adding it; nil for a new story.
    public func find(_ signature: StorySignature, canonical: String?, at date: Date) -> StoryID? {
        let oldest = date.timeIntervalSinceReferenceDate - window
        if let canonical, let slot = canonicalSlots[canonical], let entry = entries[slot], entry.time >= oldest {
            return entry.id
        }
        if signature.isThin { return nil }
        // Each candidate slot << 1, | 1 when it comes from a hash few articles have.
        var candidates: [Int64] = []
        for key in signature.minima.prefix(Self.indexedMinima) {
            postings.forEach(key, limit: Self.postingLimit) { slot, total in
                candidates.append(Int64(slot) << 1 | (total <= Self.rareList ? 1 : 0))
            }
        }
        guard !candidates.isEmpty else { return nil }
        candidates.sort()
        // The candidates (hits << 32 | slot): two shared hashes, one of them rare, or three.
        var eligible: [Int64] = []
        var i = 0
        while i < candidates.count {
            let slot = candidates[i] >> 1
            var hits: Int64 = 0
            var rare = false
            while i < candidates.count && candidates[i] >> 1 == slot {
                hits += 1
                rare = rare || candidates[i] & 1 != 0
                i += 1
            }
            if (rare && hits >= 2) || hits >= 3 { eligible.append(hits << 32 | slot) }
        }
        // Most shared hashes first; a near-copy shares most of them, so the first few are enough.
        eligible.sort(by: >)
        var best: (id: StoryID, resemblance: Double)?
        for candidate in eligible.prefix(Self.evaluatedCandidates) {
            guard let entry = entries[Int32(truncatingIfNeeded: candidate)], entry.time >= oldest else { continue }
            let r = entry.signature.resemblance(to: signature)
            if r >= threshold, r > best?.resemblance ?? -1 { best = (entry.id, r) }
        }
        return best?.id
    }

    /// Adds an article of a known story (rebuilding the index from the database at start-up, in any
    /// order). `nextID` moves past `id`.
    public mutating func insert(id: StoryID, signature: StorySignature, canonical: String?, at date: Date) {
        let entry = Entry(
            id: id, time: date.timeIntervalSinceReferenceDate, signature: signature, canonical: canonical)
        let slot = entries.insert(entry)
        count += 1
        nextID = max(nextID, id.rawValue + 1)
        if !signature.isThin {
            for key in signature.minima.prefix(Self.indexedMinima) { postings.add(key, slot: slot) }
        }
        if let canonical {
            if let other = canonicalSlots[canonical], let older = entries[other], older.time > entry.time {
                return
            }
            canonicalSlots[canonical] = slot
        }
    }

    /// Forgets the articles seen before `date` (a pass over every article of the index: call it now and
    /// then, say hourly, with the start of the window).
    public mutating func prune(before date: Date) {
        let cutoff = date.timeIntervalSinceReferenceDate
        for slot in entries.elements.indices {
            let s = Int32(slot)
            guard let entry = entries[s], entry.time < cutoff else { continue }
            if !entry.signature.isThin {
                for key in entry.signature.minima.prefix(Self.indexedMinima) { postings.remove(key, slot: s) }
            }
            if let canonical = entry.canonical, canonicalSlots[canonical] == s { canonicalSlots[canonical] = nil }
            entries[s] = nil
            entries.release(s)
            count -= 1
        }
    }
}
