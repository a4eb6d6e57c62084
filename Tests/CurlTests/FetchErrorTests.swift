import Curl
import TestSupport
import Testing

@Suite("Errors and helpers")
struct FetchErrorTests {
    static let all: [FetchError] = [
        .invalidURL("x"), .unsupportedScheme("file"), .bodyTooLarge(limit: 10), .timedOut, .resolveFailed("h"),
        .connectFailed("c"), .tlsFailed("t"), .tooManyRedirects(5), .transfer(code: 56, message: "m"),
        .cancelled, .shutdown,
    ]

    @Test func descriptionsAreDistinctAndSayWhatHappened() {
        let descriptions = Self.all.map(\.description)
        #expect(Set(descriptions).count == Self.all.count)
        #expect(descriptions.allSatisfy { $0.count > 20 })
        #expect(FetchError.unsupportedScheme("file").description.contains("'file'"))
        #expect(FetchError.bodyTooLarge(limit: 1024).description.contains("1024"))
    }

    @Test(arguments: [("", 0x0000_0000 as UInt32), ("123456789", 0xCBF4_3926), ("a", 0xE8B7_BE43)])
    func crc32(input: String, expected: UInt32) {
        #expect(CRC32.checksum(Array(input.utf8)) == expected)
    }
}

struct FetchErrorWordingTests {
    @Test func resolveFailureNamesTheHostOnce() {
        let text = FetchError.resolveFailed("Could not resolve host: feeds.example.invalid").description
        #expect(text.hasPrefix("could not resolve host feeds.example.invalid: "))
        #expect(text.lowercased().components(separatedBy: "resolve host").count == 2)
    }
}
