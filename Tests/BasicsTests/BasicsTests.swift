import Basics
import Foundation
import Testing

struct WebAddressTests {
    @Test(arguments: [
        ("http://user:secret@example.org/feed", "http://user:***@example.org/feed"),
        ("https://user:p%40ss@example.org:8443/a?b=c", "https://user:***@example.org:8443/a?b=c"),
        ("https://user@example.org/", "https://user@example.org/"),
        ("https://example.org/path@with:colon", "https://example.org/path@with:colon"),
        ("https://example.org/?q=a:b@c", "https://example.org/?q=a:b@c"),
        ("not a url", "not a url"),
    ])
    func passwordsAreRedacted(url: String, expected: String) {
        #expect(WebAddress.redacted(url) == expected)
    }

    @Test func urlsInsideTextAreRedacted() {
        let text = "could not connect to http://u:pw@host.example/feed (refused)"
        #expect(WebAddress.redactingURLs(in: text) == "could not connect to http://u:***@host.example/feed (refused)")
    }

    @Test(arguments: [
        ("https://Example.ORG/feed", "example.org" as String?),
        ("http://127.0.0.1:8080/x", "127.0.0.1"),
        ("file:///etc/passwd", nil),
        ("relative/path", nil),
    ])
    func hosts(url: String, host: String?) {
        #expect(WebAddress.host(of: url) == host)
    }

    @Test(arguments: [
        ("https://example.org/", true), ("HTTP://example.org", true), ("ftp://example.org/", false),
        ("file:///x", false), ("https://", false),
    ])
    func httpURLs(url: String, isHTTP: Bool) {
        #expect(WebAddress.isHTTP(url) == isHTTP)
    }
}

struct EditDistanceTests {
    @Test(arguments: [("kitten", "sitting", 3), ("", "abc", 3), ("same", "same", 0), ("flaw", "lawn", 2)])
    func distances(a: String, b: String, expected: Int) {
        #expect(EditDistance.distance(Array(a), Array(b)) == expected)
    }

    @Test func stopsAtTheLimit() {
        #expect(EditDistance.distance(Array("abcdefgh"), Array("zyxwvuts"), limit: 2) == 3)
    }

    @Test func closestCandidate() {
        #expect(EditDistance.closest(to: "yonhapp", in: ["kbs", "yonhap", "tass"], limit: 2) == "yonhap")
        #expect(EditDistance.closest(to: "Interval", in: ["interval", "timeout"], limit: 2) == "interval")
        #expect(EditDistance.closest(to: "zzzz", in: ["kbs", "tass"], limit: 2) == nil)
    }
}

struct PluralTests {
    @Test(arguments: [(0, "0 feeds"), (1, "1 feed"), (2, "2 feeds"), (1204, "1,204 feeds"), (-1500, "-1,500 feeds")])
    func counts(n: Int, expected: String) {
        #expect(Plural.count(n, "feed") == expected)
    }

    @Test func irregular() {
        #expect(Plural.count(3, "entry", "entries") == "3 entries")
        #expect(Plural.count(1, "entry", "entries") == "1 entry")
    }
}

struct TimestampTests {
    @Test func iso8601RoundTrips() {
        let date = Date(timeIntervalSince1970: 1_764_806_400)  // 2025-12-04T00:00:00Z
        #expect(Timestamp.iso8601(date) == "2025-12-04T00:00:00Z")
        #expect(Timestamp.parse("2025-12-04T00:00:00Z") == date)
    }

    @Test func localTimeHasDateAndZone() {
        let text = Timestamp.local(Date(timeIntervalSince1970: 1_764_806_400))
        // "YYYY-MM-DD HH:MM:SS ZONE" whatever the machine's zone is.
        let parts = text.split(separator: " ")
        #expect(parts.count == 3)
        #expect(parts[0].count == 10 && parts[1].count == 8 && !parts[2].isEmpty)
    }
}

struct DirectoryTests {
    @Test func createsParentsWithModes() throws {
        let base = NSTemporaryDirectory() + "basics-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: base) }
        #expect(Directory.create(base + "/a/b", mode: 0o2770, parentMode: 0o755) == 0)
        var st = stat()
        #expect(stat(base + "/a/b", &st) == 0)
        #expect(st.st_mode & 0o7777 == 0o2770)
        #expect(stat(base + "/a", &st) == 0)
        #expect(st.st_mode & 0o7777 == 0o755)
        #expect(Directory.writableProblem(base + "/a/b") == nil)
        #expect(FileManager.default.createFile(atPath: base + "/file", contents: Data()))
        #expect(Directory.create(base + "/file", mode: 0o700) == ENOTDIR)
        #expect(Directory.create(base + "/file/sub", mode: 0o700) == ENOTDIR)
        #expect(Directory.writableProblem(base + "/file") == ENOTDIR)
        #expect(Directory.writableProblem("/proc/1") != nil || getuid() == 0)
    }
}
