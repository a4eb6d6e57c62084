/// Step 1 of `RuleCompiler.compile`: the actors, each name an interned pattern.
extension RuleCompiler {
    /// Compiles every actor's names; returns the ids defined and those whose definition has errors.
    mutating func compileActors(_ actors: [ActorDefinition]) -> (known: Set<String>, broken: Set<String>) {
        var actorLocations: [String: SourceLocation] = [:]
        var brokenActors: Set<String> = []
        for actor in actors {
            if let first = actorLocations[actor.id] {
                diagnostics.append(
                    Diagnostic(actor.location, "duplicate actor id '\(actor.id)' (first defined at \(first))"))
                continue
            }
            actorLocations[actor.id] = actor.location
            var ids: [Int32] = []
            var ok = true
            if actor.names.isEmpty {
                diagnostics.append(Diagnostic(actor.location, "actor '\(actor.id)' has no names; add `names: [...]`"))
                ok = false
            }
            for (index, name) in actor.names.enumerated() {
                if let id = namePattern(name, actor: actor, at: actor.location(ofName: index)) {
                    ids.append(id)
                } else {
                    ok = false
                }
            }
            if ok {
                actorLeaves[actor.id] = (Self.sortedUnique(ids), label("@" + actor.id), label(actor.id))
            } else {
                brokenActors.insert(actor.id)
            }
        }
        return (Set(actorLocations.keys), brokenActors)
    }

    /// An actor name, matched like a quoted phrase.
    mutating func namePattern(_ name: String, actor: ActorDefinition, at location: SourceLocation) -> Int32? {
        var termWords: [Term.Word] = []
        for piece in name.unicodeScalars.split(whereSeparator: { $0.isSpace }) {
            var text = String(piece)
            var isPrefix = false
            if text.hasSuffix("*") {
                text.removeLast()
                isPrefix = true
            }
            if text.contains("*") || (isPrefix && text.isEmpty) {
                diagnostics.append(
                    Diagnostic(
                        location,
                        "actor '\(actor.id)': '*' is only allowed at the end of a word, after at least 3 characters, in name '\(name)'"
                    ))
                return nil
            }
            termWords.append(Term.Word(text: text, isPrefix: isPrefix, offset: 0))
        }
        let term = Term(words: termWords, isQuoted: true)
        guard let elements = cachedElements(of: term) else {
            diagnostics.append(
                Diagnostic(location, "actor '\(actor.id)': name '\(name)' has no letters or digits to match"))
            return nil
        }
        for w in termWords where w.isPrefix {
            let last = TextNormalizer.tokens(w.text).last
            if let last, !last.isHangul, !last.isNoSpaceScript, last.key.unicodeScalars.count < 3 {
                diagnostics.append(
                    Diagnostic(
                        location, "actor '\(actor.id)': '*' needs at least 3 characters before it in name '\(name)'"))
                return nil
            }
        }
        return intern(elements)
    }
}
