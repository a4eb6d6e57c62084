import Foundation

/// The key that makes "the same story" one article (README "Alerts"): its canonical link — fragment and `utm_*`
/// query parameters removed, scheme and host lower-cased — or, without a link, the feed id and entry id.
public enum ArticleKey {
    public static func make(link: String?, feedID: String, entryID: String) -> String {
        if let link, let canonical = canonicalLink(link) {
            return canonical
        }
        return feedID + "\n" + entryID
    }

    /// The canonical form of an http(s) link, or nil when `link` is not an absolute http(s) URL.
    public static func canonicalLink(_ link: String) -> String? {
        let trimmed = link.trimmingCharacters(in: .whitespacesAndNewlines)
        guard var parts = URLComponents(string: trimmed),
            let scheme = parts.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = parts.host, !host.isEmpty
        else { return nil }
        parts.scheme = scheme
        parts.host = host.lowercased()
        parts.fragment = nil
        if (scheme == "http" && parts.port == 80) || (scheme == "https" && parts.port == 443) {
            parts.port = nil
        }
        if let items = parts.queryItems {
            let kept = items.filter { !$0.name.lowercased().hasPrefix("utm_") }
            parts.queryItems = kept.isEmpty ? nil : kept
        }
        if parts.path.isEmpty { parts.path = "/" }
        return parts.string ?? trimmed
    }
}
