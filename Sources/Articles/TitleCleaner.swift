import Foundation

/// Titles and bylines as pages write them, made plain (README "Extract articles"): the site's name
/// after or before a separator (`Seoul weighs lethal aid | Example News`) is dropped, and so is a
/// leading "By".
enum TitleCleaner {
    static let separators = [" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " « ", " ｜ "]

    /// `title` without the site's name. With `guess`, a last part after a separator that is shorter
    /// than what comes before it is taken to be the site's name even when the page does not name it.
    static func strip(_ title: String, siteName: String?, guess: Bool) -> String {
        if let siteName, !siteName.isEmpty, title != siteName {
            for separator in separators {
                if title.hasSuffix(separator + siteName) {
                    return String(title.dropLast(separator.count + siteName.count))
                }
                if title.hasPrefix(siteName + separator) {
                    return String(title.dropFirst(separator.count + siteName.count))
                }
            }
        }
        guard guess else { return title }
        var best: Range<String.Index>?
        for separator in separators {
            if let range = title.range(of: separator, options: .backwards),
                range.lowerBound > (best?.lowerBound ?? title.startIndex)
            {
                best = range
            }
        }
        guard let best else { return title }
        let head = title[..<best.lowerBound]
        let tail = title[best.upperBound...]
        guard head.unicodeScalars.count >= 10, tail.unicodeScalars.count < head.unicodeScalars.count else {
            return title
        }
        return String(head)
    }

    static func withoutBy(_ byline: String) -> String {
        for prefix in ["By ", "by ", "BY ", "By: ", "Von ", "Par "] where byline.hasPrefix(prefix) {
            return String(byline.dropFirst(prefix.count))
        }
        return byline
    }
}
