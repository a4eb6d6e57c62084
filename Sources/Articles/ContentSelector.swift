/// Chooses the article's paragraphs among a page's text blocks (README "Extract articles"):
/// the element with `itemprop=articleBody` when it holds text, else the element whose paragraphs score
/// best (each paragraph of 25 characters or more scores 1, plus its commas, plus one per 100
/// characters up to 3, for its parent, half for the grandparent and a sixth above; an element starts
/// from its tag's weight and ±25 for its class/id hints, and ends multiplied by the share of its text
/// outside links), together with the siblings that score close to it. Inside that, paragraphs under
/// a boilerplate element, paragraphs that are mostly links, lone boilerplate words and repeated
/// paragraphs are left out.
enum ContentSelector {
    static let minParagraph = 25

    static func paragraphs(_ page: PageBuilder, title: String?) -> [String] {
        var nodes = page.nodes
        let blocks = page.blocks
        guard !blocks.isEmpty else { return [] }
        // Text below each node.
        for block in blocks {
            var n = block.node
            while n != PageNode.none {
                nodes[Int(n)].scalars += block.scalars
                nodes[Int(n)].linkScalars += block.linkScalars
                n = nodes[Int(n)].parent
            }
        }
        let top = topCandidate(&nodes, blocks)
        var included = [Bool](repeating: false, count: nodes.count)
        included[Int(top)] = true
        if top != 0, !nodes[Int(top)].articleBody {
            let parent = nodes[Int(top)].parent
            let threshold = max(10, nodes[Int(top)].score * 0.2)
            for i in 1..<nodes.count where nodes[i].parent == parent && i != Int(top) && !nodes[i].negative {
                let node = nodes[i]
                if node.scored, node.score >= threshold {
                    included[i] = true
                } else if node.tag.paragraphLike, !node.tag.heading, node.scalars > 80, node.linkDensity < 0.25 {
                    included[i] = true
                }
            }
        }
        var result: [String] = []
        var seen = Set<String>()
        for block in blocks {
            guard block.linkScalars * 2 <= block.scalars else { continue }
            var n = block.node
            var keep = false
            while n != PageNode.none {
                if included[Int(n)] {
                    keep = true
                    break
                }
                if nodes[Int(n)].negative { break }
                n = nodes[Int(n)].parent
            }
            guard keep else { continue }
            let paragraph = String(decoding: page.text[block.start..<block.end], as: UTF8.self)
            if block.scalars < 40, boilerplateWords.contains(paragraph.lowercased()) { continue }
            if let title, paragraph == title { continue }
            // The same paragraph again is a gallery's caption or a repeated teaser, not more article.
            guard seen.insert(paragraph).inserted else { continue }
            result.append(paragraph)
        }
        return result
    }

    /// The node whose paragraphs score best, or the root (0) when no paragraph is long enough.
    private static func topCandidate(_ nodes: inout [PageNode], _ blocks: [TextBlock]) -> Int32 {
        var body: Int32?
        for i in nodes.indices where nodes[i].articleBody && nodes[i].scalars >= 150 {
            if body == nil || nodes[i].scalars > nodes[Int(body ?? 0)].scalars { body = Int32(i) }
        }
        var scored: [Int32] = []
        for block in blocks where !block.heading && block.scalars >= minParagraph {
            let contentScore = 1 + Double(block.commas) + min(Double(block.scalars / 100), 3)
            var n = block.node
            if nodes[Int(n)].tag.paragraphLike, nodes[Int(n)].parent != PageNode.none { n = nodes[Int(n)].parent }
            var level = 0
            while n != PageNode.none, level < 3 {
                if !nodes[Int(n)].scored {
                    nodes[Int(n)].scored = true
                    nodes[Int(n)].score = nodes[Int(n)].initialScore
                    scored.append(n)
                }
                nodes[Int(n)].score += contentScore / (level == 0 ? 1 : level == 1 ? 2 : Double(level * 3))
                n = nodes[Int(n)].parent
                level += 1
            }
        }
        var best: Int32 = 0
        var bestScore = -Double.infinity
        for n in scored {
            let node = nodes[Int(n)]
            let score = node.score * (1 - node.linkDensity)
            nodes[Int(n)].score = score
            if score > bestScore {
                best = n
                bestScore = score
            }
        }
        if let body { return body }
        return scored.isEmpty ? 0 : best
    }

    /// Paragraphs that are only a label of the page's furniture.
    private static let boilerplateWords: Set<String> = [
        "advertisement", "advertising", "ad", "sponsored", "share", "share this", "share this article",
        "share on facebook", "share on twitter", "tweet", "email", "print", "read more", "related", "related articles",
        "related stories", "comments", "skip to content", "skip to main content", "menu", "close", "subscribe",
        "sign up", "log in", "more", "광고", "реклама",
    ]
}
