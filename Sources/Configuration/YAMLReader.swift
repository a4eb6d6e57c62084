import Foundation
import Rules
import Yams

/// Typed access to a composed YAML document that collects `FILE:LINE:COL: message` diagnostics instead
/// of stopping at the first problem.
struct YAMLReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) {
        self.file = file
    }

    /// Reads and composes the file; nil (with a diagnostic) when it cannot be read or is not YAML.
    mutating func compose() -> Node? {
        guard let data = FileManager.default.contents(atPath: file) else {
            error(SourceLocation(file: file, line: 1, column: 1), "cannot read this file (does it exist, and is it readable?)")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            error(SourceLocation(file: file, line: 1, column: 1), "not valid UTF-8 text; save the file as UTF-8")
            return nil
        }
        do {
            // Plain scalars stay strings (the reader converts values itself): the basic resolver
            // spares a regular-expression match per scalar, which dominates loading big rule files.
            return try Yams.compose(yaml: text, .basic)
        } catch let yaml as YamlError {
            diagnostics.append(diagnostic(for: yaml))
            return nil
        } catch {
            self.error(SourceLocation(file: file, line: 1, column: 1), "not valid YAML: \(error)")
            return nil
        }
    }

    func location(_ node: Node?) -> SourceLocation {
        let mark = node?.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    mutating func error(_ location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(location, message))
    }

    mutating func error(_ node: Node?, _ message: String) {
        error(location(node), message)
    }

    // MARK: Typed values

    /// The pairs of a mapping with string keys; reports unknown keys against `allowed`.
    mutating func mapping(_ node: Node, what: String, allowed: [String]) -> [(key: String, keyNode: Node, value: Node)] {
        guard case .mapping(let mapping) = node else {
            error(node, "\(what) must be a mapping of keys to values")
            return []
        }
        var pairs: [(key: String, keyNode: Node, value: Node)] = []
        pairs.reserveCapacity(mapping.count)
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                error(keyNode, "a key in \(what) must be a plain word")
                continue
            }
            if !allowed.contains(key) {
                let hint = Self.closest(key, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                error(keyNode, "unknown key '\(key)' in \(what)\(hint); known keys: \(allowed.joined(separator: ", "))")
                continue
            }
            pairs.append((key, keyNode, value))
        }
        return pairs
    }

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        let text = scalar.string
        guard text.utf8.count <= 4 else { return false }  // most values: no comparisons
        return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    mutating func string(_ node: Node, what: String) -> String? {
        guard case .scalar(let scalar) = node, !isNull(node) else {
            error(node, "\(what) must be a text value")
            return nil
        }
        return scalar.string
    }

    mutating func strings(_ node: Node, what: String) -> [String] {
        switch node {
        case .scalar:
            if isNull(node) { return [] }
            return string(node, what: what).map { [$0] } ?? []
        case .sequence(let seq):
            return seq.compactMap { string($0, what: "each item of \(what)") }
        default:
            error(node, "\(what) must be a list of text values")
            return []
        }
    }

    mutating func sequence(_ node: Node, what: String) -> [Node] {
        if isNull(node) { return [] }
        guard case .sequence(let seq) = node else {
            error(node, "\(what) must be a list")
            return []
        }
        return Array(seq)
    }

    mutating func duration(_ node: Node, what: String) -> Duration? {
        guard let text = string(node, what: what) else { return nil }
        guard let value = Quantity.duration(text) else {
            error(node, "\(what): '\(text)' is not a duration; write a number and a unit, like 45s, 15m, 2h or 1d")
            return nil
        }
        return value
    }

    mutating func size(_ node: Node, what: String) -> Int? {
        guard let text = string(node, what: what) else { return nil }
        guard let value = Quantity.size(text) else {
            error(node, "\(what): '\(text)' is not a size; write a number and a unit, like 512KiB or 10MiB")
            return nil
        }
        return value
    }

    mutating func integer(_ node: Node, what: String, range: ClosedRange<Int>) -> Int? {
        guard let text = string(node, what: what) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            error(node, "\(what): '\(text)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ node: Node, what: String, as: T.Type) -> T? where T.RawValue == String {
        guard let text = string(node, what: what) else { return nil }
        guard let value = T(rawValue: text) else {
            error(node, "\(what): '\(text)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return value
    }

    /// A relative path resolved against this file's directory.
    func path(_ value: String) -> String {
        PathResolver.resolve(value, relativeTo: file)
    }

    private func diagnostic(for error: YamlError) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let where_ = context.map { " \($0.text)" } ?? ""
            return Diagnostic(SourceLocation(file: file, line: mark.line, column: mark.column), "YAML syntax error: \(problem)\(where_)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return Diagnostic(
                SourceLocation(file: file, line: context.mark.line, column: context.mark.column),
                "duplicate key \(duplicates.joined(separator: ", ")) in the same mapping; keep one")
        case .reader(let problem, _, _, _):
            return Diagnostic(SourceLocation(file: file, line: 1, column: 1), "cannot read YAML: \(problem)")
        default:
            return Diagnostic(SourceLocation(file: file, line: 1, column: 1), "YAML error: \(error)")
        }
    }

    static func closest(_ word: String, in candidates: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var row = Array(0...b.count)
            for (i, ca) in a.enumerated() {
                var previous = row[0]
                row[0] = i + 1
                for (j, cb) in b.enumerated() {
                    let current = row[j + 1]
                    row[j + 1] = min(row[j + 1] + 1, row[j] + 1, previous + (ca == cb ? 0 : 1))
                    previous = current
                }
            }
            return row[b.count]
        }
        let w = Array(word.lowercased())
        let best = candidates.map { ($0, distance(w, Array($0))) }.min { $0.1 < $1.1 }
        return best.flatMap { $0.1 <= 2 ? $0.0 : nil }
    }
}
