import Testing

@testable import Feeds

@Suite("Relative links")
struct URLResolverTests {
    /// RFC 3986 §5.4 examples against "http://a/b/c/d;p?q", plus feed cases.
    static let cases: [(String, String?, String)] = [
        ("g:h", "http://a/b/c/d;p?q", "g:h"),
        ("g", "http://a/b/c/d;p?q", "http://a/b/c/g"),
        ("./g", "http://a/b/c/d;p?q", "http://a/b/c/g"),
        ("g/", "http://a/b/c/d;p?q", "http://a/b/c/g/"),
        ("/g", "http://a/b/c/d;p?q", "http://a/g"),
        ("//g", "http://a/b/c/d;p?q", "http://g"),
        ("?y", "http://a/b/c/d;p?q", "http://a/b/c/d;p?y"),
        ("g?y", "http://a/b/c/d;p?q", "http://a/b/c/g?y"),
        ("#s", "http://a/b/c/d;p?q", "http://a/b/c/d;p?q#s"),
        ("g#s", "http://a/b/c/d;p?q", "http://a/b/c/g#s"),
        ("", "http://a/b/c/d;p?q", "http://a/b/c/d;p?q"),
        (".", "http://a/b/c/d;p?q", "http://a/b/c/"),
        ("..", "http://a/b/c/d;p?q", "http://a/b/"),
        ("../g", "http://a/b/c/d;p?q", "http://a/b/g"),
        ("../..", "http://a/b/c/d;p?q", "http://a/"),
        ("../../g", "http://a/b/c/d;p?q", "http://a/g"),
        ("../../../g", "http://a/b/c/d;p?q", "http://a/g"),
        ("/./g", "http://a/b/c/d;p?q", "http://a/g"),
        ("g.", "http://a/b/c/d;p?q", "http://a/b/c/g."),
        ("./g/.", "http://a/b/c/d;p?q", "http://a/b/c/g/"),
        ("g;x=1/../y", "http://a/b/c/d;p?q", "http://a/b/c/y"),
        ("story", "https://example.com", "https://example.com/story"),
        ("  https://example.com/a\n  ", nil, "https://example.com/a"),
        ("/relative", nil, "/relative"),
        ("/relative", "not a url", "/relative"),
        ("https://x.example/a/../b", "https://ignored/", "https://x.example/b"),
    ]

    @Test(arguments: cases)
    func resolves(_ reference: String, _ base: String?, _ expected: String) {
        #expect(URLResolver.resolve(reference, against: base) == expected)
    }
}
