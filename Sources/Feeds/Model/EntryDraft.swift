import Foundation

/// A value offered by several elements, the lowest rank winning (first come among equals).
struct Ranked<Value> {
    private(set) var value: Value?
    private(set) var rank = Int.max

    /// Keeps `candidate` when it ranks better (or, `replacing`, as well) as the current value.
    mutating func offer(_ candidate: Value, rank: Int, replacing: Bool = false) {
        if rank < self.rank || (replacing && rank == self.rank) {
            value = candidate
            self.rank = rank
        }
    }
}

/// A link as written, with the xml:base in force where it was found (nil when none).
struct RawLink {
    var reference: String
    var xmlBase: String?
}

/// An entry while its document is being read; becomes an ``Entry`` once links can be resolved.
struct EntryDraft {
    var id = Ranked<String>()
    var permaLink: RawLink?
    var title = Ranked<String>()
    var link = Ranked<RawLink>()
    var published = Ranked<Date>()
    var updated = Ranked<Date>()
    var author = Ranked<String>()
    var categories: [String] = []
    var summary = Ranked<String>()
    var content = Ranked<String>()

    mutating func addCategory(_ category: String) {
        guard !category.isEmpty, !categories.contains(category) else { return }
        categories.append(category)
    }

    /// The finished entry; `resolve` makes a raw link absolute.
    func entry(resolve: (RawLink) -> String) -> Entry {
        let title = self.title.value ?? ""
        let link = self.link.value.map(resolve) ?? permaLink.map(resolve)
        let summary = self.summary.value ?? ""
        let content = self.content.value ?? ""
        var entry = Entry(
            id: "", title: title, link: link?.isEmpty == true ? nil : link,
            published: published.value, updated: updated.value, author: author.value,
            categories: categories, summary: summary, content: content)
        if let id = self.id.value, !id.isEmpty {
            entry.id = id
        } else if let link = entry.link {
            entry.id = link
        } else {
            entry.id = EntryIdentity.derivedID(title: title, text: entry.text)
        }
        return entry
    }
}
