/// A searchable part of a document.
public enum Field: String, Sendable, Codable, CaseIterable {
    case title, text, author, category, feed, site
}
