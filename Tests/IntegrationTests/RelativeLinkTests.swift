import Foundation
import Testing

/// A relative link in a file or stdin stays relative, or resolves against --base; it never becomes a
/// file:// link (README "Commands").
@Suite struct RelativeLinkTests {
    static let feed = """
        <?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>/</link><description>d</description>
        <item><title>A</title><link>/news/1</link><guid>1</guid><description>Seoul weighs lethal aid.</description></item>
        </channel></rss>
        """

    @Test(arguments: [
        (["parse", "--json"], "\"link\":\"/news/1\""),
        (["parse", "--json", "--base", "https://wire.example/feed.xml"], "\"link\":\"https://wire.example/news/1\""),
        (["test", "--json", "--text", "x"], "\"link\":\"/news/1\""),
        (["test", "--json", "--base", "https://wire.example/rss"], "\"link\":\"https://wire.example/news/1\""),
    ])
    func relativeLinksInAFileStayRelativeUnlessABaseIsGiven(arguments: [String], expected: String) throws {
        let h = try ProductHarness()
        try h.writeRules("r.yml", "rules:\n  - id: seoul\n    match: Seoul\n")
        try h.writeConfig(feeds: [])
        let path = h.directory + "/feed.xml"
        try Self.feed.write(toFile: path, atomically: true, encoding: .utf8)
        let extra = arguments.first == "test" ? ["--config", h.configPath] : []
        let run = try h.run(arguments + extra + [path])
        #expect(run.stdout.contains(expected), "stdout: \(run.stdout) stderr: \(run.stderr)")
        #expect(!run.stdout.contains("file://"), "\(run.stdout)")
    }

    @Test func aBaseMustBeAnHTTPURL() throws {
        let h = try ProductHarness()
        let run = try h.run(["parse", "--base", "file:///etc/", "-"], stdin: Self.feed)
        #expect(run.status == 64)
        #expect(run.stderr.contains("--base takes an http(s) URL"), "\(run.stderr)")
    }
}
