import Curl
import Foundation
import Testing

@Suite("Retry-After")
struct RetryAfterTests {
    /// One minute before the RFC example date "Sun, 06 Nov 1994 08:49:37 GMT" (784111777).
    static let now = Date(timeIntervalSince1970: 784_111_717)

    @Test(arguments: [
        ("120", Duration.seconds(120) as Duration?),
        ("0", .zero),
        ("  7 ", .seconds(7)),
        ("99999999999999999999999", .seconds(Int64.max / 2)),
        ("Sun, 06 Nov 1994 08:49:37 GMT", .seconds(60)),
        ("Sunday, 06-Nov-94 08:49:37 GMT", .seconds(60)),
        ("Sun Nov  6 08:49:37 1994", .seconds(60)),
        ("sun, 06 nov 1994 08:49:37 gmt", .seconds(60)),
        ("Sun, 06 Nov 1994 08:51:37 UTC", .seconds(180)),
        ("Sun, 06 Nov 1994 08:47:37 GMT", .zero),
        ("Thu, 01 Jan 1970 00:00:00 GMT", .zero),
        ("Mon, 06 Nov 1995 08:49:37 GMT", .seconds(365 * 86_400 + 60)),
        ("Thu, 29 Feb 1996 00:00:00 GMT", .seconds(Int64(825_552_000 - 784_111_717))),
        ("-5", nil),
        ("1.5", nil),
        ("", nil),
        ("soon", nil),
        ("Sun, 32 Nov 1994 08:49:37 GMT", nil),
        ("Thu, 29 Feb 1995 00:00:00 GMT", nil),
        ("Sun, 06 Nov 1994 25:49:37 GMT", nil),
        ("Sun, 06 Nov 1994 08:49 GMT", nil),
        ("Sun, 06 Nov 1994 08:49:37 PST", nil),
        ("Sun, 06 Foo 1994 08:49:37 GMT", nil),
        ("Sun, 06 Nov 1994 08:49:37 +0000", nil),
    ])
    func delay(value: String, expected: Duration?) {
        #expect(RetryAfter.delay(value, now: Self.now) == expected)
    }
}
