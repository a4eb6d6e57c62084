import Foundation
import Rules

/// One of `alerts.outputs` (README "Outputs"): a sink of the outbox besides the log and the spool, with a
/// filter on the alerts it takes.
public struct OutputConfig: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case email, webhook, exec
    }

    public var name: String
    public var kind: Kind
    /// `exec`: the program and its arguments, run without a shell.
    public var command: [String] = []
    /// `exec`: how long the command may run before it is killed (and the alert retried).
    public var timeout: Duration = .seconds(30)
    /// Only alerts of this severity and above; nil: all.
    public var severity: Severity?
    /// Only alerts of these rules (globs, as in `dprk-*`); empty: all.
    public var rules: [String] = []
    /// Only alerts of rules with one of these tags; empty: all.
    public var tags: [String] = []
    public var location: SourceLocation

    public init(name: String, kind: Kind, location: SourceLocation) {
        self.name = name
        self.kind = kind
        self.location = location
    }

    /// Whether an alert of `rule` (with its severity and tags) goes to this output.
    public func accepts(rule: String, severity: String, tags: [String]) -> Bool {
        if let minimum = self.severity, (Severity(rawValue: severity) ?? .info) < minimum { return false }
        if !rules.isEmpty, !rules.contains(where: { fnmatch($0, rule, 0) == 0 }) { return false }
        if !self.tags.isEmpty, !tags.contains(where: self.tags.contains) { return false }
        return true
    }
}
