import Configuration
import Foundation
import Testing

@testable import Alerts

/// The email and webhook bodies of outputs (README "Outputs"): pure, from the alert record.
@Suite struct OutputMessageTests {
    static func alert(
        id: String = "0123456789abcdef", title: String = "North Korea fires missile", severity: String = "high"
    )
        -> AlertRecord
    {
        AlertRecord(
            id: id, time: "2026-12-04T07:12:00Z",
            rule: .init(id: "dprk-missile", title: "Missiles", severity: severity, tags: ["korea"]),
            article: .init(
                title: title, url: "https://wire.example/news/1004?a=1&b=<2>", published: "2026-12-04T07:00:00Z",
                author: nil, entryID: "e1"),
            feed: .init(id: "yonhap", title: "Yonhap", url: "https://en.yna.co.kr/RSS/news.xml"),
            matches: [.init(term: "missile*", field: "title", offset: 18, text: "missile")], actors: ["north_korea"],
            snippet: "Pyongyang launched a ballistic missile on Friday, the Joint Chiefs of Staff said.")
    }

    @Test func oneAlertPerMessageWithItsIdAsMessageID() {
        let message = MailMessage.alert(Self.alert(), from: "nw@example.org", to: ["a@example.org", "b@example.org"])
        let text = String(decoding: message.rendered(date: Date(timeIntervalSince1970: 1_796_368_320)), as: UTF8.self)
        #expect(text.contains("\r\nMessage-ID: <0123456789abcdef@newswatch>\r\n"))
        #expect(text.contains("\r\nSubject: [HIGH] dprk-missile: North Korea fires missile\r\n"))
        #expect(text.contains("\r\nTo: a@example.org, b@example.org\r\n"))
        #expect(text.contains("\r\nDate: Fri, 04 Dec 2026 07:12:00 +0000\r\n"))
        #expect(text.contains("Link: https://wire.example/news/1004?a=3D1&b=3D<2>"))
        let body = text.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
        #expect(body.components(separatedBy: "\r\n").allSatisfy { $0.count <= 76 })
        #expect(!text.contains("\n\n"))  // no bare LF
    }

    @Test(arguments: [
        ("North Korea", "North Korea"),
        ("북한, 동해상으로 탄도미사일 발사 — 합참", "=?UTF-8?B?"),
        ("Line\nbreak", "Line break"),
    ])
    func subjectsAreEncodedWordsWhenNotASCII(subject: String, start: String) {
        let encoded = MailMessage.encodedWords(subject)
        #expect(encoded.hasPrefix(start))
        #expect(!encoded.contains("\n") || encoded.contains("\r\n "))
        for line in encoded.components(separatedBy: "\r\n") { #expect(line.count <= 76) }
        if start == "=?UTF-8?B?" {
            let decoded = encoded.components(separatedBy: "\r\n ").map { word in
                Data(base64Encoded: String(word.dropFirst(10).dropLast(2))).map { String(decoding: $0, as: UTF8.self) }
                    ?? "?"
            }.joined()
            #expect(decoded == subject)
        }
    }

    @Test(arguments: [
        ("plain line", "plain line"),
        ("a=b", "a=3Db"),
        ("trailing space ", "trailing space=20"),
        ("é", "=C3=A9"),
        (
            String(repeating: "x", count: 100),
            String(repeating: "x", count: 75) + "=\r\n" + String(repeating: "x", count: 25)
        ),
    ])
    func quotedPrintable(text: String, expected: String) {
        #expect(MailMessage.quotedPrintable(text) == expected)
    }

    @Test func aDigestHasTheSameMessageIDForTheSameAlertsOnly() {
        let a = Self.alert(id: "aaaaaaaaaaaaaaaa")
        let b = Self.alert(id: "bbbbbbbbbbbbbbbb", severity: "critical")
        let end = Date(timeIntervalSince1970: 1_796_371_200)
        func digest(_ alerts: [AlertRecord]) -> MailMessage {
            MailMessage.digest(alerts, output: "desk", schedule: "1h", periodEnd: end, from: "n@e.org", to: ["d@e.org"])
        }
        #expect(digest([a, b]).messageID == digest([a, b]).messageID)
        #expect(digest([a, b]).messageID != digest([a]).messageID)
        #expect(digest([a, b]).messageID.hasPrefix("<digest.desk.20261204T080000Z."))
        #expect(digest([a, b]).subject == "[CRITICAL] newswatch digest: 2 alerts until 2026-12-04T08:00:00Z")
        #expect(digest([a, b]).body.contains("1. HIGH dprk-missile") && digest([a, b]).body.contains("2. CRITICAL"))
    }

    @Test func webhookBodies() throws {
        let alert = Self.alert()
        let json = WebhookBody.make(alert, format: .json)
        #expect(json.contentType == "application/json")
        #expect(String(decoding: json.bytes, as: UTF8.self) == AlertFormatter.jsonLine(alert))

        let slack = WebhookBody.make(alert, format: .slack)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(slack.bytes)) as? [String: String])
        #expect(
            object["text"]
                == "*HIGH* dprk-missile: <https://wire.example/news/1004?a=1&amp;b=&lt;2&gt;|North Korea fires missile>\n_yonhap_\nPyongyang launched a ballistic missile on Friday, the Joint Chiefs of Staff said."
        )

        let text = WebhookBody.make(alert, format: .text)
        #expect(text.contentType == "text/plain; charset=utf-8")
        #expect(
            String(decoding: text.bytes, as: UTF8.self).hasPrefix(
                "HIGH dprk-missile: North Korea fires missile\nhttps://"))
    }
}
