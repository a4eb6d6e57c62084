import Foundation
import Testing

@testable import Articles

@Suite("Fixture pages against golden extract --json lines")
struct FixtureGoldenTests {
    @Test(arguments: ArticleFixtures.all)
    func matchesGolden(_ fixture: ArticleFixture) throws {
        let line = ArticleJSON.line(input: fixture.file, url: fixture.url, result: .success(try fixture.extract()))
        if ProcessInfo.processInfo.environment["NEWSWATCH_UPDATE_GOLDEN"] == "1" {
            try Data((line + "\n").utf8).write(to: ArticleFixtures.sourceURL(fixture.golden))
        }
        let golden = try String(decoding: ArticleFixtures.data(fixture.golden), as: UTF8.self)
        #expect(line + "\n" == golden, "regenerate with NEWSWATCH_UPDATE_GOLDEN=1 after checking the difference")
    }
}
