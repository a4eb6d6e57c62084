import Foundation

/// The one reading of a URL the project needs beyond fetching it: its host (per-host limits, `site:`
/// terms), whether it is http(s), and its text with any password removed for logs and `status`.
public enum WebAddress {
    /// The host of `url`, lower-cased (as URLComponents gives it: an IDN stays as written, punycode
    /// stays punycode); nil when there is none.
    public static func host(of url: String) -> String? {
        guard let host = URLComponents(string: url)?.host, !host.isEmpty else { return nil }
        return host.lowercased()
    }

    /// Whether `url` is an absolute http or https URL with a host.
    public static func isHTTP(_ url: String) -> Bool {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased() else { return false }
        return (scheme == "http" || scheme == "https") && !(parts.host ?? "").isEmpty
    }

    /// `url` with the password of its user info replaced by `***` (`http://user:***@host/`), for
    /// logs, `status` and alert records; any other URL unchanged.
    public static func redacted(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return url }
        let userInfo = authority[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }

    /// Every password-bearing URL inside `text` redacted (for error messages that quote a URL).
    public static func redactingURLs(in text: String) -> String {
        guard text.contains("@"), text.contains("://") else { return text }
        var out = ""
        var word = ""
        for c in text {
            if c == " " || c == "\n" || c == "(" || c == ")" || c == "\"" || c == "'" || c == "<" || c == ">" {
                out += redacted(word)
                word = ""
                out.append(c)
            } else {
                word.append(c)
            }
        }
        return out + redacted(word)
    }
}
