import CYAML

/// One libyaml event, copied into Swift values with converted marks.
enum ParseEvent {
    case streamStart
    case streamEnd
    case documentStart(Mark)
    case documentEnd(Mark)
    case alias(anchor: String, start: Mark, end: Mark)
    case scalar(Scalar.Parts, start: Mark, end: Mark)
    case collectionStart(isMapping: Bool, isFlow: Bool, anchor: String?, tag: String?, start: Mark)
    case collectionEnd(end: Mark)
}

extension Scalar {
    /// A scalar as libyaml delivers it, before resolution.
    struct Parts {
        let text: String
        let style: ScalarStyle
        let anchor: String?
        let tag: String?
    }
}

/// Owns a libyaml parser reading a caller-owned buffer.
///
/// Not Sendable: a `yaml_parser_t` must stay on one thread. The buffer must outlive this object
/// (libyaml keeps the pointer), so it is only ever created inside `withUnsafeBufferPointer`.
final class EventReader {
    enum Step {
        case event(ParseEvent)
        case failure(YAMLProblem)
    }

    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let bytes: UnsafeBufferPointer<UInt8>
    private var locator: MarkLocator
    private let initialized: Bool

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        locator = MarkLocator(bytes: bytes)
        parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        initialized = yaml_parser_initialize(parser) != 0
        if initialized, let base = bytes.baseAddress {
            // No copy: libyaml reads the caller's buffer. UTF-16 was refused beforehand, so
            // libyaml's detection settles on UTF-8 and skips a UTF-8 byte-order mark.
            yaml_parser_set_input_string(parser, base, bytes.count)
        }
    }

    deinit {
        if initialized { yaml_parser_delete(parser) }
        parser.deallocate()
    }

    /// The next event, or the problem that ends the stream.
    func next() -> Step {
        guard initialized else {
            return .failure(YAMLProblem(kind: .tooLarge, message: "libyaml could not allocate its parser",
                                        mark: Mark(line: 1, column: 1, offset: 0)))
        }
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) != 0 else { return .failure(currentError()) }
        defer { yaml_event_delete(&event) }
        return .event(convert(&event))
    }

    private func convert(_ event: inout yaml_event_t) -> ParseEvent {
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart(mark(event.start_mark))
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd(mark(event.end_mark))
        case YAML_ALIAS_EVENT:
            return .alias(anchor: Self.string(event.data.alias.anchor) ?? "",
                          start: mark(event.start_mark), end: mark(event.end_mark))
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = data.value.map {
                String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self)
            } ?? ""
            let parts = Scalar.Parts(text: text, style: Self.style(data.style),
                                     anchor: Self.string(data.anchor), tag: Self.string(data.tag))
            return .scalar(parts, start: mark(event.start_mark), end: mark(event.end_mark))
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            return .collectionStart(isMapping: false, isFlow: data.style == YAML_FLOW_SEQUENCE_STYLE, anchor: Self.string(data.anchor),
                                    tag: Self.string(data.tag), start: mark(event.start_mark))
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            return .collectionStart(isMapping: true, isFlow: data.style == YAML_FLOW_MAPPING_STYLE, anchor: Self.string(data.anchor),
                                    tag: Self.string(data.tag), start: mark(event.start_mark))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            return .collectionEnd(end: mark(event.end_mark))
        default:
            // YAML_STREAM_END_EVENT; YAML_NO_EVENT is never returned on success.
            return .streamEnd
        }
    }

    private func currentError() -> YAMLProblem {
        let state = parser.pointee
        let problem = state.problem.map { String(cString: $0) } ?? "unknown libyaml error"
        switch state.error {
        case YAML_READER_ERROR:
            // Reader errors carry a byte offset but no usable mark.
            var message = problem
            if state.problem_value >= 0 && state.problem_value <= 0xFF {
                message += " (byte 0x" + Self.hex(UInt8(state.problem_value)) + ")"
            } else if state.problem_value > 0xFF {
                message += " (U+" + String(state.problem_value, radix: 16, uppercase: true) + ")"
            }
            return YAMLProblem(kind: .encoding, message: message + "; YAML files must be UTF-8 text",
                               mark: MarkLocator.mark(atByteOffset: state.problem_offset, in: bytes))
        case YAML_MEMORY_ERROR:
            return YAMLProblem(kind: .tooLarge, message: "libyaml ran out of memory",
                               mark: Mark(line: 1, column: 1, offset: 0))
        default:
            var related: Mark?
            var message = problem
            if let context = state.context {
                message = String(cString: context) + ": " + problem
                related = mark(state.context_mark)
            }
            let at = mark(state.problem_mark)
            return YAMLProblem(kind: .syntax, message: message, mark: at,
                               relatedMark: related == at ? nil : related)
        }
    }

    private func mark(_ mark: yaml_mark_t) -> Mark {
        locator.mark(index: Int(mark.index), line: Int(mark.line), column: Int(mark.column))
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }

    private static func style(_ style: yaml_scalar_style_t) -> ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }
}
