/// The per-article state of an evaluation: the article's tokens (every field instance in one
/// stream), the rule-set elements found in one pass over them, and every span computed so far.
///
/// All spans live in one buffer (`store`) and are handed around as index ranges into it, and
/// the compiled rules are read through the program's frozen buffers, so that evaluating a rule
/// allocates nothing per pattern, leaf or operator.
struct MatchContext {
    let set: RuleSet
    let document: Document
    // The program, read through pointers (kept alive by `set`).
    let nodes: UnsafeBufferPointer<Program.Node>
    let children: UnsafeBufferPointer<Int32>
    let leaves: UnsafeBufferPointer<Program.Leaf>
    let leafPatterns: UnsafeBufferPointer<Int32>
    let elements: UnsafeBufferPointer<Program.Element>
    let ruleEntries: UnsafeBufferPointer<Program.RuleEntry>
    /// The program's strings (one reference per article, not one per use).
    let strings: [String]
    /// Number of words of the rule set: prefix `p` is element `wordCount + p`.
    let wordCount: Int32

    /// Field instances: title, body, author, then one per category; instance `i` owns tokens
    /// `instanceBase[i]..<instanceBase[i + 1]` of `scratch.stream`.
    var texts: [String] = []
    var instanceBase: [Int32] = [0]
    var instanceMask: [UInt8] = []
    var instanceField: [Field] = []
    /// The first leaf of the rule being evaluated (`scratch.leafStart` is indexed from it).
    var leafBase: Int32 = 0
    /// The hits of the rules that fired so far (handed to the article's `Evidence`).
    var records: [Evidence.Record] = []
    /// Every reusable buffer of the evaluation (tokens, spans, explanation and presearch buffers):
    /// see `MatchScratch` for what each holds.
    var scratch: MatchScratch

    static let maxInstances = 255

    init(ruleSet: RuleSet, document: Document, scratch: consuming MatchScratch = MatchScratch()) {
        set = ruleSet
        self.document = document
        self.scratch = scratch
        let program = ruleSet.program
        nodes = program.nodes.buffer
        children = program.children.buffer
        leaves = program.leaves.buffer
        leafPatterns = program.leafPatterns.buffer
        elements = program.elements.buffer
        ruleEntries = program.ruleEntries.buffer
        strings = program.strings
        wordCount = Int32(ruleSet.words.count)
        add(document.title, mask: ScopeMask.title, field: .title)
        add(document.text, mask: ScopeMask.body, field: .text)
        add(document.author, mask: ScopeMask.author, field: .author)
        for category in document.categories.prefix(Self.maxInstances - 3) {
            add(category, mask: ScopeMask.category, field: .category)
        }
        // Padding: the lookups read keys eight bytes at a time.
        self.scratch.stream.keys.append(contentsOf: repeatElement(0, count: 8))
        lookUp()
    }

    /// Gives the buffers back, for the next article.
    consuming func releaseScratch() -> MatchScratch {
        scratch
    }

    mutating func add(_ text: String, mask: UInt8, field: Field) {
        let instance = UInt8(texts.count)
        Tokenizer.tokenize(text, into: &scratch.stream)
        texts.append(text)
        scratch.tokenInstance.append(
            contentsOf: repeatElement(instance, count: scratch.stream.tokens.count - scratch.tokenInstance.count))
        instanceBase.append(Int32(scratch.stream.tokens.count))
        instanceMask.append(mask)
        instanceField.append(field)
    }

    /// Looks every token up in the rule set's words and prefixes, then groups the occurrences
    /// by element (a counting sort: no comparison sort per article).
    mutating func lookUp() {
        let words = set.words.view
        let prefixes = set.prefixes.view
        var raw = scratch.raw  // element << 32 | token
        scratch.raw = []
        var tokenWord = scratch.tokenWord
        scratch.tokenWord = []
        tokenWord.append(contentsOf: repeatElement(-1, count: scratch.stream.tokens.count))
        let lengths = set.prefixLengths
        let lengthBits = set.prefixLengthBits
        raw.reserveCapacity(scratch.stream.tokens.count * 2)
        tokenWord.withUnsafeMutableBufferPointer { tokenWord in
            scratch.stream.keys.withUnsafeBufferPointer { keys in
                scratch.stream.tokens.withUnsafeBufferPointer { tokens in
                    guard let keyBase = keys.baseAddress else { return }
                    for (t, token) in tokens.enumerated() {
                        let start = Int(token.keyStart)
                        let count = Int(token.keyEnd) - start
                        let base = keyBase + start
                        let p = UnsafeRawPointer(base)
                        let head = ByteTable.head(p, count)
                        // Prefix keys of lengths 1...count (a bit set per length that some key
                        // has); lengths of 4 and more only if some key starts like the token.
                        var prefixLengths = count < 63 ? lengthBits & ((2 << UInt64(count)) - 1) : lengthBits
                        let mayStart = prefixes.mayStart(head: head)
                        if !mayStart { prefixLengths &= 0b1111 }
                        while prefixLengths != 0 {
                            let k = prefixLengths.trailingZeroBitCount
                            prefixLengths &= prefixLengths - 1
                            let h = ByteTable.hash(p, k)
                            guard prefixes.mayContain(hash: h) else { continue }
                            let id = prefixes.find(base, k, hash: h, head: ByteTable.head(p, k))
                            if id >= 0 {
                                raw.append(
                                    Int64(Program.elementID(id, isPrefix: true, wordCount: wordCount)) << 32 | Int64(t))
                            }
                        }
                        if count >= 64 && lengths.count > 64 && mayStart {
                            // Rare: keys longer than the bit set covers.
                            for k in 64...min(count, lengths.count - 1) where lengths[k] {
                                let h = ByteTable.hash(p, k)
                                let id = prefixes.find(base, k, hash: h, head: ByteTable.head(p, k))
                                if id >= 0 {
                                    raw.append(
                                        Int64(Program.elementID(id, isPrefix: true, wordCount: wordCount)) << 32
                                            | Int64(t))
                                }
                            }
                        }
                        let h = ByteTable.hash(p, count)
                        // The filter is small enough to stay in cache: most tokens that are no
                        // rule word are settled without touching the (big) table.
                        let w = words.mayContain(hash: h) ? words.find(base, count, hash: h, head: head) : -1
                        tokenWord[t] = w
                        if w >= 0 { raw.append(Int64(w) << 32 | Int64(t)) }
                    }
                }
            }
        }
        scratch.tokenWord = tokenWord
        var local = scratch.local
        scratch.local = []
        var counts = scratch.counts
        scratch.counts = []
        local.append(contentsOf: repeatElement(0, count: raw.count))
        raw.withUnsafeBufferPointer { raw in
            local.withUnsafeMutableBufferPointer { local in
                for (k, o) in raw.enumerated() {
                    let e = Int32(truncatingIfNeeded: o >> 32)
                    let i: Int32
                    if let known = scratch.elementIndex.get(e) {
                        i = Int32(truncatingIfNeeded: known)
                        counts[Int(i)] += 1
                    } else {
                        i = Int32(scratch.presentElements.count)
                        scratch.elementIndex.set(e, Int64(i))
                        scratch.presentElements.append(e)
                        counts.append(1)
                    }
                    local[k] = i
                }
            }
        }
        scratch.groupStart.reserveCapacity(counts.count + 1)
        scratch.groupStart.append(0)
        var total: Int32 = 0
        for c in counts {
            total += c
            scratch.groupStart.append(total)
        }
        scratch.grouped.append(contentsOf: repeatElement(0, count: raw.count))
        raw.withUnsafeBufferPointer { raw in
            local.withUnsafeBufferPointer { local in
                counts.withUnsafeMutableBufferPointer { counts in
                    scratch.groupStart.withUnsafeBufferPointer { groupStart in
                        scratch.grouped.withUnsafeMutableBufferPointer { grouped in
                            // `counts` becomes the fill cursor of each group.
                            for i in counts.indices { counts[i] = groupStart[i] }
                            for (k, o) in raw.enumerated() {
                                let i = Int(local[k])
                                grouped[Int(counts[i])] = Int32(truncatingIfNeeded: o)
                                counts[i] += 1
                            }
                        }
                    }
                }
            }
        }
        scratch.raw = raw
        scratch.local = local
        scratch.counts = counts
    }
}
