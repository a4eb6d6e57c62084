import Foundation
import Testing

@testable import Stories

@Suite struct StoryIndexTests {
    static let start = Date(timeIntervalSinceReferenceDate: 800_000_000)
    static let hour: TimeInterval = 3600

    struct Article {
        var title: String
        var text: String
        var url: String?
        var hours: Double

        var signature: StorySignature { StorySignature(title: title, text: text) }
        var date: Date { StoryIndexTests.start + hours * StoryIndexTests.hour }
    }

    /// The seed, its republications and follow-ups, the other scripts' stories, over two days.
    static let stream: [(article: Article, story: String)] = {
        var stream: [(Article, String)] = [
            (
                Article(title: SeedStory.title, text: SeedStory.text, url: "https://wire.example/seoul-aid", hours: 0),
                "seed"
            )
        ]
        for (i, r) in SeedStory.republications.enumerated() {
            stream.append(
                (
                    Article(
                        title: r.title, text: r.text, url: "https://outlet\(i).example/a?utm_source=x",
                        hours: 1 + Double(i) * 3), "seed"
                ))
        }
        for (i, f) in SeedStory.followUps.enumerated() {
            stream.append(
                (
                    Article(
                        title: f.title, text: f.text, url: "https://wire.example/follow-\(i)",
                        hours: 20 + Double(i) * 10), "follow-up \(i)"
                ))
        }
        for (i, c) in OtherScripts.all.enumerated() {
            let h = 2 + Double(i)
            stream.append((Article(title: c.title, text: c.text, url: nil, hours: h), c.language))
            stream.append(
                (Article(title: c.republication.title, text: c.republication.text, url: nil, hours: h + 5), c.language))
            stream.append(
                (
                    Article(title: c.followUp.title, text: c.followUp.text, url: nil, hours: h + 30),
                    c.language + " follow-up"
                ))
        }
        return stream.sorted { $0.0.hours < $1.0.hours }
    }()

    @Test func republicationsJoinTheirStoryAndFollowUpsStartTheirOwn() {
        var index = StoryIndex(threshold: StorySignatureTests.threshold)
        var idOfStory: [String: StoryID] = [:]
        for (article, story) in Self.stream {
            let (id, isNew) = index.assign(article.signature, canonical: article.url, at: article.date)
            if let known = idOfStory[story] {
                #expect(!isNew && id == known, "\(story): \(article.title)")
            } else {
                #expect(isNew, "\(story): \(article.title)")
                #expect(!idOfStory.values.contains(id))
                idOfStory[story] = id
            }
        }
        #expect(idOfStory.count == 3 + 2 * OtherScripts.all.count)
        #expect(index.count == Self.stream.count)
    }

    /// A wire story that many outlets carry (each with its byline and credit, under its own URL) stays
    /// one story, however many articles share its hashes.
    @Test func aSyndicatedStoryStaysOne() {
        var index = StoryIndex()
        let seed = index.assign(
            StorySignature(title: SeedStory.title, text: SeedStory.text), canonical: "https://wire.example/1",
            at: Self.start)
        for outlet in 1...60 {
            let text = "By Staff of Outlet \(outlet)\n\n" + SeedStory.text + "\n\n(c) Outlet \(outlet) Media"
            let (id, isNew) = index.assign(
                StorySignature(title: SeedStory.title, text: text), canonical: "https://outlet\(outlet).example/story",
                at: Self.start + Double(outlet) * 60)
            #expect(!isNew && id == seed.id, "outlet \(outlet)")
        }
    }

    @Test func theSameCanonicalURLIsTheSameStory() {
        var index = StoryIndex()
        let first = index.assign(
            StorySignature(title: "Morning briefing", text: ""), canonical: "https://a.example/x", at: Self.start)
        let again = index.assign(
            StorySignature(title: "Seoul weighs lethal aid", text: "Another text entirely, updated in place."),
            canonical: "https://a.example/x", at: Self.start + Self.hour)
        #expect(first.isNew)
        #expect(!again.isNew && again.id == first.id)
    }

    @Test func headlinesAloneDoNotMerge() {
        var index = StoryIndex()
        var ids: Set<StoryID> = []
        for day in 0..<3 {
            for title in ["Morning briefing", SeedStory.title, "North Korea"] {
                let (id, isNew) = index.assign(
                    StorySignature(title: title, text: ""), canonical: "https://b.example/\(day)/\(title)",
                    at: Self.start + Double(day) * Self.hour)
                #expect(isNew)
                ids.insert(id)
            }
        }
        #expect(ids.count == 9)
    }

    @Test(arguments: [(71.0, false), (73.0, true)])
    func theWindow(hours: Double, isNew: Bool) {
        var index = StoryIndex(window: .seconds(72 * 3600), threshold: StorySignatureTests.threshold)
        let seed = index.assign(
            StorySignature(title: SeedStory.title, text: SeedStory.text), canonical: "https://wire.example/1",
            at: Self.start)
        let r = SeedStory.republications[0]
        let later = index.assign(
            StorySignature(title: r.title, text: r.text), canonical: "https://wire.example/1",
            at: Self.start + hours * Self.hour)
        #expect(later.isNew == isNew)
        #expect((later.id == seed.id) == !isNew)
    }

    @Test func pruningForgetsTheOlderArticles() {
        var index = StoryIndex(threshold: StorySignatureTests.threshold)
        let seed = index.assign(
            StorySignature(title: SeedStory.title, text: SeedStory.text), canonical: "https://wire.example/1",
            at: Self.start)
        let f = SeedStory.followUps[0]
        _ = index.assign(
            StorySignature(title: f.title, text: f.text), canonical: nil, at: Self.start + 10 * Self.hour)
        index.prune(before: Self.start + Self.hour)
        #expect(index.count == 1)
        let r = SeedStory.republications[1]
        let after = index.assign(
            StorySignature(title: r.title, text: r.text), canonical: "https://wire.example/1",
            at: Self.start + 12 * Self.hour)
        #expect(after.isNew && after.id != seed.id)
        // The slots and postings of the pruned article are reused.
        index.prune(before: Self.start + 100 * Self.hour)
        #expect(index.count == 0)
        #expect(index.find(StorySignature(title: r.title, text: r.text), canonical: nil, at: Self.start) == nil)
    }

    @Test func aRebuiltIndexAssignsTheSame() throws {
        let half = Self.stream.count / 2
        var index = StoryIndex(threshold: StorySignatureTests.threshold, nextID: 100)
        var saved: [(StoryID, [UInt8], String?, Date)] = []
        for (article, _) in Self.stream.prefix(half) {
            let signature = article.signature
            let (id, _) = index.assign(signature, canonical: article.url, at: article.date)
            saved.append((id, signature.bytes, article.url, article.date))
        }
        // From the database, in another order.
        var rebuilt = StoryIndex(threshold: StorySignatureTests.threshold, nextID: 1)
        for (id, bytes, url, date) in saved.reversed() {
            rebuilt.insert(id: id, signature: try #require(StorySignature(bytes: bytes)), canonical: url, at: date)
        }
        #expect(rebuilt.nextID == index.nextID)
        #expect(rebuilt.count == index.count)
        for (article, _) in Self.stream.dropFirst(half) {
            let a = index.assign(article.signature, canonical: article.url, at: article.date)
            let b = rebuilt.assign(article.signature, canonical: article.url, at: article.date)
            #expect(a.id == b.id && a.isNew == b.isNew, "\(article.title)")
        }
    }

    @Test func idsStartAtNextID() {
        var index = StoryIndex(nextID: 42)
        let (id, isNew) = index.assign(
            StorySignature(title: SeedStory.title, text: SeedStory.text), canonical: nil, at: Self.start)
        #expect(isNew && id == StoryID(rawValue: 42))
        #expect(index.nextID == 43)
    }
}
