import Configuration
import Store
import Testing

@testable import Daemon

/// When `fetch.article: auto` reads an entry's page (README "Full article text").
@Suite struct ArticlePolicyTests {
    static let long = String(repeating: "The minister said the talks would go on next week. ", count: 20)

    @Test(arguments: [
        // mode, feed text, link, history (fetched, longer, skipped), decision
        (ArticleMode.never, "Short.", "https://a.example/1", (0, 0, 0), ArticlePolicy.Decision.skip),
        (.always, long, "https://a.example/1", (50, 0, 0), .fetch),
        (.auto, "Seoul weighs lethal aid.", "https://a.example/1", (50, 0, 0), .fetch),
        (.auto, long + " Read more", "https://a.example/1", (50, 0, 0), .fetch),
        (.auto, long + "…", "https://a.example/1", (50, 0, 0), .fetch),
        // A long entry: fetched while the feed is still learning, and while its pages were longer.
        (.auto, long, "https://a.example/1", (2, 0, 0), .fetch),
        (.auto, long, "https://a.example/1", (10, 6, 0), .fetch),
        (.auto, long, "https://a.example/1", (10, 1, 0), .skip),
        // ... and checked again every 20th entry.
        (.auto, long, "https://a.example/1", (10, 1, 19), .fetch),
        // No link, or not http(s): nothing to fetch.
        (.always, "Short.", "ftp://a.example/1", (0, 0, 0), .skip),
    ])
    func autoFetchesTeasersAndLearnsFromTheFeed(
        mode: ArticleMode, text: String, link: String, history: (Int, Int, Int), expected: ArticlePolicy.Decision
    ) {
        let tally = ArticleTally(fetched: history.0, longer: history.1, skipped: history.2)
        #expect(ArticlePolicy.decide(mode: mode, text: text, link: link, history: tally) == expected)
    }

    @Test(arguments: [
        ("Subscribe to continue reading this article.", true),
        ("이 기사는 유료 회원 전용입니다.", true),
        (long + " Subscribe to read more of our journalism.", false),
        ("The government said it would subscribe to the treaty.", false),
    ])
    func aShortPageAskingToSubscribeIsAPaywall(text: String, expected: Bool) {
        #expect(ArticlePolicy.isPaywall(text) == expected)
    }

    @Test(arguments: [
        ("Seoul weighs lethal aid", 4), ("북한 특수부대 러시아 파병", 4), ("北朝鮮が特殊部隊を派遣", 11), ("", 0),
    ])
    func wordsAreCountedInEveryScript(text: String, expected: Int) {
        #expect(ArticlePolicy.wordCount(text) == expected)
    }

    @Test func theGateLeavesEachHostASlotForItsFeeds() async {
        let gate = ArticleGate(maxConcurrent: 8, maxPerHost: 2)
        await gate.acquire(host: "a.example")
        // A second page of the same host waits; another host's does not.
        let waiter = Task {
            await gate.acquire(host: "a.example")
            return true
        }
        await gate.acquire(host: "b.example")
        #expect(await gate.inFlightCount == 2)
        await gate.release(host: "a.example")
        #expect(await waiter.value)
        #expect(await gate.inFlightCount == 2)
    }
}
