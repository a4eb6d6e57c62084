import Foundation
import Rules

extension ConfigLoader {
    static let ruleFileKeys = ["actors", "rules"]
    static let actorKeys = ["names", "title"]
    static let ruleKeys = ["id", "title", "severity", "tags", "match", "feeds"]

    /// Reads rule files (actors are shared across all of them) and compiles one rule set.
    /// Every problem in every file is returned; rules with errors are left out of the set.
    public static func loadRules(files: [String]) -> (RuleSet, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var actors: [ActorDefinition] = []
        var rules: [RuleDefinition] = []
        for file in files {
            var reader = YAMLReader(file: file)
            defer { diagnostics.append(contentsOf: reader.diagnostics) }
            guard let root = reader.compose() else { continue }
            for (key, _, value) in reader.mapping(root, what: "a rules file", allowed: ruleFileKeys) {
                if key == "actors" {
                    actors.append(contentsOf: readActors(value, reader: &reader))
                } else {
                    for node in reader.sequence(value, what: "rules") {
                        if let rule = readRule(node, reader: &reader) { rules.append(rule) }
                    }
                }
            }
        }
        let (ruleSet, ruleDiagnostics) = RuleSet.compile(actors: actors, rules: rules)
        diagnostics.append(contentsOf: ruleDiagnostics)
        return (ruleSet, diagnostics.sorted { $0.location < $1.location })
    }

    static func readActors(_ node: YAMLNode, reader: inout YAMLReader) -> [ActorDefinition] {
        guard case .mapping(let mapping, _) = node else {
            reader.error(node, "actors must be a mapping of actor ids to their names")
            return []
        }
        var actors: [ActorDefinition] = []
        for (keyNode, value) in mapping {
            guard let id = keyNode.scalar?.string, isValidID(id) else {
                reader.error(keyNode, "an actor id may contain only letters, digits, '-', '_' and '.'")
                continue
            }
            var names: [String] = []
            if case .sequence = value {
                names = reader.strings(value, what: "the names of actor '\(id)'")
            } else {
                for (key, _, v) in reader.mapping(value, what: "actor '\(id)'", allowed: actorKeys) where key == "names" {
                    names = reader.strings(v, what: "the names of actor '\(id)'")
                }
            }
            if names.isEmpty {
                reader.error(keyNode, "actor '\(id)' has no names; add `names: [...]`")
                continue
            }
            actors.append(ActorDefinition(id: id, names: names, location: reader.location(keyNode)))
        }
        return actors
    }

    static func readRule(_ node: YAMLNode, reader: inout YAMLReader) -> RuleDefinition? {
        var id: String?
        var title: String?
        var severity: Severity = .medium
        var tags: [String] = []
        var match: ExpressionSource?
        var feeds: [String] = []
        var ok = true
        let before = reader.diagnostics.count
        for (key, _, value) in reader.mapping(node, what: "a rule", allowed: ruleKeys) {
            switch key {
            case "id": id = reader.string(value, what: "rule id")
            case "title": title = reader.string(value, what: "rule title")
            case "severity":
                if let s = reader.choice(value, what: "severity", as: Severity.self) { severity = s } else { ok = false }
            case "tags": tags = reader.strings(value, what: "rule tags")
            case "feeds": feeds = reader.strings(value, what: "rule feeds")
            default:
                if case .scalar(let scalar) = value {
                    match = ExpressionSource(text: scalar.string, location: expressionStart(scalar, reader: reader))
                } else {
                    reader.error(value, "match must be one expression in quotes, like 'Ukraine AND \"lethal aid\"'")
                }
            }
        }
        guard case .mapping = node else { return nil }
        guard let id else {
            reader.error(node, "this rule has no id; add `id: some-name`")
            return nil
        }
        if !isValidID(id) {
            reader.error(node, "rule id '\(id)' may contain only letters, digits, '-', '_' and '.'")
            return nil
        }
        guard let match else {
            reader.error(node, "rule '\(id)' has no match expression; add `match: '...'`")
            return nil
        }
        guard ok, reader.diagnostics.count == before else { return nil }
        return RuleDefinition(
            id: id, title: title, severity: severity, tags: tags, match: match, feeds: feeds,
            location: reader.location(node))
    }

    /// Where the first character of a scalar's text is: after the opening quote for quoted styles, on the
    /// next line for block styles.
    static func expressionStart(_ scalar: YAMLNode.Scalar, reader: YAMLReader) -> SourceLocation {
        let line = scalar.mark.line
        let column = scalar.mark.column
        switch scalar.style {
        case .singleQuoted, .doubleQuoted:
            return SourceLocation(file: reader.file, line: line, column: column + 1)
        case .literal, .folded:
            return SourceLocation(file: reader.file, line: line + 1, column: column + 2)
        default:
            return SourceLocation(file: reader.file, line: line, column: column)
        }
    }
}
