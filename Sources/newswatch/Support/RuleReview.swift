import Basics
import Configuration
import Foundation
import Store

/// What each rule does, with the problems first (README "See what rules do"): pure, from the rules'
/// alert counts and the number of new entries in the window.
struct RuleReview {
    enum Flag: String, CaseIterable, Comparable {
        /// Fires on more than the noisy share of all new entries.
        case noisy
        /// Limited to feeds that no configured feed is.
        case unknownFeeds = "unknown-feeds"
        /// Raised no alert inside the window.
        case neverFired = "never-fired"

        /// Problems first: the order of the cases.
        var rank: Int { Self.allCases.firstIndex(of: self) ?? Self.allCases.count }

        static func < (a: Flag, b: Flag) -> Bool { a.rank < b.rank }
    }

    struct Line {
        var id: String
        var severity: String
        var activity: RuleActivity
        var flags: [Flag]
        /// The rule's alerts as a share of the new entries in the window.
        var share: Double
    }

    /// The rule counts as noisy from this share of all new entries on, with at least `noisyMinimum` alerts.
    static let noisyMinimum = 10

    static func lines(
        rules: [(id: String, severity: String, feedLimits: [String])], activity: [String: RuleActivity], entries: Int,
        noisyShare: Double, feeds: [String], tags: Set<String>
    ) -> [Line] {
        let known = Set(feeds)
        var lines: [Line] = rules.map { rule in
            let a = activity[rule.id] ?? RuleActivity()
            let share = entries > 0 ? Double(a.window) / Double(entries) : 0
            var flags: [Flag] = []
            if a.window >= noisyMinimum && share > noisyShare { flags.append(.noisy) }
            let limits = rule.feedLimits
            if !limits.isEmpty
                && limits.allSatisfy({ limit in
                    limit.hasPrefix("tag:") ? !tags.contains(String(limit.dropFirst(4))) : !known.contains(limit)
                })
            {
                flags.append(.unknownFeeds)
            }
            if a.window == 0 { flags.append(.neverFired) }
            return Line(id: rule.id, severity: rule.severity, activity: a, flags: flags, share: share)
        }
        lines.sort { a, b in
            let fa = a.flags.min(), fb = b.flags.min()
            if fa != fb {
                guard let fa else { return false }
                guard let fb else { return true }
                return fa < fb
            }
            if a.activity.window != b.activity.window { return a.activity.window > b.activity.window }
            return a.id < b.id
        }
        return lines
    }

    /// `12 rules: 2 noisy, 3 never fired in 7d` (for `status`).
    static func summary(_ lines: [Line], window: Duration) -> String {
        let noisy = lines.filter { $0.flags.contains(.noisy) }.count
        let never = lines.filter { $0.flags.contains(.neverFired) }.count
        let unknown = lines.filter { $0.flags.contains(.unknownFeeds) }.count
        var parts: [String] = []
        if noisy > 0 { parts.append("\(noisy) noisy") }
        if unknown > 0 { parts.append("\(unknown) limited to unknown feeds") }
        parts.append("\(never) never fired in \(Quantity.format(window))")
        return "\(Plural.count(lines.count, "rule")): " + parts.joined(separator: ", ")
    }
}
