import CLibXML2

/// Runs libxml2's SAX2 parser over a UTF-8 buffer into an ``XMLFeedBuilder``: recover mode, no
/// network, no DTD loading, no entity substitution (entity callbacks are absent, so no entity is ever
/// declared or expanded), errors recorded instead of printed.
enum LibXMLSAXReader {
    /// xmlInitParser, once per process, before the first parse.
    static let initialized: Void = { xmlInitParser() }()

    static let options: Int32 = Int32(
        XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue
            | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_IGNORE_ENC.rawValue
            | XML_PARSE_NOCDATA.rawValue)

    /// The handler template; copied into each parser context.
    private static func makeHandler() -> xmlSAXHandler {
        var h = xmlSAXHandler()
        h.initialized = UInt32(XML_SAX2_MAGIC)
        h.startElementNs = { ctx, local, prefix, uri, nsCount, namespaces, attrCount, _, attributes in
            guard let ctx, let local else { return }
            saxBuilder(ctx).startElement(
                local: local, prefix: prefix, uri: uri, namespaces: namespaces,
                namespaceCount: Int(nsCount),
                attributes: XMLAttributes(count: Int(attrCount), items: attributes))
        }
        h.endElementNs = { ctx, local, _, _ in
            guard let ctx, let local else { return }
            saxBuilder(ctx).endElement(local: local)
        }
        h.characters = { ctx, bytes, count in
            guard let ctx, let bytes else { return }
            saxBuilder(ctx).characters(bytes, count: Int(count))
        }
        h.cdataBlock = { ctx, bytes, count in
            guard let ctx, let bytes else { return }
            saxBuilder(ctx).characters(bytes, count: Int(count))
        }
        h.processingInstruction = { ctx, target, data in
            guard let ctx, let target, let data else { return }
            saxBuilder(ctx).processingInstruction(target: target, data: data)
        }
        h.serror = { ctx, error in
            guard let ctx, let error else { return }
            saxBuilder(ctx).error(error)
        }
        return h
    }

    /// Parses `bytes` (UTF-8) into `builder`. Returns false when libxml2 could not start.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, into builder: XMLFeedBuilder) -> Bool {
        _ = initialized
        nw_xml_silence_generic_errors()
        guard bytes.count < Int(Int32.max), let base = bytes.baseAddress else { return false }
        let user = Unmanaged.passUnretained(builder).toOpaque()
        var template = makeHandler()
        let context = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { chars in
            nw_xml_create_sax_context(&template, user, chars, Int32(bytes.count))
        }
        guard let context else { return false }
        defer {
            builder.detachFromParser()
            xmlFreeParserCtxt(context)
        }
        xmlCtxtUseOptions(context, options)
        builder.context = context
        withExtendedLifetime(builder) { _ = xmlParseDocument(context) }
        // A DOCTYPE that reached libxml2 (the preprocessor removes the ones it can see) makes it build
        // a document for its entities "for expat compatibility in SAX mode"; xmlFreeParserCtxt does
        // not free it.
        if let doc = context.pointee.myDoc {
            xmlFreeDoc(doc)
            context.pointee.myDoc = nil
        }
        return true
    }
}

/// The builder behind a SAX callback's user data (kept alive by ``LibXMLSAXReader/parse(_:into:)``).
@inline(__always)
private func saxBuilder(_ ctx: UnsafeMutableRawPointer) -> XMLFeedBuilder {
    Unmanaged<XMLFeedBuilder>.fromOpaque(ctx).takeUnretainedValue()
}
