import Alerts
import Configuration
import Feeds
import Foundation
import Rules
import Testing

/// An alert made from a rule match: its size does not grow with the article (README "Alerts").
@Suite struct AlertFactoryTests {
    static let location = SourceLocation(file: "rules.d/test.yml", line: 1, column: 1)

    static func match(_ expression: String, in entry: Entry, feed: FeedConfig) throws -> RuleMatch {
        let rule = RuleDefinition(
            id: "r", match: ExpressionSource(text: expression, location: location), location: location)
        let (set, diagnostics) = RuleSet.compile(actors: [], rules: [rule])
        #expect(diagnostics.isEmpty)
        return try #require(set.evaluate(AlertFactory.document(for: entry, feed: feed)).first)
    }

    @Test func aPasswordInTheFeedURLStaysOutOfTheRecord() throws {
        let feed = FeedConfig(
            id: "private", url: "https://reader:hunter2@private.example/feed.xml", location: Self.location)
        let entry = Entry(id: "1", title: "Sanctions", link: "https://private.example/1", content: "sanctions")
        let record = AlertFactory.record(
            match: try Self.match("sanctions", in: entry, feed: feed), entry: entry, feed: feed, feedTitle: nil,
            articleKey: "https://private.example/1", now: Date())
        #expect(record.feed.url == "https://reader:***@private.example/feed.xml")
        #expect(!AlertFormatter.jsonLine(record).contains("hunter2"))
    }

    @Test(arguments: [(5, nil as Int?), (20, nil), (21, 1), (5_000, 4_980)])
    func aTermRepeatedManyTimesKeepsTwentyMatchesAndCountsTheRest(occurrences: Int, omitted: Int?) throws {
        let feed = FeedConfig(id: "wire", url: "https://wire.example/feed.xml", location: Self.location)
        let text = String(repeating: "Sanctions were discussed. ", count: occurrences)
        let entry = Entry(id: "1", title: "Talks", link: "https://wire.example/1", content: text)
        let match = try Self.match("sanctions", in: entry, feed: feed)
        let record = AlertFactory.record(
            match: match, entry: entry, feed: feed, feedTitle: nil, articleKey: "https://wire.example/1", now: Date())
        #expect(record.matches.count == min(occurrences, RuleMatch.maxHitsPerTerm))
        #expect(record.omittedMatches == omitted)
        let line = AlertFormatter.jsonLine(record)
        #expect(line.utf8.count < 8_000)
        #expect(line.contains("\"omitted_matches\"") == (omitted != nil))
        #expect(AlertFormatter.decode(jsonLine: line) == record)
    }
}
