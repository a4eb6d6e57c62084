import Foundation

/// The exact form used by `raw:`: NFKC, no case or diacritic folding.
enum RawForm {
    static func of(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        return text.precomposedStringWithCompatibilityMapping
    }
}
