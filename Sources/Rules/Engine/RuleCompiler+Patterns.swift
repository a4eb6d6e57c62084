import Foundation

/// Terms and actor names as interned patterns of word and prefix elements, and interned labels.
extension RuleCompiler {
    /// A `site:` value as the articles' hosts are written: lower case, international names in Unicode
    /// (`xn--bcher-kva.de` is `bücher.de`), as `URLComponents` gives them.
    static func siteHost(_ value: String) -> String {
        (URLComponents(string: "http://" + value)?.host).flatMap { $0.isEmpty ? nil : $0 }?.lowercased()
            ?? value.lowercased()
    }

    /// The elements of one word of a term (not `raw:`), normalized once per distinct word.
    mutating func elements(of word: Term.Word) -> [PatternElement] {
        let key = WordKey(text: word.text, isPrefix: word.isPrefix)
        if let known = wordElements[key] { return known }
        var out: [PatternElement]
        if word.text.isASCIIAlphanumericWord {
            // Plain ASCII letters and digits: one token, the word in lower case.
            out = [
                element(
                    Array(word.text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }), isPrefix: word.isPrefix)
            ]
        } else {
            out = elements(of: Term(words: [word], isQuoted: false)) ?? []
        }
        wordElements[key] = out
        return out
    }

    /// The elements of a term, or nil if it has no word at all.
    mutating func cachedElements(of term: Term) -> [PatternElement]? {
        if term.isRaw { return elements(of: term) }
        if term.words.count == 1 {
            let out = elements(of: term.words[0])
            return out.isEmpty ? nil : out
        }
        var out: [PatternElement] = []
        for word in term.words { out += elements(of: word) }
        return out.isEmpty ? nil : out
    }

    /// The element for a normalized key: a word, or a prefix (registering its length).
    mutating func element(_ key: [UInt8], isPrefix: Bool) -> PatternElement {
        if isPrefix {
            let id = prefixes.insert(key)
            if key.count >= prefixLengths.count {
                prefixLengths += Array(repeating: false, count: key.count + 1 - prefixLengths.count)
            }
            prefixLengths[key.count] = true
            return PatternElement(isPrefix: true, id: id, raw: nil)
        }
        return PatternElement(isPrefix: false, id: words.insert(key), raw: nil)
    }

    mutating func elements(of term: Term) -> [PatternElement]? {
        var out: [PatternElement] = []
        for word in term.words {
            let stream = TokenStream(word.text)
            for i in stream.tokens.indices {
                let t = stream.tokens[i]
                let key = Array(stream.keys[Int(t.keyStart)..<Int(t.keyEnd)])
                let noSpace = t.flags & TokenInfo.noSpace != 0
                let isPrefix =
                    !noSpace && (t.flags & TokenInfo.hangul != 0 || (word.isPrefix && i == stream.tokens.count - 1))
                var e = element(key, isPrefix: isPrefix)
                e.raw = term.isRaw ? RawForm.of(stream.original(from: i, through: i)) : nil
                e.joined =
                    i > 0 && noSpace && stream.tokens[i - 1].flags & TokenInfo.noSpace != 0
                    && stream.tokens[i - 1].touches(t)
                out.append(e)
            }
        }
        return out.isEmpty ? nil : out
    }

    mutating func intern(_ elements: [PatternElement]) -> Int32 {
        let key = elements
        if let id = patternIndex[key] { return id }
        let id = Int32(patterns.count)
        // The anchor is chosen once all rules are known (see `compile`).
        patterns.append(Pattern(elements: elements, anchor: 0))
        patternIndex[key] = id
        return id
    }

    /// The pattern (nil: the term has no word to match) and the label of a term.
    mutating func termLeaf(_ term: Term) -> (pattern: Int32?, label: Int32) {
        guard term.words.count == 1, !term.isQuoted, !term.isRaw else {
            return (cachedElements(of: term).map { intern($0) }, label(term.description))
        }
        let word = term.words[0]
        let key = WordKey(text: word.text, isPrefix: word.isPrefix)
        if let known = bareWords[key] { return known }
        let leaf = (pattern: cachedElements(of: term).map { intern($0) }, label: label(term.description))
        bareWords[key] = leaf
        return leaf
    }

    /// The patterns and labels of an actor's leaves.
    mutating func actorLeaf(_ id: String) -> (patterns: [Int32], term: Int32, actor: Int32) {
        if let known = actorLeaves[id] { return known }
        // Not a defined actor (the checker reports those, and such rules are left out).
        let leaf = (patterns: [Int32](), term: label("@" + id), actor: label(id))
        actorLeaves[id] = leaf
        return leaf
    }

    /// The index of a label (equal labels get equal indices, so that explanations compare
    /// indices, not strings).
    mutating func label(_ s: String) -> Int32 {
        if let id = labelIDs[s] { return id }
        let id = Int32(labels.count)
        labels.append(s)
        labelIDs[s] = id
        return id
    }
}
