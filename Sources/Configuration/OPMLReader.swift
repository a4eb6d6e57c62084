import Foundation
import Rules

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads the feeds of an OPML subscription list: every `<outline xmlUrl="...">`. The titles of enclosing
/// outlines (folders) and a `category` attribute become tags; `text`/`title` becomes the feed's title.
enum OPMLReader {
    struct Item {
        var url: String
        var title: String?
        var tags: [String]
        var location: SourceLocation
    }

    static func read(file: String) -> (items: [Item], diagnostics: [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: file) else {
            return ([], [Diagnostic(SourceLocation(file: file, line: 1, column: 1), YAMLReader.unreadable(file))])
        }
        let parser = XMLParser(data: data)
        let delegate = Delegate(file: file, parser: parser)
        parser.delegate = delegate
        parser.shouldResolveExternalEntities = false
        if !parser.parse() && !delegate.failed {
            let line = max(parser.lineNumber, 1)
            let column = max(parser.columnNumber, 1)
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "not well-formed XML"
            delegate.diagnostics.append(
                Diagnostic(SourceLocation(file: file, line: line, column: column), "not a valid OPML file: \(reason)"))
        }
        return (delegate.items, delegate.diagnostics)
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        let file: String
        unowned let parser: XMLParser
        var items: [Item] = []
        var diagnostics: [Diagnostic] = []
        var folders: [String?] = []
        var failed = false

        init(file: String, parser: XMLParser) {
            self.file = file
            self.parser = parser
        }

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            guard name.lowercased() == "outline" else { return }
            let title = attributes["title"] ?? attributes["text"]
            if let url = attributes["xmlUrl"] ?? attributes["xmlurl"] {
                var tags = folders.compactMap { $0 }.map(Self.tag)
                if let categories = attributes["category"] {
                    tags += categories.split(whereSeparator: { $0 == "," || $0 == "/" }).map { Self.tag(String($0)) }
                }
                let location = SourceLocation(file: file, line: max(parser.lineNumber, 1), column: 1)
                items.append(Item(url: url, title: title, tags: tags.filter { !$0.isEmpty }, location: location))
                folders.append(nil)
            } else {
                folders.append(title)
            }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred error: any Error) {
            if !failed {
                failed = true
                diagnostics.append(
                    Diagnostic(
                        SourceLocation(
                            file: file, line: max(parser.lineNumber, 1), column: max(parser.columnNumber, 1)),
                        "not a valid OPML file: \(error.localizedDescription); fix the XML"))
            }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name.lowercased() == "outline", !folders.isEmpty { folders.removeLast() }
        }

        static func tag(_ text: String) -> String {
            text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: " ", with: "-")
        }
    }
}
