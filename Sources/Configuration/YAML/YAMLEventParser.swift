import CYAML

/// A problem found while reading a YAML document, at a place in the file.
struct YAMLProblem: Error, Sendable, Equatable {
    var mark: YAMLMark
    var message: String
}

/// libyaml's event parser over one file's bytes: the only place that touches libyaml. It owns the parser
/// state, the current event and a copy of the input, and frees them in `deinit`.
final class YAMLEventParser {
    enum Event {
        case streamStart, streamEnd
        case documentStart(YAMLMark)
        case documentEnd
        case alias(anchor: String, YAMLMark)
        case scalar(anchor: String?, YAMLNode.Scalar)
        case sequenceStart(anchor: String?, YAMLMark)
        case sequenceEnd
        case mappingStart(anchor: String?, YAMLMark)
        case mappingEnd
    }

    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let event: UnsafeMutablePointer<yaml_event_t>
    private let input: UnsafeMutableBufferPointer<UInt8>
    private var initialized = false
    private var holdsEvent = false

    /// Copies `bytes` (libyaml reads from them until the parser is gone).
    init(bytes: some Collection<UInt8>) {
        parser = .allocate(capacity: 1)
        event = .allocate(capacity: 1)
        input = .allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        initialized = yaml_parser_initialize(parser) != 0
        if initialized {
            yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
        }
    }

    deinit {
        if holdsEvent { yaml_event_delete(event) }
        if initialized { yaml_parser_delete(parser) }
        event.deallocate()
        parser.deallocate()
        input.deallocate()
    }

    /// The next event; after `streamEnd`, or after a thrown problem, do not call again.
    func next() throws(YAMLProblem) -> Event {
        guard initialized else {
            throw YAMLProblem(mark: YAMLMark(line: 1, column: 1), message: "out of memory while reading YAML")
        }
        if holdsEvent {
            yaml_event_delete(event)
            holdsEvent = false
        }
        guard yaml_parser_parse(parser, event) != 0 else { throw problem() }
        holdsEvent = true
        let e = event.pointee
        let mark = Self.mark(e.start_mark)
        switch e.type {
        case YAML_STREAM_START_EVENT: return .streamStart
        case YAML_DOCUMENT_START_EVENT: return .documentStart(mark)
        case YAML_DOCUMENT_END_EVENT: return .documentEnd
        case YAML_ALIAS_EVENT: return .alias(anchor: Self.text(e.data.alias.anchor) ?? "", mark)
        case YAML_SCALAR_EVENT:
            let s = e.data.scalar
            let string =
                s.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: s.length), as: UTF8.self) } ?? ""
            let style: YAMLNode.Scalar.Style =
                switch s.style {
                case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
                case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
                case YAML_LITERAL_SCALAR_STYLE: .literal
                case YAML_FOLDED_SCALAR_STYLE: .folded
                default: .plain
                }
            return .scalar(anchor: Self.text(s.anchor), YAMLNode.Scalar(string: string, style: style, mark: mark))
        case YAML_SEQUENCE_START_EVENT: return .sequenceStart(anchor: Self.text(e.data.sequence_start.anchor), mark)
        case YAML_SEQUENCE_END_EVENT: return .sequenceEnd
        case YAML_MAPPING_START_EVENT: return .mappingStart(anchor: Self.text(e.data.mapping_start.anchor), mark)
        case YAML_MAPPING_END_EVENT: return .mappingEnd
        default: return .streamEnd
        }
    }

    private static func mark(_ m: yaml_mark_t) -> YAMLMark {
        YAMLMark(line: Int(m.line) + 1, column: Int(m.column) + 1)
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// The parser's error as a problem with a place and a message that says what to do.
    private func problem() -> YAMLProblem {
        let p = parser.pointee
        let what = p.problem.map { String(cString: $0) } ?? "unknown error"
        switch p.error {
        case YAML_MEMORY_ERROR:
            return YAMLProblem(mark: YAMLMark(line: 1, column: 1), message: "out of memory while reading YAML")
        case YAML_READER_ERROR:
            // Reader errors carry a byte offset, not a mark.
            let mark = mark(ofByte: p.problem_offset)
            if what.contains("UTF") || what.contains("octet") {
                return YAMLProblem(mark: mark, message: "not valid UTF-8 text (\(what)); save the file as UTF-8")
            }
            let hex = String(p.problem_value, radix: 16, uppercase: true)
            let value = p.problem_value >= 0 ? " U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex : ""
            return YAMLProblem(mark: mark, message: "YAML cannot hold this character\(value) (\(what)); remove it")
        default:
            let context = p.context.map { " " + String(cString: $0) } ?? ""
            return YAMLProblem(mark: Self.mark(p.problem_mark), message: "YAML syntax error: \(what)\(context)")
        }
    }

    /// Line and column (in characters) of a byte offset into the input.
    private func mark(ofByte offset: Int) -> YAMLMark {
        var line = 1
        var column = 1
        for byte in input.prefix(min(offset, input.count)) {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return YAMLMark(line: line, column: column)
    }
}
