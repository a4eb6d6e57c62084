import Foundation
import Rules

/// One of `alerts.outputs` (README "Outputs"): a sink of the outbox besides the log and the spool, with a
/// filter on the alerts it takes.
public struct OutputConfig: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case email, webhook, exec
    }

    /// What a webhook posts: the alert record, a Slack-style `{"text": ...}`, or plain text (ntfy).
    public enum Format: String, Sendable, CaseIterable {
        case json, slack, text
    }

    public var name: String
    public var kind: Kind
    /// `exec`: the program and its arguments, run without a shell.
    public var command: [String] = []
    /// How long one delivery may take: the command's run (then it is killed), or the whole SMTP or HTTP
    /// exchange. The alert stays pending and is retried.
    public var timeout: Duration = .seconds(30)
    /// Only alerts of this severity and above; nil: all.
    public var severity: Severity?
    /// Only alerts of these rules (globs, as in `dprk-*`); empty: all.
    public var rules: [String] = []
    /// Only alerts of rules with one of these tags; empty: all.
    public var tags: [String] = []
    /// `email`: `smtp://` or `smtps://` server; `webhook`: the `http(s)://` address posted to. Read from
    /// the environment or a file when written `env:NAME` or `file:PATH`.
    public var url: String = ""
    /// `email`: the sender and the recipients.
    public var from: String = ""
    public var to: [String] = []
    /// `email`: the SMTP login; the password comes from `password_file` or `password: env:NAME`.
    public var username: String?
    public var password: String?
    /// `webhook`: what is posted.
    public var format: Format = .json
    /// `webhook`: extra request headers, `Name: value` (values may come from `env:` or `file:`).
    public var headers: [String] = []
    /// Certificate authorities to trust instead of the system's (a private mail server or hook).
    public var caFile: String?
    /// `email`: gather the alerts of each period into one message.
    public var digest: DigestSchedule?
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

    /// Where it delivers, for `status` and the logs, without secrets: the command, or the URL without
    /// its path and query (a hook URL often carries its token there).
    public var destination: String {
        switch kind {
        case .exec: return command.first ?? ""
        case .email, .webhook:
            guard let scheme = url.range(of: "://") else { return url }
            let rest = url[scheme.upperBound...]
            let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            let host = authority.split(separator: "@").last.map(String.init) ?? ""
            return url[..<scheme.upperBound] + host + (rest.count > authority.count ? "/…" : "")
        }
    }
}
