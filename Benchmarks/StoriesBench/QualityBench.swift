import Foundation
import Stories

/// Quality on a labelled stream: republications must join their original's story, distinct stories
/// (hard negatives among them) must not join any other.
enum QualityBench {
    struct Record: Decodable {
        /// The true story.
        var group: Int
        /// "original", "republication", or the kind of a distinct story ("release", "briefing", "follow-up", ...).
        var kind: String
        var title: String
        var text: String
        var url: String
        /// For a republication: the record it republishes.
        var original: Int?
        /// Earlier records it must not be one story with (its hard negatives).
        var against: [Int]?
        /// For a republication: what was changed.
        var changes: [String]?
    }

    static func run(file: String, threshold: Double) {
        guard let data = FileManager.default.contents(atPath: file) else {
            print("cannot read \(file)")
            exit(1)
        }
        let decoder = JSONDecoder()
        let records = data.split(separator: UInt8(ascii: "\n")).compactMap {
            try? decoder.decode(Record.self, from: $0)
        }
        let signatures = records.map { StorySignature(title: $0.title, text: $0.text) }
        print("quality: \(records.count) records from \(file), threshold \(threshold)")

        // Pair by pair.
        var positives = (pairs: 0, merged: 0)
        var negatives: [String: (pairs: Int, merged: Int)] = [:]
        var missed: [(Int, Double)] = []
        var positiveValues: [Double] = []
        var negativeValues: [Double] = []
        var wrong: [(Int, Int, Double)] = []
        for (i, r) in records.enumerated() {
            if let o = r.original {
                let resemblance = signatures[o].resemblance(to: signatures[i])
                positives.pairs += 1
                positiveValues.append(resemblance)
                if resemblance >= threshold { positives.merged += 1 } else { missed.append((i, resemblance)) }
            }
            for o in r.against ?? [] {
                let resemblance = signatures[o].resemblance(to: signatures[i])
                negatives[r.kind, default: (0, 0)].pairs += 1
                negativeValues.append(resemblance)
                if resemblance >= threshold {
                    negatives[r.kind, default: (0, 0)].merged += 1
                    wrong.append((o, i, resemblance))
                }
            }
        }
        let negativePairs = negatives.values.reduce(0) { $0 + $1.pairs }
        let negativeMerged = negatives.values.reduce(0) { $0 + $1.merged }
        print(
            String(
                format: "pairs: republications merged %d/%d = %.2f%%; hard negatives merged %d/%d = %.3f%%",
                positives.merged, positives.pairs, percent(positives.merged, positives.pairs), negativeMerged,
                negativePairs, percent(negativeMerged, negativePairs)))
        positiveValues.sort()
        negativeValues.sort()
        func quantile(_ values: [Double], _ q: Double) -> Double {
            values.isEmpty ? 0 : values[min(values.count - 1, Int(q * Double(values.count)))]
        }
        print(
            String(
                format:
                    "  resemblance of republications: 1%% %.2f, 5%% %.2f, median %.2f; of hard negatives: median %.2f, 99%% %.2f, max %.2f",
                quantile(positiveValues, 0.01), quantile(positiveValues, 0.05), quantile(positiveValues, 0.5),
                quantile(negativeValues, 0.5), quantile(negativeValues, 0.99), negativeValues.last ?? 0))
        for (kind, n) in negatives.sorted(by: { $0.key < $1.key }) {
            print(String(format: "  %@: %d/%d merged (%.3f%%)", kind, n.merged, n.pairs, percent(n.merged, n.pairs)))
        }

        // Through the index, in stream order (one article a minute).
        var index = StoryIndex(threshold: threshold)
        let start = Date(timeIntervalSinceReferenceDate: 0)
        var assigned: [StoryID] = []
        var republications = (count: 0, merged: 0)
        var distinct: [String: (count: Int, merged: Int)] = [:]
        var wrongMerges: [(Int, Int)] = []
        for (i, r) in records.enumerated() {
            let (id, isNew) = index.assign(signatures[i], canonical: r.url, at: start + Double(i) * 60)
            assigned.append(id)
            if let o = r.original {
                republications.count += 1
                if id == assigned[o] { republications.merged += 1 }
            } else {
                // The first article of its true story: any merge is a wrong one.
                distinct[r.kind, default: (0, 0)].count += 1
                if !isNew {
                    distinct[r.kind, default: (0, 0)].merged += 1
                    if let first = assigned.firstIndex(of: id) { wrongMerges.append((first, i)) }
                }
            }
        }
        let distinctCount = distinct.values.reduce(0) { $0 + $1.count }
        let distinctMerged = distinct.values.reduce(0) { $0 + $1.merged }
        print(
            String(
                format: "index: republications merged %d/%d = %.2f%%; distinct stories merged %d/%d = %.3f%%",
                republications.merged, republications.count, percent(republications.merged, republications.count),
                distinctMerged, distinctCount, percent(distinctMerged, distinctCount)))
        for (kind, n) in distinct.sorted(by: { $0.key < $1.key }) {
            print(String(format: "  %@: %d/%d merged (%.3f%%)", kind, n.merged, n.count, percent(n.merged, n.count)))
        }
        if ProcessInfo.processInfo.environment["STORIES_BENCH_DEBUG"] != nil {
            for (i, resemblance) in missed.prefix(10) {
                print(
                    "missed \(String(format: "%.3f", resemblance)) \(records[i].changes ?? []): \(records[i].title) | "
                        + "\(records[i].text.prefix(300))")
            }
            for (i, r) in records.enumerated() {
                for o in r.against ?? [] {
                    let resemblance = signatures[o].resemblance(to: signatures[i])
                    if resemblance >= 0.55 && resemblance < threshold {
                        print(
                            "close \(String(format: "%.3f", resemblance)) [\(r.kind)]: \(records[o].title) ~ \(r.title)"
                        )
                    }
                }
            }
            for (a, b, resemblance) in wrong.prefix(10) {
                print(
                    "wrong \(String(format: "%.3f", resemblance)) [\(records[b].kind)]: \(records[a].title) ~ \(records[b].title)"
                )
            }
            for (a, b) in wrongMerges {
                print(
                    "index merged [\(records[b].kind)] \(records[b].title) into [\(records[a].kind)] \(records[a].title): "
                        + String(format: "%.3f", signatures[a].resemblance(to: signatures[b])))
            }
        }
    }

    static func percent(_ a: Int, _ b: Int) -> Double {
        b == 0 ? 0 : 100 * Double(a) / Double(b)
    }
}
