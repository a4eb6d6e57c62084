import Foundation
import Rules
import TestSupport
import Testing

@testable import Configuration

/// An error in a `match:` points at the character as written in the file, whatever YAML did to the
/// text on the way: quotes, escapes, folded lines, block indentation, anchors and tags, CR LF.
@Suite struct ErrorPlacementTests {
    let directory: String
    init() throws {
        directory = NSTemporaryDirectory() + "newswatch-place-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// Where `needle` is written in `text`: line and column, counted in characters (unicode scalars).
    static func place(of needle: String, in text: String) -> String? {
        for (number, line) in text.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false
        ).enumerated() {
            if let range = line.range(of: needle) {
                return "\(number + 1):\(line.unicodeScalars[..<range.lowerBound].count + 1)"
            }
        }
        return nil
    }

    /// The places of the "unknown actor @zz9" errors found in `yaml`.
    func reported(_ yaml: String) throws -> [String] {
        let file = directory + "/r.yml"
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: file))
        let (_, diagnostics) = ConfigLoader.loadRules(files: [file])
        return diagnostics.filter { $0.message.contains("unknown actor @zz9") }.map {
            "\($0.location.line):\($0.location.column)"
        }
    }

    @Test(arguments: [
        #"    match: "aa AND @zz9""#,
        #"    match: 'aa AND @zz9'"#,
        "    match: aa AND @zz9   # a comment",
        "    match:\n      \"aa AND @zz9\"",
        #"    match: "😀 é AND @zz9""#,
        #"    match: "\"lethal aid\" AND @zz9""#,
        #"    match: "aa AND \t@zz9""#,
        #"    match: "\u00e9t\u00e9 AND @zz9""#,
        #"    match: "\U0001F600 AND @zz9""#,
        #"    match: "\x41\x42 AND @zz9""#,
        "    match: 'it''s AND @zz9'",
        "    match: 'Сеул ''x'' 북한 AND @zz9'",
        "    match: |\n      aa AND\n        bb AND @zz9",
        "    match: >-\n      aa AND\n      bb AND @zz9",
        "    match: |2\n        aa AND @zz9",
        "    match: | # a comment with @x in it\n      aa AND @zz9",
        "    match: | # see 3\n      aa AND @zz9",
        "    match: >\n      aa AND\n\n      bb AND\n        cc @zz9\n      dd",
        "    match: |+\n      aa\n\n      b @zz9\n",
        "    match: aa AND\n      bb AND @zz9",
        "    match: \"aa AND\n      bb AND @zz9\"",
        "    match: 'aa AND\n      bb AND @zz9'",
        "    match: \"aa\n\n      AND @zz9\"",
        "    match: \"aa  \t\n      AND @zz9\"",
        "    match: \"aa \\\n      AND @zz9\"",
        #"    match: &m "aa AND @zz9""#,
        "    match: &m aa AND @zz9",
        #"    match: !!str "aa AND @zz9""#,
        "    match: &anchor # a comment\n      \"aa AND @zz9\"",
    ])
    func pointsAtTheCharacterAsWritten(match: String) throws {
        for lineEnd in ["\n", "\r\n"] {
            let yaml = ("rules:\n  - id: a\n" + match + "\n").replacingOccurrences(of: "\n", with: lineEnd)
            #expect(
                try reported(yaml) == [Self.place(of: "@zz9", in: yaml)],
                "\(match.debugDescription) with \(lineEnd.debugDescription)")
        }
    }

    /// A rules file written as JSON on one line (as a generator would): every error in its place.
    @Test func oneLineJSON() throws {
        let rules = (0..<50).map { #"{"id": "r\#($0)", "match": "x\u00e9 AND @zz9 OR y\#($0)"}"# }
        let json = #"{"rules": ["# + rules.joined(separator: ", ") + "]}"
        var expected: [String] = []
        var column = 1
        for scalar in json.unicodeScalars.indices {
            if json.unicodeScalars[scalar...].starts(with: "@zz9".unicodeScalars) { expected.append("1:\(column)") }
            column += 1
        }
        #expect(expected.count == 50)
        #expect(try reported(json) == expected)
    }

    /// The same for random expressions in every style, with random escapes and folded lines.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func randomStylesAndEscapes(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let words = [
            "aa", "Ukraine", "\"lethal aid\"", "é", "😀", "Сеул", "북한", "supply*", "(x OR y)", "it's", "a\\b",
            "tab\there",
        ]
        var failures: [String] = []
        for round in 0..<200 {
            var parts = (0..<(1 + random.below(6))).map { _ in random.pick(words) }
            parts.insert("@zz9", at: 1 + random.below(parts.count))
            let text = parts.joined(separator: random.pick([" ", " AND ", " OR "]))
            let yaml = "rules:\n  - id: r\(round)\n    match: " + Self.render(text, &random) + "\n"
            let got = try reported(yaml)
            if got != [Self.place(of: "@zz9", in: yaml)] { failures.append("\(yaml.debugDescription): \(got)") }
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }

    /// `text` as a YAML scalar in a random style that reads back as `text` (up to how breaks fold).
    static func render(_ text: String, _ random: inout SplitMix64) -> String {
        // Single spaces between other characters may become line breaks: every style folds them back
        // to a space, or keeps a line break, which the rules read as a space too.
        func fold(_ s: String, indent: String) -> String {
            let scalars = Array(s.unicodeScalars)
            var out = ""
            for (i, c) in scalars.enumerated() {
                if c == " ", i > 0, i + 1 < scalars.count, scalars[i - 1] != " ", scalars[i + 1] != " ",
                    random.chance(0.3)
                {
                    out += "\n" + indent
                } else {
                    out.unicodeScalars.append(c)
                }
            }
            return out
        }
        switch random.below(4) {
        case 0:
            return "'" + fold(text.replacingOccurrences(of: "'", with: "''"), indent: "      ") + "'"
        case 1:
            var out = ""
            let scalars = Array(text.unicodeScalars)
            let marker =
                text.unicodeScalars.firstRange(of: "@zz9".unicodeScalars).map {
                    text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: $0.lowerBound)
                } ?? -10
            for (i, c) in scalars.enumerated() {
                let inMarker = (marker..<marker + 4).contains(i)
                if c == "\"" || c == "\\" {
                    out += "\\" + String(c)
                } else if c == "\t" {
                    out += random.chance(0.5) ? "\\t" : "\t"
                } else if !inMarker && random.chance(0.15) {
                    out +=
                        c.value < 0x100
                        ? String(format: "\\x%02X", c.value)
                        : c.value < 0x10000 ? String(format: "\\u%04x", c.value) : String(format: "\\U%08X", c.value)
                } else if c != " " && !inMarker && i + 1 < scalars.count && scalars[i + 1] != " " && random.chance(0.05)
                {
                    // An escaped line break: nothing in the value (the next line's indentation neither).
                    out += String(c) + "\\\n        "
                } else {
                    out.unicodeScalars.append(c)
                }
            }
            return "\"" + fold(out, indent: "      ") + "\""
        case 2:
            return random.pick(["|", "|-", ">", ">-", "|+"]) + "\n      " + fold(text, indent: "      ")
        default:
            return "&anchor " + "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        }
    }
}
