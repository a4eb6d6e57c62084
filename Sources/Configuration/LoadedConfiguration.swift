import Rules

/// A validated configuration with its compiled rules: what the service runs on. Immutable; a reload
/// builds a new one and swaps it in whole.
public struct LoadedConfiguration: Sendable {
    public var config: ServiceConfig
    public var ruleSet: RuleSet
    public var ruleFiles: [String]
    /// Problems that do not stop the service (e.g. a rules glob that matches no file). The message does
    /// not say "warning": whoever shows it says so once (`check`'s `FILE:LINE:COL: warning: ...`, the
    /// service's log level).
    public var warnings: [Diagnostic]

    public init(config: ServiceConfig, ruleSet: RuleSet, ruleFiles: [String], warnings: [Diagnostic]) {
        self.config = config
        self.ruleSet = ruleSet
        self.ruleFiles = ruleFiles
        self.warnings = warnings
    }
}

/// The config or the rules are invalid: every problem found, each as `FILE:LINE:COL: message`.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
