import Crypto
import Foundation

/// Alert identity (README "Alerts"): the first 16 hex digits of SHA-256 of `rule-id + "\n" + article-key`.
public enum AlertID {
    public static func make(ruleID: String, articleKey: String) -> String {
        let digest = SHA256.hash(data: Data((ruleID + "\n" + articleKey).utf8))
        var hex = ""
        hex.reserveCapacity(16)
        for byte in digest.prefix(8) {
            hex += String(byte, radix: 16).leftPadded(to: 2)
        }
        return hex
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
