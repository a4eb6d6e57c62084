import Foundation
import Rules

extension ConfigLoader {
    /// One item of a rule's `feeds:` list, where it is written: checked against the configured feeds
    /// when the rules are loaded with the config.
    struct FeedLimit {
        var ruleID: String
        var text: String
        var location: SourceLocation
    }

    /// Reads rule files (actors are shared across all of them) and compiles one rule set. A file named
    /// twice (by overlapping globs) is read once. Every problem in every file is returned; rules with
    /// errors are left out of the set.
    public static func loadRules(files: [String]) -> (RuleSet, [Diagnostic]) {
        let (ruleSet, diagnostics, _) = readRules(files: files)
        return (ruleSet, diagnostics)
    }

    /// `loadRules`, and every item of the rules' `feeds:` lists with its place.
    static func readRules(files: [String]) -> (RuleSet, [Diagnostic], [FeedLimit]) {
        var diagnostics: [Diagnostic] = []
        var feedLimits: [FeedLimit] = []
        var actors: [ActorDefinition] = []
        var rules: [RuleDefinition] = []
        var read: Set<String> = []
        for file in files where read.insert(PathResolver.normalize(PathResolver.absolute(file))).inserted {
            var reader = YAMLReader(file: file)
            defer { diagnostics.append(contentsOf: reader.diagnostics) }
            guard let root = reader.compose() else { continue }
            for (key, _, value) in reader.mapping(root, what: "a rules file", keys: ConfigKey.RuleFile.self) {
                switch key {
                case .actors:
                    actors.append(contentsOf: readActors(value, reader: &reader))
                case .rules:
                    for node in reader.sequence(value, what: "rules") {
                        if let rule = readRule(node, reader: &reader, feedLimits: &feedLimits) { rules.append(rule) }
                    }
                }
            }
        }
        let (ruleSet, ruleDiagnostics) = RuleSet.compile(actors: actors, rules: rules)
        diagnostics.append(contentsOf: ruleDiagnostics)
        return (ruleSet, diagnostics.sorted { $0.location < $1.location }, feedLimits)
    }

    static func readActors(_ node: YAMLNode, reader: inout YAMLReader) -> [ActorDefinition] {
        guard case .mapping(let mapping, _) = node else {
            reader.error(node, "actors must be a mapping of actor ids to their names")
            return []
        }
        var actors: [ActorDefinition] = []
        for (keyNode, value) in mapping {
            var nameKeyColumn = keyNode.mark.column
            guard let id = keyNode.scalar?.string, isValidID(id) else {
                reader.error(keyNode, "an actor id may contain only letters, digits, '-', '_' and '.'")
                continue
            }
            var namesNode: YAMLNode?
            if case .sequence = value {
                namesNode = value
            } else {
                for (key, keyNode, v) in reader.mapping(value, what: "actor '\(id)'", keys: ConfigKey.Actor.self) {
                    switch key {
                    case .names:
                        namesNode = v
                        nameKeyColumn = keyNode.mark.column
                    case .title:
                        break  // for people reading the file; not used in matching
                    }
                }
            }
            var names: [String] = []
            var nameLocations: [SourceLocation] = []
            if let namesNode {
                let items: [YAMLNode] =
                    if case .sequence(let items, _) = namesNode { items } else {
                        reader.isNull(namesNode) ? [] : [namesNode]
                    }
                for item in items {
                    guard let name = reader.string(item, what: "each name of actor '\(id)'"), let scalar = item.scalar
                    else { continue }
                    names.append(name)
                    nameLocations.append(expressionSource(scalar, keyColumn: nameKeyColumn, reader: reader).location)
                }
            }
            // No names at all is reported by the compiler, which also marks the rules that use the actor.
            actors.append(
                ActorDefinition(id: id, names: names, location: reader.location(keyNode), nameLocations: nameLocations))
        }
        return actors
    }

    static func readRule(_ node: YAMLNode, reader: inout YAMLReader, feedLimits: inout [FeedLimit]) -> RuleDefinition? {
        var id: String?
        var title: String?
        var severity: Severity = .medium
        var tags: [String] = []
        var match: ExpressionSource?
        var feeds: [String] = []
        var feedItems: [(text: String, location: SourceLocation)] = []
        var catchUp: Duration?
        var story = true
        var ok = true
        let before = reader.diagnostics.count
        for (key, keyNode, value) in reader.mapping(node, what: "a rule", keys: ConfigKey.Rule.self) {
            switch key {
            case .id: id = reader.string(value, what: "rule id")
            case .title: title = reader.string(value, what: "rule title")
            case .severity:
                if let s = reader.choice(value, what: "severity", as: Severity.self) {
                    severity = s
                } else {
                    ok = false
                }
            case .tags: tags = reader.strings(value, what: "rule tags")
            case .feeds:
                feeds = reader.strings(value, what: "rule feeds")
                let items: [YAMLNode] = if case .sequence(let items, _) = value { Array(items) } else { [value] }
                for item in items where !reader.isNull(item) {
                    if case .scalar(let scalar) = item { feedItems.append((scalar.string, reader.location(item))) }
                }
            case .catchUp:
                if let d = reader.durationOrOff(value, what: "rule catch_up") { catchUp = d } else { ok = false }
            case .story:
                if let on = reader.onOff(value, what: "rule story") { story = on } else { ok = false }
            case .match:
                if case .scalar(let scalar) = value {
                    match = expressionSource(scalar, keyColumn: keyNode.mark.column, reader: reader)
                } else {
                    reader.error(value, "match must be one expression in quotes, like 'Ukraine AND \"lethal aid\"'")
                }
            }
        }
        guard case .mapping = node else { return nil }
        var validID = id ?? ""
        if id == nil {
            reader.error(node, "this rule has no id; add `id: some-name`")
        } else if !isValidID(validID) {
            reader.error(node, "rule id '\(validID)' may contain only letters, digits, '-', '_' and '.'")
            validID = ""
        }
        guard let match else {
            reader.error(
                node,
                "\(validID.isEmpty ? "this rule" : "rule '\(validID)'") has no match expression; add `match: '...'`")
            return nil
        }
        // A rule with problems is still handed on, marked, so that its expression is checked and its id
        // counted: every problem of the file is reported at once.
        var rule = RuleDefinition(
            id: validID, title: title, severity: severity, tags: tags, match: match, feeds: feeds,
            location: reader.location(node))
        rule.catchUp = catchUp
        rule.story = story
        rule.checkOnly = !ok || reader.diagnostics.count != before
        feedLimits += feedItems.map { FeedLimit(ruleID: validID, text: $0.text, location: $0.location) }
        return rule
    }

    /// The scalar's text with the place of each of its characters in the file (`keyColumn`: the column of
    /// its key, the indentation that a block scalar's indentation indicator counts from).
    static func expressionSource(_ scalar: YAMLNode.Scalar, keyColumn: Int, reader: YAMLReader) -> ExpressionSource {
        guard let place = reader.sourceMap?.place(of: scalar, parentIndent: keyColumn - 1) else {
            return ExpressionSource(text: scalar.string, location: expressionStart(scalar, reader: reader))
        }
        return ExpressionSource(
            text: scalar.string,
            location: SourceLocation(file: reader.file, line: place.start.line, column: place.start.column),
            jumps: place.jumps.map { .init(offset: $0.offset, line: $0.mark.line, column: $0.mark.column) })
    }

    /// Where the first character of a scalar's text is, when `YAMLSourceMap` cannot tell: after the
    /// opening quote for quoted styles, on the next line for block styles.
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
