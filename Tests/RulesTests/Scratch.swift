import Testing
@testable import Rules
@Test func scratch() { print(TextNormalizer.normalize("South Korea’s SPECIAL-forces é Ёлка 北韩的 북한은 ｶﾞ ﬁ İstanbul ทำไม Straße don't ①")) }
