import CLibXML2

/// The XML vocabularies the feed builder distinguishes.
enum XMLNamespace: Equatable {
    /// No namespace, or one of the RSS namespaces (RSS 1.0, RSS 0.90, Userland's RSS 2.0).
    case rss
    case atom10, atom03, rdf, content, dc, dcterms, xhtml, media, itunes, xml, other

    init(uri: UnsafePointer<xmlChar>?, prefix: UnsafePointer<xmlChar>?) {
        guard let uri else {
            // An undeclared prefix (recovered by libxml2): go by the conventional prefix.
            guard let prefix else { self = .rss; return }
            switch String(cString: prefix) {
            case "dc": self = .dc
            case "dcterms": self = .dcterms
            case "content": self = .content
            case "atom", "atom10": self = .atom10
            case "media": self = .media
            case "itunes": self = .itunes
            case "rdf": self = .rdf
            case "xhtml": self = .xhtml
            default: self = .other
            }
            return
        }
        self = XMLNamespace.known[String(cString: uri)] ?? .other
    }

    static let rss10URI = "http://purl.org/rss/1.0/"
    static let rss090URI = "http://my.netscape.com/rdf/simple/0.9/"

    private static let known: [String: XMLNamespace] = [
        "": .rss,
        rss10URI: .rss, rss090URI: .rss,
        "http://channel.netscape.com/rdf/simple/0.9/": .rss,
        "http://backend.userland.com/rss2": .rss,
        "http://backend.userland.com/rss": .rss,
        "http://purl.org/net/rss1.1#": .rss,
        "http://www.w3.org/2005/Atom": .atom10,
        "http://purl.org/atom/ns#": .atom03,
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#": .rdf,
        "http://purl.org/rss/1.0/modules/content/": .content,
        "http://purl.org/dc/elements/1.1/": .dc,
        "http://purl.org/dc/elements/1.0/": .dc,
        "http://purl.org/dc/terms/": .dcterms,
        "http://www.w3.org/1999/xhtml": .xhtml,
        "http://search.yahoo.com/mrss/": .media,
        "http://search.yahoo.com/mrss": .media,
        "http://www.w3.org/XML/1998/namespace": .xml,
        "http://www.itunes.com/dtds/podcast-1.0.dtd": .itunes,
        "http://www.itunes.com/DTDs/Podcast-1.0.dtd": .itunes,
    ]
}
