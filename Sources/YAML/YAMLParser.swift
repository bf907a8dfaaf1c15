#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses YAML text into documents of `Node`s, with 1-based marks and bounded cost.
public enum YAMLParser {
    /// Parses a byte buffer (UTF-8, optionally with a byte-order mark).
    ///
    /// Never throws: every document that could be built and every problem found are returned.
    /// An empty input, or one with only comments and blank lines, gives no documents and no
    /// problems. A document with no content after `---` has a null plain scalar as its root.
    public static func parse(_ bytes: [UInt8], limits: YAMLLimits = YAMLLimits()) -> YAMLParseResult {
        let start = Mark(line: 1, column: 1, offset: 0)
        if bytes.count > limits.maxBytes {
            // Refused before looking at the content, so a huge file costs nothing.
            let (size, limit) = ByteSize.compare(bytes.count, limit: limits.maxBytes)
            return failure(YAMLProblem(kind: .tooLarge, message: "file is \(size); the limit is \(limit)", mark: start))
        }
        if bytes.isEmpty { return YAMLParseResult(documents: [], problems: []) }
        return bytes.withUnsafeBufferPointer { buffer in
            if let problem = precheck(buffer) { return failure(problem) }
            let reader = EventReader(bytes: buffer)
            var builder = TreeBuilder(limits: limits)
            reading: while true {
                switch reader.next() {
                case .failure(let problem):
                    builder.record(problem)
                    break reading
                case .event(let event):
                    if case .streamEnd = event { break reading }
                    if !builder.handle(event) { break reading }
                }
            }
            return YAMLParseResult(documents: builder.documents, problems: builder.problems)
        }
    }

    /// Parses a string (its UTF-8 bytes).
    public static func parse(_ text: String, limits: YAMLLimits = YAMLLimits()) -> YAMLParseResult {
        parse(Array(text.utf8), limits: limits)
    }

    private static func failure(_ problem: YAMLProblem) -> YAMLParseResult {
        YAMLParseResult(documents: [], problems: [problem])
    }

    /// Problems found without parsing: UTF-16 text and NUL bytes.
    private static func precheck(_ buffer: UnsafeBufferPointer<UInt8>) -> YAMLProblem? {
        // Before the NUL check: UTF-16 text is full of NULs but is not binary. Marks and offsets
        // are computed on UTF-8 bytes, so UTF-16 (which libyaml could read) is refused.
        if buffer.count >= 2 && ((buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF)) {
            return YAMLProblem(kind: .encoding,
                               message: "file is UTF-16 (it starts with a UTF-16 byte-order mark); YAML files must be UTF-8",
                               mark: Mark(line: 1, column: 1, offset: 0))
        }
        if let offset = firstNul(buffer) {
            let mark = MarkLocator.mark(atByteOffset: offset, in: buffer)
            return YAMLProblem(kind: .binary,
                               message: "file looks binary (NUL byte at line \(mark.line), column \(mark.column)); YAML files are text",
                               mark: mark)
        }
        return nil
    }

    private static func firstNul(_ buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = buffer.baseAddress else { return nil }
        // memchr: a byte loop is slow in debug builds, and inputs reach megabytes.
        guard let found = memchr(base, 0, buffer.count) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }
}
