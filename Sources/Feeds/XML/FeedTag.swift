/// The elements of the feed vocabularies that the builder acts on.
enum FeedTag: Equatable {
    case rssRoot, rdfRoot, channel, item
    case rssTitle, rssLink, rssDescription, guid, pubDate, rssAuthor, rssCategory
    case contentEncoded
    case dcDate, dcCreator, dcSubject, dcTitle, dcIdentifier, dcDescription
    case termsIssued, termsModified
    case feed, entry
    case atomID, atomTitle, atomLink, atomPublished, atomUpdated, atomIssued, atomModified, atomCreated
    case atomSummary, atomContent, atomAuthor, atomName, atomCategory
    case xhtmlBody, mediaDescription, mediaTitle, itunesSummary, rssBody, fullItem, rssSummary
    case other

    /// The tag for an element of namespace `ns` named `name` in a document of the given family.
    init(namespace ns: XMLNamespace, name: String, atomDocument: Bool) {
        var ns = ns
        if atomDocument, ns == .rss { ns = .atom10 }  // an Atom feed without its namespace
        switch ns {
        case .rss:
            switch name {
            case "channel": self = .channel
            case "item": self = .item
            case "title": self = .rssTitle
            case "link": self = .rssLink
            case "description": self = .rssDescription
            case "guid": self = .guid
            case "pubDate", "pubdate": self = .pubDate
            case "author": self = .rssAuthor
            case "category": self = .rssCategory
            case "body": self = .rssBody
            case "fullitem": self = .fullItem
            // Atom's names without a namespace, as some RSS feeds (and podcast tools) write them.
            case "summary": self = .rssSummary
            case "updated": self = .atomUpdated
            case "published": self = .atomPublished
            case "id": self = .atomID
            default: self = .other
            }
        case .atom10, .atom03:
            switch name {
            case "feed": self = .feed
            case "entry", "item": self = .entry
            case "id": self = .atomID
            case "title": self = .atomTitle
            case "link": self = .atomLink
            case "published": self = .atomPublished
            case "updated": self = .atomUpdated
            case "issued": self = .atomIssued
            case "modified": self = .atomModified
            case "created": self = .atomCreated
            case "summary": self = .atomSummary
            case "content": self = .atomContent
            case "author": self = .atomAuthor
            case "name": self = .atomName
            case "category": self = .atomCategory
            default: self = .other
            }
        case .dc:
            switch name {
            case "date": self = .dcDate
            case "creator": self = .dcCreator
            case "subject": self = .dcSubject
            case "title": self = .dcTitle
            case "identifier": self = .dcIdentifier
            case "description": self = .dcDescription
            default: self = .other
            }
        case .dcterms:
            switch name {
            case "issued", "created", "date": self = .termsIssued
            case "modified": self = .termsModified
            default: self = .other
            }
        case .content: self = name == "encoded" ? .contentEncoded : .other
        case .xhtml: self = name == "body" ? .xhtmlBody : .other
        case .media: self = name == "description" ? .mediaDescription : name == "title" ? .mediaTitle : .other
        case .itunes: self = name == "summary" ? .itunesSummary : .other
        case .rdf, .xml, .other: self = .other
        }
    }
}
