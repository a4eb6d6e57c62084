import Foundation
import Rules
import TestSupport

/// Draws ranks 0..<n with probability proportional to 1/(rank+1)^s (Zipf), like words in text.
struct Zipf {
    private var cumulative: [Double] = []

    init(count: Int, exponent s: Double = 1.0) {
        var total = 0.0
        cumulative.reserveCapacity(count)
        for r in 0..<count {
            total += 1.0 / pow(Double(r + 1), s)
            cumulative.append(total)
        }
        for i in cumulative.indices { cumulative[i] /= total }
    }

    func draw(_ rng: inout SplitMix64) -> Int {
        let u = Double(rng.next() >> 11) / Double(1 << 53)
        var lo = 0
        var hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] < u { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// Synthetic proper names in several scripts: the long tail that most monitoring rules name.
struct NamePool {
    var latin: [String] = []
    var cyrillic: [String] = []
    var hangul: [String] = []
    var han: [String] = []

    init(size: Int, rng: inout SplitMix64) {
        var seen: Set<String> = []
        while latin.count < size {
            let n = 2 + rng.below(2)
            var name = ""
            for _ in 0..<n { name += rng.pick(Vocabulary.latinSyllables) }
            guard name.count >= 4, seen.insert(name).inserted else { continue }
            latin.append(name.prefix(1).uppercased() + name.dropFirst())
        }
        seen = []
        while cyrillic.count < size / 8 {
            var name = ""
            for _ in 0..<(2 + rng.below(2)) { name += rng.pick(Vocabulary.cyrillicSyllables) }
            guard seen.insert(name).inserted else { continue }
            cyrillic.append(name.prefix(1).uppercased() + name.dropFirst())
        }
        seen = []
        while hangul.count < min(size / 16, 20_000) {
            var name = ""
            // A family name, then given-name syllables from the whole Hangul syllable block.
            name += rng.pick(Vocabulary.hangulSyllables)
            for _ in 0..<(1 + rng.below(2)) {
                name += String(Character(Unicode.Scalar(0xAC00 + UInt32(rng.below(11_172)))!))
            }
            guard seen.insert(name).inserted else { continue }
            hangul.append(name)
        }
        seen = []
        while han.count < min(size / 16, 20_000) {
            var name = ""
            name += rng.pick(Vocabulary.hanSyllables)
            for _ in 0..<(1 + rng.below(2)) {
                name += String(Character(Unicode.Scalar(0x4E00 + UInt32(rng.below(20_900)))!))
            }
            guard seen.insert(name).inserted else { continue }
            han.append(name)
        }
    }
}

/// Generates articles of realistic size and word distribution in several scripts.
struct CorpusGenerator {
    enum Language: CaseIterable {
        case english, european, russian, greek, arabic, hebrew, chinese, japanese, korean, thai
    }

    let names: NamePool
    private let nameZipf: Zipf
    private let functionZipf: Zipf
    private let contentZipf: Zipf
    private let realNameZipf: Zipf

    init(names: NamePool) {
        self.names = names
        nameZipf = Zipf(count: names.latin.count, exponent: 1.0)
        functionZipf = Zipf(count: Vocabulary.englishFunction.count, exponent: 1.0)
        contentZipf = Zipf(count: Vocabulary.englishContent.count, exponent: 0.9)
        realNameZipf = Zipf(count: Vocabulary.englishNames.count, exponent: 1.0)
    }

    static func language(_ rng: inout SplitMix64) -> Language {
        let r = rng.below(100)
        switch r {
        case 0..<58: return .english
        case 58..<68: return .european
        case 68..<76: return .russian
        case 76..<78: return .greek
        case 78..<82: return .arabic
        case 82..<84: return .hebrew
        case 84..<90: return .chinese
        case 90..<94: return .japanese
        case 94..<98: return .korean
        default: return .thai
        }
    }

    /// One article: 1–8 KB of body text.
    func article(_ rng: inout SplitMix64, index: Int) -> Document {
        let language = Self.language(&rng)
        let target = 1024 + rng.below(7 * 1024)
        var text = ""
        text.reserveCapacity(target + 200)
        while text.utf8.count < target {
            text += sentence(language, &rng)
            text += rng.chance(0.15) ? "\n\n" : " "
        }
        var title = sentence(language, &rng, words: 5 + rng.below(8))
        if title.hasSuffix(".") { title.removeLast() }
        let author = names.latin[rng.below(names.latin.count)] + " " + names.latin[rng.below(names.latin.count)]
        let categories = [rng.pick(Vocabulary.englishContent), rng.pick(Vocabulary.englishContent)]
        return Document(
            title: title, text: text, author: author, categories: categories, feedID: "feed\(index % 50)",
            feedTags: index % 3 == 0 ? ["asia"] : ["world"], site: "www.site\(index % 40).example")
    }

    private func sentence(_ language: Language, _ rng: inout SplitMix64, words: Int? = nil) -> String {
        let count = words ?? (8 + rng.below(22))
        switch language {
        case .chinese, .japanese, .thai:
            let list =
                language == .chinese
                ? Vocabulary.chinese : language == .japanese ? Vocabulary.japanese : Vocabulary.thai
            var s = ""
            for i in 0..<count {
                if rng.chance(0.06) {
                    s += language == .chinese ? rng.pick(names.han) : names.latin[nameZipf.draw(&rng)]
                } else {
                    // Function words first in the list: draw them more often.
                    s += rng.chance(0.4) ? list[rng.below(min(10, list.count))] : rng.pick(list)
                }
                if i > 0 && i % 9 == 0 { s += language == .thai ? " " : "，" }
            }
            return s + (language == .thai ? " " : "。")
        default:
            var words: [String] = []
            words.reserveCapacity(count)
            for _ in 0..<count { words.append(word(language, &rng)) }
            if let first = words.first, let c = first.first {
                words[0] = String(c).uppercased() + first.dropFirst()
            }
            var s = ""
            for (i, w) in words.enumerated() {
                if i > 0 { s += rng.chance(0.07) ? ", " : " " }
                s += w
            }
            return s + (rng.chance(0.1) ? "?" : ".")
        }
    }

    private func word(_ language: Language, _ rng: inout SplitMix64) -> String {
        let r = rng.below(100)
        switch language {
        case .english, .european:
            if language == .european && r < 25 { return rng.pick(Vocabulary.europeanWords) }
            switch r {
            case 0..<45: return Vocabulary.englishFunction[functionZipf.draw(&rng)]
            case 45..<82:
                var w = Vocabulary.englishContent[contentZipf.draw(&rng)]
                if rng.chance(0.03) { w += "-" + Vocabulary.englishContent[contentZipf.draw(&rng)] }
                return w
            case 82..<90:
                let w = Vocabulary.englishNames[realNameZipf.draw(&rng)]
                return rng.chance(0.1) ? w + "’s" : w
            case 90..<98:
                let w = names.latin[nameZipf.draw(&rng)]
                return rng.chance(0.1) ? w + "'s" : w
            default:
                return String(rng.below(2030))
            }
        case .russian:
            if r < 8 { return rng.pick(names.cyrillic) }
            if r < 12 { return names.latin[nameZipf.draw(&rng)] }
            let w = rng.chance(0.5) ? Vocabulary.russian[rng.below(20)] : rng.pick(Vocabulary.russian)
            return rng.chance(0.05) ? w.uppercased() : w
        case .greek:
            return rng.chance(0.5) ? Vocabulary.greek[rng.below(18)] : rng.pick(Vocabulary.greek)
        case .arabic:
            return rng.chance(0.4) ? Vocabulary.arabic[rng.below(10)] : rng.pick(Vocabulary.arabic)
        case .hebrew:
            return rng.chance(0.4) ? Vocabulary.hebrew[rng.below(11)] : rng.pick(Vocabulary.hebrew)
        case .korean:
            if r < 8 { return rng.pick(names.hangul) + (rng.chance(0.5) ? "은" : "") }
            return rng.pick(Vocabulary.korean)
        case .chinese, .japanese, .thai:
            return rng.pick(Vocabulary.chinese)
        }
    }
}

/// Generates monitoring rules: mostly about specific names (the long tail) combined with topic
/// words, so that only a small fraction fires on any article, as in real monitoring.
struct RuleGenerator {
    let names: NamePool
    private let topicZipf: Zipf
    /// How many of the pool's names (most mentioned first) the rules draw from.
    let coverage: Int
    let famousShare: Double

    init(names: NamePool, ruleCount: Int) {
        self.names = names
        coverage = min(names.latin.count, max(20_000, 2 * ruleCount))
        // About 75 rules name a famous entity directly, whatever the size of the set.
        famousShare = min(0.05, 50.0 / Double(ruleCount))
        topicZipf = Zipf(count: Vocabulary.englishContent.count, exponent: 0.6)
    }

    private static let location = SourceLocation(file: "bench.yml", line: 1, column: 1)

    func actors(count: Int, _ rng: inout SplitMix64) -> [ActorDefinition] {
        (0..<count).map { i in
            var aliases: [String] = []
            let first = names.latin[rng.below(coverage)]
            let last = names.latin[rng.below(coverage)]
            aliases.append("\(first) \(last)")
            aliases.append(last)
            if last.count >= 6 { aliases.append(String(last.prefix(last.count - 1)) + "*") }
            aliases.append("\(first.prefix(1)). \(last)")
            if rng.chance(0.5) { aliases.append(rng.pick(names.cyrillic)) }
            if rng.chance(0.2) { aliases.append(rng.pick(names.hangul)) }
            if rng.chance(0.2) { aliases.append(rng.pick(names.han)) }
            // A fixed few actors are famous entities (a real name as alias); growth goes to the tail.
            if i < 20 { aliases.append(Vocabulary.englishNames[(i * 7) % Vocabulary.englishNames.count]) }
            return ActorDefinition(id: "actor\(i)", names: aliases, location: Self.location)
        }
    }

    private func topic(_ rng: inout SplitMix64) -> String {
        Vocabulary.englishContent[topicZipf.draw(&rng)]
    }

    /// A name for a rule: rarely a famous one; otherwise uniform over the part of the long tail
    /// that a rule set of this size covers (bigger rule sets watch more, rarer entities).
    private func entity(_ rng: inout SplitMix64) -> String {
        rng.chance(famousShare) ? rng.pick(Vocabulary.englishNames) : names.latin[rng.below(coverage)]
    }

    private func stem(_ w: String, keep minimum: Int = 4, drop: Int = 2) -> String {
        let keep = max(minimum, w.count - drop)
        return w.count > keep ? String(w.prefix(keep)) + "*" : w
    }

    func expression(_ rng: inout SplitMix64, actorCount: Int) -> String {
        let actor = { (rng: inout SplitMix64) in "@actor\(rng.below(actorCount))" }
        switch rng.below(20) {
        case 0, 1, 2:
            return "\"\(entity(&rng)) \(entity(&rng))\""
        case 3, 4:
            return "\(entity(&rng)) AND (\(topic(&rng)) OR \(topic(&rng)))"
        case 5:
            return "\(entity(&rng)) AND \(topic(&rng)) NOT \(topic(&rng))"
        case 6, 7:
            return "\(actor(&rng)) NEAR/\(rng.below(15) + 1) (\(topic(&rng)) OR \"\(topic(&rng)) \(topic(&rng))\")"
        case 8:
            return "\(actor(&rng)) ONEAR/\(rng.below(8) + 1) \(stem(topic(&rng)))"
        case 9, 10:
            return "\(actor(&rng)) AND (\(stem(topic(&rng))) OR \(topic(&rng)))"
        case 11:
            return "\(stem(entity(&rng), keep: 6, drop: 1)) AND \(topic(&rng))"
        case 12:
            return "title:\(entity(&rng)) OR title:\"\(topic(&rng)) \(entity(&rng))\""
        case 13:
            return "(\(entity(&rng)) OR \(entity(&rng)) OR \(entity(&rng))) AND (\(topic(&rng)) OR \(topic(&rng)))"
        case 14:
            return "\(rng.pick(names.cyrillic)) AND \(rng.pick(Vocabulary.russian))"
        case 15:
            return "\(rng.pick(names.han)) AND \(rng.pick(Vocabulary.chinese))"
        case 16:
            return "\(rng.pick(names.hangul)) NEAR/5 \(rng.pick(Vocabulary.korean))"
        case 17:
            return "author:\(entity(&rng)) AND category:\(topic(&rng))"
        case 18:
            return "\(actor(&rng)) AND \(actor(&rng)) AND NOT \(entity(&rng))"
        default:
            return "\(entity(&rng)) NEAR/10 \(entity(&rng))"
        }
    }

    func rules(count: Int, actorCount: Int, _ rng: inout SplitMix64) -> [RuleDefinition] {
        (0..<count).map { i in
            let text = expression(&rng, actorCount: actorCount)
            let location = SourceLocation(file: "bench.yml", line: i + 1, column: 12)
            return RuleDefinition(
                id: "rule\(i)", severity: .medium, match: ExpressionSource(text: text, location: location),
                feeds: i % 50 == 0 ? ["tag:asia"] : [], location: location)
        }
    }
}
