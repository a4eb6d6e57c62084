import Foundation
import Testing

@testable import Articles

/// One fixture page, how it is served, and what must be found in it.
struct ArticleFixture: Sendable, CustomTestStringConvertible {
    var file: String
    var url: String? = "https://news.example.com/2024/10/article.html"
    var contentType: String? = "text/html"
    var title: String?
    var author: String?
    var published: String?
    var language: String?
    var canonical: String? = nil
    /// Paragraphs (or parts of them) the text must contain, in this order.
    var contains: [String] = []
    /// What the text must not contain (boilerplate of the page).
    var excludes: [String] = []
    var paragraphs: Int? = nil

    var testDescription: String { file }

    /// Golden file name: the fixture's base name + `.golden.json`.
    var golden: String { (file as NSString).deletingPathExtension + ".golden.json" }

    func extract() throws -> ExtractedArticle {
        ArticleExtractor.extract([UInt8](try ArticleFixtures.data(file)), contentType: contentType, url: url)
    }
}

enum ArticleFixtures {
    static func data(_ name: String) throws -> Data {
        let url = try #require(
            Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil), "missing fixture \(name)")
        return try Data(contentsOf: url)
    }

    /// Where goldens live in the source tree (for NEWSWATCH_UPDATE_GOLDEN=1).
    static func sourceURL(_ name: String, filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/" + name)
    }

    static let boilerplate = [
        "cookie", "Cookie", "Subscribe", "Share on", "Related", "Comments", "Popular story", "All rights reserved",
        "Facebook", "WhatsApp",
    ]

    static let all: [ArticleFixture] = [
        ArticleFixture(
            file: "seed-en.html", url: "https://herald.example.com/world/asia/seoul-lethal-aid-ukraine-kursk?ref=rss",
            contentType: "text/html; charset=utf-8",
            title: "Seoul weighs lethal aid to Ukraine as North Korean troops reach Kursk", author: "Min-ji Park",
            published: "2024-10-21T21:15:00Z", language: "en",
            canonical: "https://herald.example.com/world/asia/seoul-lethal-aid-ukraine-kursk",
            contains: [
                "SEOUL — South Korea is considering supplying weapons directly to Ukraine",
                "review \"all options, including lethal aid,\"", "Troops in Kursk",
                "\"This is no longer a distant war for Korea.",
                "The Kremlin has neither confirmed nor denied",
            ],
            excludes: boilerplate + [
                "Kim and Putin sign", "Photo: Example Agency", "Advertisement", "kyiv_watcher", "Most read",
                "Min-ji Park",
                "Get the Asia briefing",
            ],
            paragraphs: 8),
        ArticleFixture(
            file: "seed-ko.html", url: "https://www.yesi.example.kr/politics/2024/10/18/nk-special-forces-kursk",
            title: "국정원 \"북한 특수부대 러시아 파병…쿠르스크 이동 중\"", author: "김서연", published: "2024-10-18T05:05:00Z",
            language: "ko", canonical: "https://www.yesi.example.kr/politics/2024/10/18/nk-special-forces-kursk",
            contains: [
                "국가정보원은 북한이 러시아에 특수작전부대", "블라디보스토크로 이동했으며", "살상무기 지원 가능성도 거론된",
                "쿠르스크 지역에 배치될 것",
            ],
            excludes: ["광고", "관련기사", "댓글", "카카오톡", "무단 전재", "구독하고", "발행인"], paragraphs: 4),
        ArticleFixture(
            file: "news-boilerplate.html", title: "Lawmakers press for answers on North Korean troops",
            author: "Jordan Lee",
            published: "2024-10-24T00:00:00Z", language: "en",
            canonical: "https://daily.example.org/2024/10/24/lawmakers-north-korea-troops/",
            contains: ["WASHINGTON — Lawmakers on Thursday", "co-belligerents", "a significant escalation."],
            excludes: boilerplate + ["Sign up for our daily briefing", "By Jordan Lee", "Great article"], paragraphs: 4),
        ArticleFixture(
            file: "jsonld-body.html", title: "Kyiv says North Korean units have entered Kursk region",
            author: "Olena Kovalenko", published: "2024-11-01T09:30:00Z", language: "en",
            contains: ["KYIV — Ukraine's defence intelligence agency", "about 7,000 troops", "other partners."],
            excludes: boilerplate + ["entered...", "Already a subscriber"], paragraphs: 3),
        ArticleFixture(
            file: "itemprop-body.html", title: "Japan calls North Korean deployment a grave threat",
            author: "Aiko Tanaka",
            published: "2024-10-28T03:00:00Z", language: "en",
            contains: ["TOKYO — Japan's foreign minister", "share intelligence", "further measures."],
            excludes: boilerplate + ["Short box text"], paragraphs: 3),
        ArticleFixture(
            file: "korean-euc-kr.html", title: "정부 \"우크라이나 공격용 무기 지원도 배제 안 해\"", author: "이정훈",
            published: "2024-10-24T01:00:00Z", language: "ko",
            contains: ["정부는 24일 북한군의 러시아 파병과 관련해", "참관단 파견도 검토"],
            excludes: ["신중하게 결정해야", "북한군 쿠르스크 투입"], paragraphs: 3),
        ArticleFixture(
            file: "russian-windows-1251.html", contentType: "text/html; charset=windows-1251",
            title: "Сеул не исключает поставок оружия Украине", author: "Анна Смирнова",
            published: "2024-10-24T12:00:00Z",
            language: "ru",
            contains: ["Южная Корея не исключает поставок оружия Украине", "около трёх тысяч военнослужащих КНДР"],
            excludes: ["Очень интересная", "Главная"], paragraphs: 3),
        ArticleFixture(
            file: "japanese-shift-jis.html", title: "韓国、ウクライナへの兵器供与を排除せず", language: "ja",
            contains: ["韓国政府は二十四日、北朝鮮軍のロシア派兵を受けて", "非殺傷の装備のみを提供してきた。"],
            excludes: ["慎重な判断", "国家情報院が報告"], paragraphs: 3),
        ArticleFixture(
            file: "chinese-gb18030.html", title: "韩国不排除向乌克兰提供武器", language: "zh-CN",
            contains: ["韩国政府二十四日表示，鉴于朝鲜向俄罗斯派兵", "人道主义援助和非杀伤性装备。"],
            excludes: ["希望各方保持克制", "首页"], paragraphs: 3),
        ArticleFixture(
            file: "arabic-rtl.html", title: "سيول لا تستبعد تزويد أوكرانيا بالأسلحة", author: "سارة محمد",
            published: "2024-10-24T12:00:00Z", language: "ar",
            contains: ["قالت كوريا الجنوبية يوم الخميس", "ومعدات غير فتاكة لأوكرانيا."],
            excludes: ["مقال ممتاز", "الرئيسية"], paragraphs: 3),
        ArticleFixture(
            file: "br-paragraphs.html", title: "A week on the peninsula", language: "en",
            contains: [
                "First paragraph of a blog post",
                "with a single line break inside it.\n\nWhat happened\n\nNorth Korean",
                "Seoul said it would review its policy on arms for Ukraine.\n\nWe will respond",
                "with no-break spaces and runs of white space.",
            ],
            excludes: boilerplate, paragraphs: 7),
    ]
}
