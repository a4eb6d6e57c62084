/// The seed story of the tests (written for them): Seoul weighing lethal aid to Ukraine after North
/// Korean special forces went to Russia, its republications, and two follow-ups on the same topic.
enum SeedStory {
    static let title = "Seoul weighs sending weapons to Ukraine as North Korean troops head to Kursk"

    static let paragraphs = [
        """
        South Korea is considering supplying lethal weapons to Ukraine for the first time, a senior \
        presidential official said on Tuesday, after intelligence showed that thousands of North Korean \
        special forces soldiers had been moved to Russia and were training near the front in the Kursk region.
        """,
        """
        Seoul has so far limited its help to humanitarian aid and non-lethal equipment such as mine-clearing \
        vehicles and medical supplies, citing a long-standing policy of not sending arms to countries at war.
        """,
        """
        "We will review the options in stages, depending on how far the military cooperation between \
        Pyongyang and Moscow goes," the official told reporters at the presidential office, adding that \
        defensive systems would be considered before offensive ones.
        """,
        """
        The National Intelligence Service said last week that about 1,500 soldiers of North Korea's elite \
        Storm Corps had been flown to Vladivostok on Russian transport aircraft, and that a further 10,000 \
        were expected to follow before the end of the year.
        """,
        """
        Satellite images reviewed by the agency showed the troops being issued Russian uniforms and \
        identification papers, which officials believe are meant to disguise their presence among units \
        from the Russian Far East.
        """,
        """
        The Kremlin has denied that North Korean soldiers are fighting for Russia, while Kyiv says it has \
        identified North Korean units in training camps close to the Ukrainian border and expects them to \
        be sent into combat within weeks.
        """,
        """
        Analysts in Seoul said the deployment gives North Korea its first large-scale combat experience in \
        decades and could be repaid with Russian missile and satellite technology, a prospect that has \
        alarmed South Korea, Japan and the United States.
        """,
    ]

    static var text: String { paragraphs.joined(separator: "\n\n") }

    /// Five republications: each must be one story with the seed.
    static let republications: [(label: String, title: String, text: String)] = [
        (
            "wire copy, headline rewritten, dateline and credits",
            "South Korea may arm Ukraine after Pyongyang sends special forces to Russia",
            "SEOUL, Oct 22 (Newswire) - " + paragraphs.joined(separator: "\n\n")
                + "\n\nReporting by Hyonhee Shin and Ju-min Park; Editing by Ed Davies"
        ),
        (
            "last three paragraphs cut, republished with a credit",
            "Seoul considers lethal aid for Kyiv",
            paragraphs.prefix(4).joined(separator: "\n\n")
                + "\n\nThis article was originally published by the Korea Wire Service and is republished with permission."
        ),
        (
            "paragraphs reordered",
            "South Korea weighs lethal aid to Ukraine over North Korean deployment",
            [paragraphs[0], paragraphs[1], paragraphs[3], paragraphs[2], paragraphs[4], paragraphs[6], paragraphs[5]]
                .joined(separator: "\n")
        ),
        (
            "byline and outlet boilerplate, typographic quotes",
            "Seoul weighs sending weapons to Ukraine as North Korean troops head to Kursk",
            "By Min-ji Park, Staff Reporter\n\n"
                + paragraphs.map {
                    $0.replacingOccurrences(of: "'", with: "\u{2019}").replacingOccurrences(of: "\"", with: "\u{201C}")
                }.joined(separator: "\n\n")
                + "\n\nSign up for the Morning Briefing, our newsletter on Asia, delivered every weekday."
                + "\n\nCopyright 2026 The Example Herald. All rights reserved."
        ),
        (
            "upper-case headline, a middle paragraph cut, other line breaks",
            "SEOUL WEIGHS SENDING WEAPONS TO UKRAINE",
            [paragraphs[0], paragraphs[1], paragraphs[2], paragraphs[3], paragraphs[5]]
                .map { $0.replacingOccurrences(of: ", ", with: ",  ") }.joined(separator: "\n\n\n")
                + "\nRelated: What we know about North Korea's Storm Corps"
        ),
    ]

    /// Two follow-ups on the same topic (new developments): each must be a story of its own.
    static let followUps: [(label: String, title: String, text: String)] = [
        (
            "first delivery, background repeated",
            "South Korea sends first artillery shells to Ukraine via Poland",
            """
            South Korea has shipped its first consignment of 155mm artillery shells to Ukraine through \
            Poland, two government officials said on Friday, ten days after Seoul said it would review \
            sending lethal weapons to Kyiv.

            The shipment, of about 20,000 rounds, was taken from army reserves and flown to Rzeszow on \
            chartered cargo aircraft, the officials said, asking not to be named because the transfer had \
            not been announced.

            Seoul has so far limited its help to humanitarian aid and non-lethal equipment such as \
            mine-clearing vehicles and medical supplies, citing a long-standing policy of not sending arms \
            to countries at war.

            The decision follows intelligence that thousands of North Korean special forces soldiers had \
            been moved to Russia and were training near the front in the Kursk region. Opposition lawmakers \
            said the government had not consulted parliament and called for a hearing next week.
            """
        ),
        (
            "first casualties, the seed's lead quoted",
            "North Korean troops take first casualties in Kursk, Kyiv says",
            """
            North Korean soldiers fighting for Russia have suffered their first casualties in the Kursk \
            region, Ukraine's military intelligence said on Monday, citing intercepted radio traffic and \
            drone footage of an attack on a convoy near the village of Plekhovo.

            Ukrainian officials said at least 30 North Korean soldiers were killed or wounded when a column \
            of armoured vehicles was hit by artillery fire, in what would be the first known combat losses \
            of the deployment.

            Last week South Korea said it was considering supplying lethal weapons to Ukraine for the first \
            time, after intelligence showed that thousands of North Korean special forces soldiers had been \
            moved to Russia and were training near the front in the Kursk region.

            The Kremlin has denied that North Korean soldiers are fighting for Russia. Pyongyang's state \
            media has not mentioned the deployment.
            """
        ),
    ]
}
