/// Every compiled rule as flat arrays of plain values: expression nodes, leaves and patterns,
/// all in shared buffers, so that evaluation walks indices instead of enums and arrays of
/// reference-counted values. Built once by `RuleCompiler`; immutable after that.
struct Program: Sendable {
    enum Kind: UInt8, BitwiseCopyable {
        case leaf, and, or, not, near, onear, feed, site
    }

    /// One expression node. `leaf`: `a` = leaf index. `and`/`or`: children
    /// `children[a..<a + b]`. `not`: `a` = operand. `near`/`onear`: operands `a` and `b`, distance
    /// `c`. `feed`/`site`: `a` = index of the value in `strings`.
    struct Node: BitwiseCopyable {
        var kind: Kind
        var a: Int32
        var b: Int32
        var c: Int32
    }

    /// A positive leaf: any of `leafPatterns[patternStart..<patternStart + patternCount]` in the
    /// field instances of `scope`; hits labelled `strings[term]`, for actor `strings[actor]` (-1: none).
    struct Leaf: BitwiseCopyable {
        var patternStart: Int32
        var patternCount: Int32
        var term: Int32
        var actor: Int32
        var scope: UInt8
        /// With one pattern (`patternCount == 1`): its offset in `elements`, and its anchor word
        /// (a word id, or a prefix id when `anchorIsPrefix`), so that a leaf whose anchor is
        /// absent from an article is settled without reading the pattern. Else -1.
        var onlyPattern: Int32 = -1
        var anchor: Int32 = -1
        var anchorIsPrefix = false
    }

    /// One word of a pattern: a word id or a prefix id; `raw` is the index in `strings` of the
    /// exact form a `raw:` word must have (-1: none); `joined`: it must touch the previous token.
    struct Element: BitwiseCopyable {
        var id: Int32
        var raw: Int32
        var isPrefix: Bool
        var joined: Bool
    }

    let nodes: FrozenBuffer<Node>
    let children: FrozenBuffer<Int32>
    let leaves: FrozenBuffer<Leaf>
    let leafPatterns: FrozenBuffer<Int32>
    /// The patterns, each stored in one piece (one cache line or two) at its offset `o`: the
    /// header `elements[o]` (`id`: number of elements, `raw`: index of the anchor element, the
    /// one that drives the search), then the elements `elements[o + 1...]`. Leaves refer to
    /// patterns by offset.
    let elements: FrozenBuffer<Element>
    /// Where rule `r` starts: its root node and its leaves (one record, one cache miss).
    struct RuleEntry: BitwiseCopyable {
        var root: Int32
        var leafStart: Int32
        var leafEnd: Int32
    }

    /// Rule `r` is `ruleEntries[r]`.
    let ruleEntries: FrozenBuffer<RuleEntry>
    /// Terms, actor ids, feed/site values and raw forms.
    let strings: [String]

    /// An empty program.
    init() {
        self.init(rules: [], patterns: [], labels: [])
    }

    /// Flattens compiled rules and the shared patterns. Leaves name their term and actor by
    /// an index into `labels`, which become the first strings (equal labels have equal
    /// indices, so that the explanation compares indices, not strings).
    init(rules: [CompiledRule], patterns: [Pattern], labels: [String]) {
        var strings = labels
        // Strings are shared storage already (copy-on-write): appending is cheaper than
        // interning them by hashing.
        func intern(_ s: String) -> Int32 {
            strings.append(s)
            return Int32(strings.count - 1)
        }
        var elements: [Element] = []
        var patternOffset: [Int32] = []
        elements.reserveCapacity(patterns.count * 3)
        patternOffset.reserveCapacity(patterns.count)
        for p in patterns {
            patternOffset.append(Int32(elements.count))
            elements.append(Element(id: Int32(p.elements.count), raw: Int32(p.anchor), isPrefix: false, joined: false))
            for e in p.elements {
                elements.append(
                    Element(id: e.id, raw: e.raw.map(intern) ?? -1, isPrefix: e.isPrefix, joined: e.joined))
            }
        }
        var flat = Flattener(strings: strings)
        flat.nodes.reserveCapacity(rules.count * 4)
        flat.children.reserveCapacity(rules.count * 3)
        var leaves: [Leaf] = []
        var leafPatterns: [Int32] = []
        var ruleEntries: [RuleEntry] = []
        leaves.reserveCapacity(rules.count * 3)
        leafPatterns.reserveCapacity(rules.count * 3)
        ruleEntries.reserveCapacity(rules.count)
        for rule in rules {
            let leafBase = Int32(leaves.count)
            for leaf in rule.leaves {
                var compiled = Leaf(
                    patternStart: Int32(leafPatterns.count), patternCount: Int32(leaf.patterns.count),
                    term: leaf.term, actor: leaf.actor, scope: leaf.scope)
                if leaf.patterns.count == 1 {
                    let o = Int(patternOffset[Int(leaf.patterns[0])])
                    let anchor = elements[o + 1 + Int(elements[o].raw)]
                    compiled.onlyPattern = Int32(o)
                    compiled.anchor = anchor.id
                    compiled.anchorIsPrefix = anchor.isPrefix
                }
                leaves.append(compiled)
                for p in leaf.patterns { leafPatterns.append(patternOffset[Int(p)]) }
            }
            let root = flat.add(rule.root, leafBase: leafBase)
            ruleEntries.append(RuleEntry(root: root, leafStart: leafBase, leafEnd: Int32(leaves.count)))
        }
        self.nodes = FrozenBuffer(flat.nodes)
        self.children = FrozenBuffer(flat.children)
        self.leaves = FrozenBuffer(leaves)
        self.leafPatterns = FrozenBuffer(leafPatterns)
        self.elements = FrozenBuffer(elements)
        self.ruleEntries = FrozenBuffer(ruleEntries)
        self.strings = flat.strings
    }

    /// Flattens compiled nodes into `nodes` and `children` (a node's children are contiguous).
    private struct Flattener {
        var strings: [String]
        var nodes: [Node] = []
        var children: [Int32] = []
        /// Ids of the children of the nodes being flattened, innermost last.
        private var stack: [Int32] = []

        init(strings: [String]) {
            self.strings = strings
        }

        mutating func add(_ node: CompiledNode, leafBase: Int32) -> Int32 {
            switch node {
            case .leaf(let l):
                nodes.append(Node(kind: .leaf, a: leafBase + l, b: 0, c: 0))
            case .and(let xs), .or(let xs):
                let base = stack.count
                for x in xs { stack.append(add(x, leafBase: leafBase)) }
                let start = Int32(children.count)
                children += stack[base...]
                stack.removeLast(stack.count - base)
                let kind: Kind
                if case .and = node { kind = .and } else { kind = .or }
                nodes.append(Node(kind: kind, a: start, b: Int32(xs.count), c: 0))
            case .not(let x):
                let id = add(x, leafBase: leafBase)
                nodes.append(Node(kind: .not, a: id, b: 0, c: 0))
            case .near(let x, let y, let n, let ordered):
                let left = add(x, leafBase: leafBase)
                let right = add(y, leafBase: leafBase)
                nodes.append(Node(kind: ordered ? .onear : .near, a: left, b: right, c: n))
            case .feed(let value):
                nodes.append(Node(kind: .feed, a: intern(value), b: 0, c: 0))
            case .site(let value):
                nodes.append(Node(kind: .site, a: intern(value), b: 0, c: 0))
            }
            return Int32(nodes.count - 1)
        }

        /// Appends a string (they are shared storage already: no hashing).
        mutating func intern(_ s: String) -> Int32 {
            strings.append(s)
            return Int32(strings.count - 1)
        }
    }
}
