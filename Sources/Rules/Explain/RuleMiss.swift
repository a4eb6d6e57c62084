/// Why a rule does not fire on a document: the parts of its expression that fail, each said
/// in a line (`newswatch test --rule ID`, README "Check and try rules").
public struct RuleMiss: Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        /// A term or actor that does not occur; `scope` when the rule names a field.
        case missing(term: String, scope: FieldScope?)
        /// A `NOT` operand that occurs: the first place where it does (nil: not a plain term).
        case excluded(term: String, field: Field?, offset: Int?)
        /// Both sides of a NEAR occur, never close enough: the fewest words between them in one
        /// field (in the required order for ONEAR), nil when they never meet in one field (so).
        case tooFar(left: String, right: String, distance: Int, ordered: Bool, closest: Int?)
        /// `feed:` or `site:` does not hold.
        case feed(String)
        case site(String)
        /// The rule's `feeds:` do not select the document's feed.
        case feedLimit([String])
    }

    public let reasons: [Reason]

    public init(reasons: [Reason]) {
        self.reasons = reasons
    }

    /// One line per reason.
    public var lines: [String] { reasons.map(Self.line) }

    static func line(_ reason: Reason) -> String {
        switch reason {
        case .missing(let term, let scope):
            let place =
                switch scope {
                case nil, .text?: ""
                case .title?: " in the title"
                case .author?: " in the author"
                case .category?: " in the categories"
                }
            return "missing: \(quoted(term))\(place)"
        case .excluded(let term, let field, let offset):
            let place = field.map { f in offset.map { " (\(f.rawValue)@\($0))" } ?? "" } ?? ""
            return "NOT \(term): \(quoted(term)) is present\(place)"
        case .tooFar(let left, let right, let n, let ordered, let closest):
            let op = (ordered ? "ONEAR/" : "NEAR/") + String(n)
            guard let closest else {
                return ordered
                    ? "\(op): \(quoted(left)) never comes before \(quoted(right)) in one field"
                    : "\(op): \(quoted(left)) and \(quoted(right)) never occur in one field"
            }
            return
                "\(op): \(quoted(left)) and \(quoted(right)) are \(closest) word\(closest == 1 ? "" : "s") apart at best"
                + (ordered ? " (in that order)" : "")
        case .feed(let value):
            return "feed:\(value): the entry is not from that feed"
        case .site(let value):
            return "site:\(value): the entry's link is not on that site"
        case .feedLimit(let selectors):
            return "limited to feeds \(selectors.joined(separator: ", ")): this feed is not one of them"
        }
    }

    /// A term as the rule writes it, in quotes unless it is a quoted phrase or a parenthesized
    /// group already.
    private static func quoted(_ term: String) -> String {
        term.hasPrefix("\"") || term.hasPrefix("(") ? term : "'\(term)'"
    }
}
