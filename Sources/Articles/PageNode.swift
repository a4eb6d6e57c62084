/// One block element of a page as the extractor sees it (README "Extract articles"): its parent,
/// what its tag and class/id say, and the text below it (filled in after the parse).
struct PageNode: Sendable {
    static let none: Int32 = -1

    var parent: Int32
    var tag: HTMLTag
    var positive = false
    /// Boilerplate by its tag, class, id or role: its text is left out unless the article is inside it.
    var negative = false
    var articleBody = false
    /// Unicode scalars of text below it, and of that the text inside links.
    var scalars = 0
    var linkScalars = 0
    var score: Double = 0
    var scored = false

    var linkDensity: Double { scalars == 0 ? 0 : Double(linkScalars) / Double(scalars) }

    /// The score an element starts with once a paragraph below it is scored: its tag's weight and ±25
    /// for its class/id hints.
    var initialScore: Double {
        var s = Double(tag.weight)
        if positive { s += 25 }
        if negative { s -= 25 }
        return s
    }
}

/// A paragraph of text: a run between block boundaries, white space collapsed.
struct TextBlock: Sendable {
    var start: Int
    var end: Int
    /// The innermost block element around the text.
    var node: Int32
    var scalars: Int
    var linkScalars: Int
    var commas: Int
    var heading: Bool
}
