/// When the service fetches an entry's article page (README "Full article text"): `auto` when the
/// entry's own text looks like a teaser, `always` for every new entry, `never` not at all.
public enum ArticleMode: String, Sendable, CaseIterable {
    case auto, always, never
}
