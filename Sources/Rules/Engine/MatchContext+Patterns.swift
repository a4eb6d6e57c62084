extension MatchContext {
    /// The occurrences of the pattern at offset `p` of the program's `elements`.
    mutating func spans(ofPattern p: Int32) -> Range<Int> {
        if let cached = scratch.patternSpans.get(p) {
            let start = Int(cached >> 32)
            return start..<(start + Int(cached & 0xFFFF_FFFF))
        }
        let first = scratch.store.count
        let header = elements[Int(p)]
        let elementsStart = Int(p) + 1
        let length = Int(header.id)
        let anchorIndex = Int(header.raw)
        let anchor = elements[elementsStart + anchorIndex]
        let element = elementID(anchor.id, isPrefix: anchor.isPrefix)
        if let g = scratch.elementIndex.get(element) {
            for i in Int(scratch.groupStart[Int(g)])..<Int(scratch.groupStart[Int(g) + 1]) {
                let token = Int(scratch.grouped[i])
                let instance = Int(scratch.tokenInstance[token])
                let start = token - anchorIndex
                let end = start + length - 1
                guard start >= Int(instanceBase[instance]), end < Int(instanceBase[instance + 1]) else { continue }
                var ok = true
                for k in 0..<length {
                    let e = elements[elementsStart + k]
                    if e.joined && !scratch.stream.tokens[start + k - 1].touches(scratch.stream.tokens[start + k]) {
                        ok = false
                        break
                    }
                    if k == anchorIndex && e.raw < 0 { continue }
                    if !matches(e, token: start + k) {
                        ok = false
                        break
                    }
                }
                if ok {
                    scratch.store.append(
                        Span(instance: Int32(instance), start: Int32(start), end: Int32(end), leaf: -1))
                }
            }
        }
        scratch.patternSpans.set(p, Int64(first) << 32 | Int64(scratch.store.count - first))
        return first..<scratch.store.count
    }

    func matches(_ e: Program.Element, token t: Int) -> Bool {
        if e.isPrefix {
            let token = scratch.stream.tokens[t]
            let prefixes = set.prefixes
            let prefix = prefixes.key(e.id)
            let length = Int(token.keyEnd - token.keyStart)
            guard prefix.count <= length else { return false }
            let start = Int(token.keyStart)
            var k = 0
            for b in prefix {
                if scratch.stream.keys[start + k] != b { return false }
                k += 1
            }
        } else if scratch.tokenWord[t] != e.id {
            return false
        }
        if e.raw >= 0 {
            let raw = strings[Int(e.raw)]
            let form = RawForm.of(original(from: t, through: t))
            return e.isPrefix ? form.hasPrefix(raw) : form == raw
        }
        return true
    }

    /// The original text of tokens `first...last` (of one instance).
    func original(from first: Int, through last: Int) -> String {
        texts[Int(scratch.tokenInstance[first])].utf8Slice(
            Int(scratch.stream.tokens[first].utf8Start), Int(scratch.stream.tokens[last].utf8End))
    }
}
