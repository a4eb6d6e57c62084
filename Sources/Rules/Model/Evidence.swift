/// What the rules that fired on one article found, in compact form: one record per hit, shared
/// by all the article's matches. The `Hit` values (with their strings) are built only when a
/// match's `hits` are read, which is what writing an alert does; deciding which rules fire and
/// where costs no string per hit.
final class Evidence: Sendable {
    /// One hit: a term found in a field instance, or a `feed:`/`site:` condition that held.
    struct Record: BitwiseCopyable, Equatable {
        /// The term (an index into `strings`); for `feed:`/`site:`, the value.
        var term: Int32
        /// The actor whose name matched (an index into `strings`), or -1.
        var actor: Int32
        /// The field instance, or `Record.feed` / `Record.site`.
        var instance: Int32
        /// Unicode-scalar offset in the field instance.
        var offset: Int32
        /// The matched text: UTF-8 offsets into the field instance's text.
        var utf8Start: Int32
        var utf8End: Int32

        static let feed: Int32 = -1
        static let site: Int32 = -2
    }

    let records: [Record]
    /// Per field instance (title, body, author, then each category): its text and its field.
    let texts: [String]
    let fields: [Field]
    /// The rule set's strings (terms, actor ids, `feed:`/`site:` values).
    let strings: [String]
    let feedID: String
    let site: String

    init(records: [Record], texts: [String], fields: [Field], strings: [String], feedID: String, site: String) {
        self.records = records
        self.texts = texts
        self.fields = fields
        self.strings = strings
        self.feedID = feedID
        self.site = site
    }

    func hit(_ r: Record) -> Hit {
        switch r.instance {
        case Record.feed:
            return Hit(term: "feed:" + strings[Int(r.term)], field: .feed, offset: 0, text: feedID)
        case Record.site:
            return Hit(term: "site:" + strings[Int(r.term)], field: .site, offset: 0, text: site)
        default:
            return Hit(
                term: strings[Int(r.term)], field: fields[Int(r.instance)], offset: Int(r.offset),
                text: texts[Int(r.instance)].utf8Slice(Int(r.utf8Start), Int(r.utf8End)))
        }
    }

    /// The distinct actors of `records[range]`, sorted.
    func actors(_ range: Range<Int>) -> [String] {
        var ids: [Int32] = []
        for r in records[range] where r.actor >= 0 && !ids.contains(r.actor) { ids.append(r.actor) }
        return ids.map { strings[Int($0)] }.sorted()
    }
}
