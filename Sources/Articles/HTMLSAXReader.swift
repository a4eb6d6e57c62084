import CLibXML2

/// Runs libxml2's HTML parser in SAX mode over a UTF-8 page into a ``PageBuilder`` (README "Extract
/// articles"): recover mode, no network, errors and warnings off, the page's own charset declaration
/// ignored (the bytes were decoded before), HTML_PARSE_HUGE off. No tree is built.
enum HTMLSAXReader {
    static let initialized: Void = { xmlInitParser() }()

    static let options: Int32 = Int32(
        HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_IGNORE_ENC.rawValue | HTML_PARSE_NODEFDTD.rawValue)

    private static func makeHandler() -> htmlSAXHandler {
        var h = htmlSAXHandler()
        h.startElement = { ctx, name, attributes in
            guard let ctx, let name else { return }
            builder(ctx).startElement(name, attributes)
        }
        h.endElement = { ctx, _ in
            guard let ctx else { return }
            builder(ctx).endElement()
        }
        h.characters = { ctx, bytes, count in
            guard let ctx, let bytes, count > 0 else { return }
            builder(ctx).characters(bytes, Int(count))
        }
        h.ignorableWhitespace = h.characters
        h.cdataBlock = h.characters
        h.serror = { _, _ in }
        return h
    }

    /// Parses `bytes` (UTF-8) into `builder`. Returns false when libxml2 could not start.
    @discardableResult
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, into builder: PageBuilder) -> Bool {
        _ = initialized
        nw_xml_silence_generic_errors()
        guard bytes.count > 0, bytes.count < Int(Int32.max), let base = bytes.baseAddress else { return false }
        let user = Unmanaged.passUnretained(builder).toOpaque()
        var template = makeHandler()
        let context = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { chars in
            nw_html_create_sax_context(&template, user, chars, Int32(bytes.count))
        }
        guard let context else { return false }
        defer { htmlFreeParserCtxt(context) }
        htmlCtxtUseOptions(context, options)
        withExtendedLifetime(builder) { _ = htmlParseDocument(context) }
        if let doc = context.pointee.myDoc {
            xmlFreeDoc(doc)
            context.pointee.myDoc = nil
        }
        builder.closeBlock()
        return true
    }
}

/// The builder behind a SAX callback's user data (kept alive by ``HTMLSAXReader/parse(_:into:)``).
@inline(__always)
private func builder(_ ctx: UnsafeMutableRawPointer) -> PageBuilder {
    Unmanaged<PageBuilder>.fromOpaque(ctx).takeUnretainedValue()
}
