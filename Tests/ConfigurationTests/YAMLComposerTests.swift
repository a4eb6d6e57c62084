import Testing

@testable import Configuration

/// The document tree composed from libyaml's events, printed with every node's place: `text@line:col`,
/// quoted styles marked, `[...]` for sequences and `{key: value}` for mappings.
private func render(_ node: YAMLNode?) -> String {
    guard let node else { return "nil" }
    let at = "@\(node.mark.line):\(node.mark.column)"
    switch node {
    case .scalar(let s):
        let text: String
        switch s.style {
        case .plain: text = s.string
        case .singleQuoted: text = "'\(s.string)'"
        case .doubleQuoted: text = "\"\(s.string)\""
        case .literal: text = "|\(s.string)"
        case .folded: text = ">\(s.string)"
        }
        return text + at
    case .sequence(let items, _):
        return "[" + items.map(render).joined(separator: ", ") + "]" + at
    case .mapping(let pairs, _):
        return "{" + pairs.map { render($0.key) + ": " + render($0.value) }.joined(separator: ", ") + "}" + at
    }
}

private func problems(_ yaml: [UInt8]) -> [String] {
    YAMLComposer.compose(yaml).problems.map { "\($0.mark.line):\($0.mark.column): \($0.message)" }
}

struct YAMLComposerTests {
    @Test(arguments: [
        ("a: 1\nb: [x, 'y']\n", "{a@1:1: 1@1:4, b@2:1: [x@2:5, 'y'@2:8]@2:4}@1:1"),
        (
            "rules:\n  - id: r\n    match: \"a b\"\n",
            "{rules@1:1: [{id@2:5: r@2:9, match@3:5: \"a b\"@3:12}@2:5]@2:3}@1:1"
        ),
        ("m: |\n  one\n  two\n", "{m@1:1: |one\ntwo\n@1:4}@1:1"),
        ("m: >-\n  one\n  two\n", "{m@1:1: >one two@1:4}@1:1"),
        // Tags are not resolved: values stay the text the user wrote.
        ("a: !!int 5\nb: on\nc: ~\n", "{a@1:1: 5@1:4, b@2:1: on@2:4, c@3:1: ~@3:4}@1:1"),
        ("x: &a [1, 2]\ny: *a\n", "{x@1:1: [1@1:8, 2@1:11]@1:4, y@2:1: [1@1:8, 2@1:11]@1:4}@1:1"),
        ("- ä: 'ü'\n", "[{ä@1:3: 'ü'@1:6}@1:3]@1:1"),
        // Merge keys: own keys win, then the first mapping listed.
        (
            "d: &d {a: 1, b: 2}\nm: {<<: *d, b: 3}\n",
            "{d@1:1: {a@1:8: 1@1:11, b@1:14: 2@1:17}@1:4, m@2:1: {b@2:13: 3@2:16, a@1:8: 1@1:11}@2:4}@1:1"
        ),
        (
            "x: &x {a: 1}\ny: &y {a: 2, b: 2}\nm:\n  <<: [*x, *y]\n",
            "{x@1:1: {a@1:8: 1@1:11}@1:4, y@2:1: {a@2:8: 2@2:11, b@2:14: 2@2:17}@2:4, m@3:1: {a@1:8: 1@1:11, b@2:14: 2@2:17}@4:3}@1:1"
        ),
        ("m: {'<<': 1}\n", "{m@1:1: {'<<'@1:5: 1@1:11}@1:4}@1:1"),
        // Keys that are no text come along from a merged mapping (the readers report them).
        (
            "d: &d {[k]: 1, [k]: 2, a: 3}\nm: {<<: *d}\n",
            "{d@1:1: {[k@1:9]@1:8: 1@1:13, [k@1:17]@1:16: 2@1:21, a@1:24: 3@1:27}@1:4, m@2:1: {[k@1:9]@1:8: 1@1:13, [k@1:17]@1:16: 2@1:21, a@1:24: 3@1:27}@2:4}@1:1"
        ),
        ("# only a comment\n", "nil"),
        ("", "nil"),
    ])
    func composesTextStylesAndPlaces(yaml: String, expected: String) {
        let (root, problems) = YAMLComposer.compose(Array(yaml.utf8))
        #expect(problems.isEmpty)
        #expect(render(root) == expected)
    }

    @Test(arguments: [
        ("a: 1\nb: 2\na: 3\n", ["3:1: duplicate key 'a' (first at line 1) in the same mapping; keep one"]),
        (
            "rules:\n  - id: r\n    match: x\n    id: s\n",
            ["4:5: duplicate key 'id' (first at line 2) in the same mapping; keep one"]
        ),
        ("m:\n  <<: plain\n", ["2:7: a merge key `<<` takes a mapping or a list of them, like `<<: *defaults`"]),
        ("a: *nope\n", ["1:4: the alias *nope has no anchor &nope before it; define the anchor first"]),
        (
            "a: 1\n---\nb: 2\n",
            [
                "2:1: a second YAML document starts here; a config or rules file holds one (remove this `---` and what follows, or move it to its own file)"
            ]
        ),
        ("feeds: [\n", ["2:1: YAML syntax error: did not find expected node content while parsing a flow node"]),
        ("a: b: c\n", ["1:5: YAML syntax error: mapping values are not allowed in this context"]),
        ("a: 'open\n", ["2:1: YAML syntax error: found unexpected end of stream while scanning a quoted scalar"]),
        (
            "a:\n\t- x\n",
            ["2:1: YAML syntax error: found character that cannot start any token while scanning for the next token"]
        ),
    ])
    func reportsEveryProblemWhereItStands(yaml: String, expected: [String]) {
        #expect(problems(Array(yaml.utf8)) == expected)
    }

    @Test func duplicateKeysKeepTheFirstValueAndAreFoundInBigMappings() {
        let keys = (0..<20).map { "k\($0): \($0)\n" }.joined()
        let (root, found) = YAMLComposer.compose(Array((keys + "k3: again\nk17: again\n").utf8))
        #expect(
            found.map(\.message) == [
                "duplicate key 'k3' (first at line 4) in the same mapping; keep one",
                "duplicate key 'k17' (first at line 18) in the same mapping; keep one",
            ])
        guard case .mapping(let pairs, _)? = root else {
            Issue.record("no mapping: \(render(root))")
            return
        }
        #expect(pairs.count == 20)
        #expect(pairs[3].value.scalar?.string == "3")
        #expect(pairs[17].value.scalar?.string == "17")
    }

    @Test(
        arguments: [
            // A byte that cannot start UTF-8, on line 2 after "b: ".
            (
                "a: ok\nb: ", [0xFF, 0x0A],
                "2:4: not valid UTF-8 text (invalid leading UTF-8 octet); save the file as UTF-8"
            ),
            ("a: é", [0xC3], "1:5: not valid UTF-8 text (incomplete UTF-8 octet sequence); save the file as UTF-8"),
            (
                "a: x", [0x01, 0x0A],
                "1:5: YAML cannot hold this character U+0001 (control characters are not allowed); remove it"
            ),
        ] as [(String, [UInt8], String)])
    func unreadableBytesAreReportedAtTheirLineAndColumn(text: String, tail: [UInt8], expected: String) {
        let bytes = Array(text.utf8) + tail
        #expect(problems(bytes) == [expected])
        #expect(YAMLComposer.compose(bytes).root == nil)
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "[", count: YAMLComposer.maxDepth + 50)
        let (root, found) = YAMLComposer.compose(Array(deep.utf8))
        #expect(root == nil)
        #expect(found.map { "\($0.mark.line):\($0.mark.column)" } == ["1:\(YAMLComposer.maxDepth + 1)"])
        #expect(found.first?.message.hasPrefix("nested more than \(YAMLComposer.maxDepth) levels deep") == true)

        let fine = String(repeating: "[", count: 20) + String(repeating: "]", count: 20)
        #expect(YAMLComposer.compose(Array(fine.utf8)).problems.isEmpty)
    }

    /// Each anchor nests the one before inside nearly the whole depth allowed: the expanded tree would be
    /// thousands of levels deep (and freeing it would recurse as deep).
    @Test func aliasesCannotNestBeyondTheDepthBound() {
        let inner = YAMLComposer.maxDepth - 10
        var yaml = "a0: &a0 " + String(repeating: "[", count: inner) + "x" + String(repeating: "]", count: inner) + "\n"
        for level in 1...30 {
            yaml +=
                "a\(level): &a\(level) " + String(repeating: "[", count: inner) + "*a\(level - 1)"
                + String(repeating: "]", count: inner) + "\n"
        }
        let (root, found) = YAMLComposer.compose(Array(yaml.utf8))
        #expect(root == nil)
        #expect(found.count == 1)
        #expect(
            found.first?.message.hasPrefix("aliases here nest more than \(YAMLComposer.maxDepth) levels deep") == true)
        #expect(found.first?.mark.line == 2)
    }

    /// Each level refers to the one before ten times: eight levels would make readers walk 10^8 nodes.
    @Test func aliasesThatExpandBeyondReasonAreRefused() {
        var yaml = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 {
            let refs = Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ")
            yaml += "l\(level): &l\(level) [\(refs)]\n"
        }
        let (root, found) = YAMLComposer.compose(Array(yaml.utf8))
        #expect(root == nil)
        #expect(found.count == 1)
        #expect(found.first?.message.hasPrefix("aliases here expand to more than") == true)
        #expect(found.first?.mark.line == 6)
    }
}

extension YAMLNode: Equatable {
    public static func == (a: YAMLNode, b: YAMLNode) -> Bool {
        render(a) == render(b)
    }
}
