/// What the preprocessor puts in place of a fault or a reference in its input. Each repair is
/// decided once (``XMLPreprocessor/repair(referenceAt:end:)``, ``XMLPreprocessor/repair(byteAt:end:)``)
/// and written by either emitter: into the document that libxml2 reads
/// (``XMLPreprocessor/emitInDocument(_:from:)``, where it must stay XML), or decoded into the text
/// store (``XMLPreprocessor/emitAsText(_:from:)``, for text taken out of the document).
struct XMLRepair {
    enum Replacement {
        /// A well-formed reference to this character: the document keeps it as written.
        case asWritten(UInt32)
        /// The characters a reference stands for (`second` 0: none): numeric references in the
        /// document (a character such as `"` could end an attribute value there).
        case references(UInt32, second: UInt32)
        /// A character in place of raw bytes (a C1 control, U+FFFE, a control that separates
        /// words): UTF-8 in both.
        case character(UInt32)
        /// The bytes are dropped.
        case nothing
        /// A declared entity's text (it counts against the expansion budget): escaped in the document.
        case entityText([UInt8])
        /// A '&' that starts no reference it can read: `&amp;` in the document.
        case literalAmpersand
    }

    var replacement: Replacement
    /// Index after the input the repair replaces.
    var end: Int
    /// The input was not well-formed there.
    var malformed = false
    /// An HTML named reference (those make the document malformed only without a DOCTYPE).
    var namedReference = false
}
