import Foundation

/// Builds the RSS documents the test server serves.
enum FeedText {
    struct Item {
        var guid: String
        var title: String
        var link: String
        var description: String
        var published = "Thu, 26 Nov 2026 09:30:00 GMT"
    }

    static func rss(title: String = "Test Wire", items: [Item]) -> String {
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>\(title)</title><link>https://wire.example/</link><description>test</description>

            """
        for item in items {
            xml += """
                <item><guid isPermaLink="false">\(item.guid)</guid><title>\(item.title)</title><link>\(item.link)</link>
                <pubDate>\(item.published)</pubDate><description><![CDATA[\(item.description)]]></description></item>

                """
        }
        return xml + "</channel></rss>\n"
    }

    static let lethalAid = Item(
        guid: "wire-1001", title: "Seoul weighs lethal aid to Ukraine",
        link: "https://wire.example/news/1001?utm_source=rss",
        description:
            "<p>South Korea is considering supplying Ukraine with <b>lethal aid</b> if North Korea&#8217;s involvement deepens, officials said.</p>"
    )

    static let specialForces = Item(
        guid: "wire-1002", title: "North Korean special forces seen in Russia's Kursk region",
        link: "https://wire.example/news/1002",
        description:
            "Thousands of North Korean special-forces troops have been deployed to Russia, according to Seoul&rsquo;s intelligence service."
    )

    static let weather = Item(
        guid: "wire-1003", title: "Heavy snow expected in Seoul", link: "https://wire.example/news/1003",
        description: "Forecasters expect the first heavy snow of the winter this weekend.")

    static let missile = Item(
        guid: "wire-1004", title: "North Korea fires ballistic missile into the sea",
        link: "https://wire.example/news/1004",
        description: "Pyongyang launched a ballistic missile on Friday, the Joint Chiefs of Staff said.")

    static let rules = """
        actors:
          north_korea:
            names: ["North Korea", "North Korean*", DPRK, Pyongyang, "Kim Jong Un", 북한]
          south_korea:
            names: ["South Korea", "South Korean*", Seoul, "Republic of Korea"]
          russia:
            names: [Russia, Russian*, Moscow, Kremlin, Putin]
        rules:
          - id: korea-lethal-aid
            title: Seoul weighs lethal aid to Ukraine
            severity: high
            tags: [ukraine, arms]
            match: '@south_korea AND ("lethal aid" OR "lethal weapons") AND Ukraine'
          - id: dprk-forces-russia
            title: North Korean forces in Russia
            severity: critical
            match: '@north_korea AND ("special forces" OR troops OR soldiers) AND @russia'
          - id: dprk-missile
            severity: medium
            match: '@north_korea AND missile*'
        """
}
