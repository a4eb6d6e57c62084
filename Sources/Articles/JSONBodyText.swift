import Feeds
import Foundation

/// A JSON-LD `articleBody` as paragraphs (README "Extract articles"): split at line breaks (and at
/// `</p>` and `<br>` when the body is HTML), markup stripped, character references decoded, white
/// space collapsed, empty lines dropped.
enum JSONBodyText {
    static func paragraphs(_ body: String) -> [String] {
        let html = body.contains("<")
        var source = body
        if html {
            for tag in ["</p>", "</P>", "<br>", "<br/>", "<br />", "<BR>"] {
                source = source.replacingOccurrences(of: tag, with: "\n")
            }
        }
        return source.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).compactMap { line in
            let text =
                html
                ? HTMLText.plainText(String(line))
                : HTMLText.collapsingWhiteSpace(HTMLText.decodingCharacterReferences(String(line)))
            return text.isEmpty ? nil : text
        }
    }
}
