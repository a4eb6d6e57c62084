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

    /// The element id of word or prefix `id`, the one numbering of elements (presearch index,
    /// element costs, the article's occurrences): words first, then prefix `p` as `wordCount + p`.
    @inline(__always)
    static func elementID(_ id: Int32, isPrefix: Bool, wordCount: Int32) -> Int32 {
        isPrefix ? wordCount + id : id
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
        self.init(rules: CompiledRules(), patterns: [], labels: [])
    }

    /// Lays out the compiled rules' leaves and the shared patterns. Leaves name their term and
    /// actor by an index into `labels`, which become the first strings (equal labels have equal
    /// indices, so that the explanation compares indices, not strings).
    init(rules: CompiledRules, patterns: [Pattern], labels: [String]) {
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
        // The compiler lays each leaf's pattern ids out in leaf order: the leaves keep their
        // ranges, over pattern offsets instead of ids.
        let leafPatterns = rules.patternIDs.map { patternOffset[Int($0)] }
        var leaves: [Leaf] = []
        leaves.reserveCapacity(rules.leaves.count)
        for leaf in rules.leaves {
            var compiled = Leaf(
                patternStart: leaf.patternStart, patternCount: leaf.patternCount,
                term: leaf.term, actor: leaf.actor, scope: leaf.scope)
            if leaf.patternCount == 1 {
                let o = Int(leafPatterns[Int(leaf.patternStart)])
                let anchor = elements[o + 1 + Int(elements[o].raw)]
                compiled.onlyPattern = Int32(o)
                compiled.anchor = anchor.id
                compiled.anchorIsPrefix = anchor.isPrefix
            }
            leaves.append(compiled)
        }
        self.nodes = FrozenBuffer(rules.nodes)
        self.children = FrozenBuffer(rules.children)
        self.leaves = FrozenBuffer(leaves)
        self.leafPatterns = FrozenBuffer(leafPatterns)
        self.elements = FrozenBuffer(elements)
        self.ruleEntries = FrozenBuffer(rules.entries)
        self.strings = strings
    }
}
