import Testing

@testable import Feeds

@Suite("HTML to plain text")
struct HTMLTextTests {
    static let cases: [(String, String)] = [
        ("", ""),
        ("plain text", "plain text"),
        ("  lots \n\t of   space  ", "lots of space"),
        ("<p>One</p><p>Two</p>", "One Two"),
        ("Sou<b>th</b> Korea", "South Korea"),
        ("line<br>break<br/>again", "line break again"),
        ("<ul><li>a</li><li>b</li></ul>", "a b"),
        ("<h1>Title</h1>Body", "Title Body"),
        ("x<script>var a = '<p>' && 1 < 2;</script>y", "xy"),
        ("a<style type=\"text/css\">p { color: red }</style>b", "ab"),
        ("a<SCRIPT>alert(1)</SCRIPT >b", "ab"),
        ("<!-- comment -->visible<!-- another", "visible"),
        ("<![CDATA[raw &amp; kept]]>", "raw &amp; kept"),
        ("<!DOCTYPE html><html><body>doc</body></html>", "doc"),
        ("<a href=\"x?a=1&b=2\" title='a > b'>link</a>", "link"),
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("It&rsquo;s &ldquo;fine&rdquo;", "It\u{2019}s \u{201C}fine\u{201D}"),
        // No-break and other Unicode spaces collapse like ASCII ones; zero-width characters stay.
        ("a&nbsp;b", "a b"),
        ("a \u{A0} b&#x3000;c\u{2009}d\u{202F}e", "a b c d e"),
        ("a\u{200B}b\u{2060}c", "a\u{200B}b\u{2060}c"),
        ("<p>x\u{A0}</p>\u{A0}<p>\u{2003}y</p>", "x y"),
        ("日本\u{3000}語 ア\u{3001}イ", "日本 語 ア\u{3001}イ"),
        ("&#8217;&#x2019;&#X2019;", "\u{2019}\u{2019}\u{2019}"),
        ("&#146;&#150;", "\u{2019}\u{2013}"),  // C1 references read as windows-1252
        ("&#0;&#xD800;&#x110000;", "\u{FFFD}\u{FFFD}\u{FFFD}"),
        ("&copy 2024 &notit; &amp", "\u{A9} 2024 \u{AC}it; &"),  // legacy names without ';'
        ("&NotEqualTilde;", "\u{2242}\u{338}"),  // two code points
        ("&bogus; & stray &", "&bogus; & stray &"),
        ("x < y and y > z", "x < y and y > z"),
        ("a<3 and 2>1", "a<3 and 2>1"),
        ("&lt;b&gt;escaped&lt;/b&gt;", "<b>escaped</b>"),
        ("a&#10;b&#32;&#32;c", "a b c"),
        ("<div>block</div>inline", "block inline"),
        ("<td>1</td><td>2</td>", "1 2"),
        ("unterminated <b", "unterminated"),
        ("<img src=x alt=\"pic\">caption", "caption"),
        ("\u{BD81}\u{D55C}<b>\u{C740}</b>", "\u{BD81}\u{D55C}\u{C740}"),
    ]

    @Test(arguments: cases)
    func plainText(_ html: String, _ expected: String) {
        #expect(HTMLText.plainText(html) == expected)
    }

    @Test(arguments: [
        ("  a \n b  ", "a b"),
        ("<b>kept</b> &amp; kept", "<b>kept</b> &amp; kept"),
        ("", ""),
    ])
    func collapsesWhiteSpaceOnly(_ text: String, _ expected: String) {
        #expect(HTMLText.collapsingWhiteSpace(text) == expected)
    }

    @Test(arguments: [
        ("x?a=1&#38;b=2", "x?a=1&b=2"),
        ("&eacute;t&eacute;", "\u{E9}t\u{E9}"),
        ("no refs", "no refs"),
        ("&copy 2024", "&copy 2024"),  // attribute values: no legacy names
    ])
    func decodesReferences(_ text: String, _ expected: String) {
        #expect(HTMLText.decodingCharacterReferences(text) == expected)
    }

    @Test func entityTableIsComplete() {
        #expect(HTMLEntities.table.values.count == HTMLEntityTable.count)
        #expect(HTMLEntities.table.legacy.filter { $0 }.count == 106)
        func lookup(_ name: String) -> HTMLEntities.Decoded? {
            var name = name
            return name.withUTF8 { HTMLEntities.lookup($0) }
        }
        #expect(lookup("rsquo") == HTMLEntities.Decoded(first: 0x2019, second: 0))
        #expect(lookup("NotNestedGreaterGreater") == HTMLEntities.Decoded(first: 0x2AA2, second: 0x338))
        #expect(lookup("rsquox") == nil)
        #expect(lookup("") == nil)
    }
}
