/// Composes one YAML document into `YAMLNode`s from libyaml's events.
///
/// It builds only what the readers use — text, style and place of every node — so a 100,000-rule file is
/// composed in a fraction of the time a general YAML library takes. On top of the syntax it checks what a
/// composer must: merge keys (`<<: *defaults`), duplicate keys (each one reported where it stands; the
/// first value is kept), aliases without an anchor, a second document, and bounds on nesting and on what
/// aliases expand to.
enum YAMLComposer {
    /// Deeper nesting than this is a mistake in a config file, and would make everything that walks the
    /// tree recursive beyond reason.
    static let maxDepth = 200
    /// Aliases may share nodes, but readers walk them as if copied: this bounds what they expand to
    /// (the "billion laughs" file).
    static let maxAliasedNodes = 1_000_000

    /// The document's root (nil when the file holds no document, or when its syntax is broken) and every
    /// problem found. A root comes back together with composition problems, so that the readers can
    /// still report what else is wrong.
    static func compose(_ bytes: some Collection<UInt8>) -> (root: YAMLNode?, problems: [YAMLProblem]) {
        var state = State()
        let parser = YAMLEventParser(bytes: bytes)
        do {
            loop: while true {
                switch try parser.next() {
                case .streamStart, .documentEnd:
                    continue
                case .streamEnd:
                    break loop
                case .documentStart(let mark):
                    if state.documents > 0 {
                        state.problems.append(
                            YAMLProblem(
                                mark: mark,
                                message:
                                    "a second YAML document starts here; a config or rules file holds one (remove this `---` and what follows, or move it to its own file)"
                            ))
                        break loop
                    }
                    state.documents += 1
                case .alias(let anchor, let mark):
                    if let anchored = state.anchors[anchor] {
                        state.aliased += anchored.size
                        if state.aliased > maxAliasedNodes {
                            state.problems.append(
                                YAMLProblem(
                                    mark: mark,
                                    message:
                                        "aliases here expand to more than \(maxAliasedNodes) nodes; write the values out instead"
                                ))
                            return (nil, state.problems)
                        }
                        // Aliases nest what they stand for: the depth bound holds for the expanded tree.
                        if state.stack.count + anchored.height > maxDepth {
                            state.problems.append(
                                YAMLProblem(
                                    mark: mark,
                                    message:
                                        "aliases here nest more than \(maxDepth) levels deep; a config or rules file needs a few"
                                ))
                            return (nil, state.problems)
                        }
                        state.add(anchored.node, size: anchored.size, height: anchored.height)
                    } else {
                        state.problems.append(
                            YAMLProblem(
                                mark: mark,
                                message:
                                    "the alias *\(anchor) has no anchor &\(anchor) before it; define the anchor first"))
                        state.add(.scalar(YAMLNode.Scalar(string: "", style: .plain, mark: mark)), size: 1, height: 1)
                    }
                case .scalar(let anchor, let scalar):
                    let node = YAMLNode.scalar(scalar)
                    if let anchor { state.anchors[anchor] = Anchored(node: node, size: 1, height: 1) }
                    state.add(node, size: 1, height: 1)
                case .sequenceStart(let anchor, let mark):
                    guard state.open(Frame(mapping: false, mark: mark, anchor: anchor)) else {
                        return (nil, state.problems)
                    }
                case .mappingStart(let anchor, let mark):
                    guard state.open(Frame(mapping: true, mark: mark, anchor: anchor)) else {
                        return (nil, state.problems)
                    }
                case .sequenceEnd, .mappingEnd:
                    state.close()
                }
            }
        } catch {
            state.problems.append(error)
            return (nil, state.problems)
        }
        return (state.root, state.problems)
    }

    /// An anchored node, with what it expands to.
    private struct Anchored {
        var node: YAMLNode
        var size: Int
        var height: Int
    }

    /// A sequence or mapping being composed.
    private struct Frame {
        let mapping: Bool
        let mark: YAMLMark
        let anchor: String?
        var items: [YAMLNode] = []
        var pairs: [(key: YAMLNode, value: YAMLNode)] = []
        var key: YAMLNode?
        /// The value after a duplicate key is dropped.
        var dropValue = false
        /// Whether a `<<` key merges other mappings in.
        var merges = false
        /// Keys seen, once the mapping is too big to compare them one by one.
        var keys: Set<String>?
        /// This node and everything under it, aliases counted as copies.
        var size = 1
        /// Levels from this node down to its deepest leaf, aliases expanded.
        var height = 1

        init(mapping: Bool, mark: YAMLMark, anchor: String?) {
            self.mapping = mapping
            self.mark = mark
            self.anchor = anchor
        }

        var node: YAMLNode {
            mapping ? .mapping(pairs, mark) : .sequence(items, mark)
        }

        /// Where `key` was first used in this mapping, if it was.
        mutating func firstUse(of key: String) -> YAMLMark? {
            if keys == nil, pairs.count >= 8 {
                keys = Set(pairs.compactMap { $0.key.scalar?.string })
            }
            if var set = keys {
                keys = nil  // unique while inserting
                let (inserted, _) = set.insert(key)
                keys = set
                if inserted { return nil }
            }
            return pairs.first { $0.key.scalar?.string == key }?.key.mark
        }
    }

    private struct State {
        var stack: [Frame] = []
        var root: YAMLNode?
        var anchors: [String: Anchored] = [:]
        var aliased = 0
        var documents = 0
        var problems: [YAMLProblem] = []

        mutating func open(_ frame: Frame) -> Bool {
            guard stack.count < maxDepth else {
                problems.append(
                    YAMLProblem(
                        mark: frame.mark,
                        message: "nested more than \(maxDepth) levels deep; a config or rules file needs a few"))
                return false
            }
            stack.append(frame)
            return true
        }

        mutating func close() {
            guard var frame = stack.popLast() else { return }
            if frame.merges { merge(into: &frame) }
            let node = frame.node
            if let anchor = frame.anchor {
                anchors[anchor] = Anchored(node: node, size: frame.size, height: frame.height)
            }
            add(node, size: frame.size, height: frame.height)
        }

        /// YAML's merge key: `<<: *defaults`, or a list of such mappings, adds the pairs whose keys the
        /// mapping does not set itself; a mapping earlier in the list wins over a later one.
        mutating func merge(into frame: inout Frame) {
            var own: [(key: YAMLNode, value: YAMLNode)] = []
            var sources: [[(key: YAMLNode, value: YAMLNode)]] = []
            for pair in frame.pairs {
                guard Self.isMergeKey(pair.key) else {
                    own.append(pair)
                    continue
                }
                let items: [YAMLNode]
                if case .sequence(let list, _) = pair.value { items = list } else { items = [pair.value] }
                for item in items {
                    if case .mapping(let pairs, _) = item {
                        sources.append(pairs)
                    } else {
                        problems.append(
                            YAMLProblem(
                                mark: item.mark,
                                message: "a merge key `<<` takes a mapping or a list of them, like `<<: *defaults`"))
                    }
                }
            }
            var keys = Set(own.compactMap { $0.key.scalar?.string })
            for pairs in sources {
                for pair in pairs {
                    // A key that is no text cannot be overridden; it comes along (the reader reports it).
                    guard let key = pair.key.scalar?.string else {
                        own.append(pair)
                        continue
                    }
                    if keys.insert(key).inserted { own.append(pair) }
                }
            }
            frame.pairs = own
        }

        static func isMergeKey(_ node: YAMLNode) -> Bool {
            guard case .scalar(let scalar) = node else { return false }
            return scalar.style == .plain && scalar.string == "<<"
        }

        /// Adds a finished node to the open sequence or mapping, or makes it the root.
        mutating func add(_ node: YAMLNode, size: Int, height: Int) {
            let top = stack.count - 1
            guard top >= 0 else {
                root = node
                return
            }
            stack[top].size += size
            stack[top].height = max(stack[top].height, height + 1)
            guard stack[top].mapping else {
                stack[top].items.append(node)
                return
            }
            guard let key = stack[top].key else {
                if case .scalar(let scalar) = node, let first = stack[top].firstUse(of: scalar.string) {
                    problems.append(
                        YAMLProblem(
                            mark: scalar.mark,
                            message:
                                "duplicate key '\(scalar.string)' (first at line \(first.line)) in the same mapping; keep one"
                        ))
                    stack[top].dropValue = true
                }
                if Self.isMergeKey(node) { stack[top].merges = true }
                stack[top].key = node
                return
            }
            if !stack[top].dropValue {
                stack[top].pairs.append((key, node))
            }
            stack[top].key = nil
            stack[top].dropValue = false
        }
    }
}
