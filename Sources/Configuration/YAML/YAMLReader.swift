import Basics
import Foundation
import Rules

/// Typed access to a composed YAML document that collects `FILE:LINE:COL: message` diagnostics instead
/// of stopping at the first problem.
struct YAMLReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []
    /// The file's text, to find where a scalar's characters are written (set by `compose`).
    private(set) var sourceMap: YAMLSourceMap?

    init(file: String) {
        self.file = file
    }

    /// Reads and composes the file; nil (with a diagnostic) when it cannot be read or is not YAML. Composition problems (a duplicate key, say) are reported and the root still returned.
    mutating func compose() -> YAMLNode? {
        guard let data = FileManager.default.contents(atPath: file) else {
            error(SourceLocation(file: file, line: 1, column: 1), Self.unreadable(file))
            return nil
        }
        let (root, problems) = YAMLComposer.compose(data)
        sourceMap = YAMLSourceMap(bytes: Array(data))
        for problem in problems {
            error(SourceLocation(file: file, line: problem.mark.line, column: problem.mark.column), problem.message)
        }
        // A file with nothing in it (or only comments) is an empty mapping: every setting at its default,
        // or no rules.
        guard let root else {
            return problems.isEmpty ? .mapping([], YAMLMark(line: 1, column: 1)) : nil
        }
        // A document of nothing but `---` (or `~`) is empty too.
        if isNull(root) { return .mapping([], root.mark) }
        return root
    }

    /// Why `file` could not be read: it does not exist, it is a directory, or what the system says.
    static func unreadable(_ file: String) -> String {
        var st = stat()
        if stat(file, &st) != 0 {
            let code = errno
            return code == ENOENT
                ? "this file does not exist" : "cannot read this file: \(Directory.describe(errno: code))"
        }
        if (st.st_mode & S_IFMT) == S_IFDIR { return "this is a directory, not a file" }
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return "cannot read this file: \(Directory.describe(errno: errno))" }
        close(fd)
        return "cannot read this file"
    }

    func location(_ node: YAMLNode?) -> SourceLocation {
        let mark = node?.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    mutating func error(_ location: SourceLocation, _ message: String) {
        diagnostics.append(Diagnostic(location, message))
    }

    mutating func error(_ node: YAMLNode?, _ message: String) {
        error(location(node), message)
    }

    // MARK: Typed values

    /// The pairs of a mapping whose keys are the cases of `Key` (README "Configure"); an unknown key is
    /// reported, with the closest known one when one is close ("did you mean"), and left out.
    mutating func mapping<Key: RawRepresentable & CaseIterable>(
        _ node: YAMLNode, what: String, keys: Key.Type
    ) -> [(key: Key, keyNode: YAMLNode, value: YAMLNode)] where Key.RawValue == String {
        guard case .mapping(let mapping, _) = node else {
            error(node, "\(what) must be a mapping of keys to values")
            return []
        }
        var pairs: [(key: Key, keyNode: YAMLNode, value: YAMLNode)] = []
        pairs.reserveCapacity(mapping.count)
        for (keyNode, value) in mapping {
            guard let text = keyNode.scalar?.string else {
                error(keyNode, "a key in \(what) must be a plain word")
                continue
            }
            guard let key = Key(rawValue: text) else {
                let known = Key.allCases.map(\.rawValue)
                let hint = Self.closest(text, in: known).map { " (did you mean '\($0)'?)" } ?? ""
                error(keyNode, "unknown key '\(text)' in \(what)\(hint); known keys: \(known.joined(separator: ", "))")
                continue
            }
            pairs.append((key, keyNode, value))
        }
        return pairs
    }

    func isNull(_ node: YAMLNode) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
        let text = scalar.string
        guard text.utf8.count <= 4 else { return false }  // most values: no comparisons
        return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    mutating func string(_ node: YAMLNode, what: String) -> String? {
        guard case .scalar(let scalar) = node, !isNull(node) else {
            error(node, "\(what) must be a text value")
            return nil
        }
        return scalar.string
    }

    mutating func strings(_ node: YAMLNode, what: String) -> [String] {
        switch node {
        case .scalar:
            if isNull(node) { return [] }
            return string(node, what: what).map { [$0] } ?? []
        case .sequence(let seq, _):
            return seq.compactMap { string($0, what: "each item of \(what)") }
        default:
            error(node, "\(what) must be a list of text values")
            return []
        }
    }

    mutating func sequence(_ node: YAMLNode, what: String) -> [YAMLNode] {
        if isNull(node) { return [] }
        guard case .sequence(let seq, _) = node else {
            error(node, "\(what) must be a list")
            return []
        }
        return Array(seq)
    }

    /// A text value converted by `convert`; when it does not convert, `what: 'TEXT' ` and `expected`.
    private mutating func converted<T>(
        _ node: YAMLNode, what: String, _ convert: (String) -> T?, expected: @autoclosure () -> String
    ) -> T? {
        guard let text = string(node, what: what) else { return nil }
        guard let value = convert(text) else {
            error(node, "\(what): '\(text)' \(expected())")
            return nil
        }
        return value
    }

    mutating func duration(_ node: YAMLNode, what: String) -> Duration? {
        converted(
            node, what: what, Quantity.duration,
            expected: "is not a duration; write a number and a unit, like 45s, 15m, 2h or 1d")
    }

    /// A duration of at least `minimum`; a shorter one is an error `WHAT: at least MINIMUM[, why]`.
    mutating func duration(_ node: YAMLNode, what: String, atLeast minimum: Duration, why: String? = nil) -> Duration? {
        guard let d = duration(node, what: what) else { return nil }
        guard d >= minimum else {
            error(node, "\(what): at least \(Quantity.format(minimum))" + (why.map { ", " + $0 } ?? ""))
            return nil
        }
        return d
    }

    /// A size of at least `minimum` bytes (a whole number of KiB); a smaller one is an error.
    mutating func size(_ node: YAMLNode, what: String, atLeast minimum: Int) -> Int? {
        guard let n = size(node, what: what) else { return nil }
        guard n >= minimum else {
            error(node, "\(what): at least \(minimum >> 10)KiB")
            return nil
        }
        return n
    }

    /// A duration where `0` (or `off`) turns the feature off: `.zero`.
    mutating func durationOrOff(_ node: YAMLNode, what: String) -> Duration? {
        converted(
            node, what: what, { $0 == "0" || $0 == "off" ? .zero : Quantity.duration($0) },
            expected: "is not a duration; write a number and a unit, like 12h or 7d, or 0 to turn it off")
    }

    /// A switch: true/on/yes or false/off/no.
    mutating func onOff(_ node: YAMLNode, what: String) -> Bool? {
        converted(
            node, what: what,
            {
                switch $0.lowercased() {
                case "true", "on", "yes": true
                case "false", "off", "no": false
                default: nil
                }
            }, expected: "is not a switch; write on or off")
    }

    mutating func size(_ node: YAMLNode, what: String) -> Int? {
        converted(
            node, what: what, Quantity.size, expected: "is not a size; write a number and a unit, like 512KiB or 10MiB")
    }

    mutating func integer(_ node: YAMLNode, what: String, range: ClosedRange<Int>) -> Int? {
        converted(
            node, what: what, { Int($0).flatMap { range.contains($0) ? $0 : nil } },
            expected: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ node: YAMLNode, what: String, as: T.Type) -> T?
    where T.RawValue == String {
        converted(
            node, what: what, T.init(rawValue:),
            expected: "is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
    }

    /// A readable file of trusted certificates (`ca_file`), its path resolved against this file's
    /// directory; nil, with the error, when it cannot be read.
    mutating func certificateFile(_ node: YAMLNode, what: String) -> String? {
        guard let text = string(node, what: what) else { return nil }
        let resolved = path(text)
        guard FileManager.default.isReadableFile(atPath: resolved) else {
            error(node, "\(what): cannot read \(resolved); give a PEM file of trusted certificates")
            return nil
        }
        return resolved
    }

    /// A relative path resolved against this file's directory.
    func path(_ value: String) -> String {
        PathResolver.resolve(value, relativeTo: file)
    }

    static func closest(_ word: String, in candidates: [String]) -> String? {
        EditDistance.closest(to: word, in: candidates, limit: 2)
    }
}
