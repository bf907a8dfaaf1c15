/// Turns libyaml marks into `Mark`s with byte offsets, and byte offsets into `Mark`s.
///
/// libyaml's `index` counts characters, not bytes, and skips a leading byte-order mark. Events
/// arrive almost in source order, so a cursor that walks forward (and, rarely, backward) over
/// the UTF-8 bytes converts every mark in time proportional to the input, not to the mark count.
struct MarkLocator {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// Byte offset of libyaml's character index 0: 3 after a UTF-8 byte-order mark.
    private let origin: Int
    private var characterIndex = 0
    private var byteOffset: Int

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        origin = MarkLocator.hasByteOrderMark(bytes) ? 3 : 0
        byteOffset = origin
    }

    static func hasByteOrderMark(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }

    /// The mark for libyaml's 0-based (character index, line, column).
    mutating func mark(index: Int, line: Int, column: Int) -> Mark {
        move(to: index)
        return Mark(line: line + 1, column: column + 1, offset: byteOffset)
    }

    private mutating func move(to target: Int) {
        while characterIndex < target && byteOffset < bytes.count {
            byteOffset += MarkLocator.sequenceLength(leadingByte: bytes[byteOffset])
            characterIndex += 1
        }
        byteOffset = min(byteOffset, bytes.count)
        while characterIndex > target && byteOffset > origin {
            byteOffset -= 1
            // Continuation bytes are 10xxxxxx; step back to the leading byte.
            while byteOffset > origin && bytes[byteOffset] & 0xC0 == 0x80 { byteOffset -= 1 }
            characterIndex -= 1
        }
    }

    private static func sequenceLength(leadingByte byte: UInt8) -> Int {
        switch byte {
        case ..<0xC0: return 1
        case ..<0xE0: return 2
        case ..<0xF0: return 3
        default: return 4
        }
    }

    /// The mark of a byte offset, scanning from the start. Used for errors libyaml reports
    /// without a mark (reader errors) and for NUL bytes found before parsing. Line breaks are
    /// those libyaml counts: LF, CR, CRLF, NEL, LS and PS. Invalid bytes count as one column each.
    static func mark(atByteOffset target: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Mark {
        let end = min(max(target, 0), bytes.count)
        var line = 1
        var column = 1
        var offset = hasByteOrderMark(bytes) ? min(3, end) : 0
        while offset < end {
            let byte = bytes[offset]
            if byte == 0x0A || byte == 0x0D {
                // CRLF is one break: the CR does not end the line when LF follows.
                if byte == 0x0D && offset + 1 < bytes.count && bytes[offset + 1] == 0x0A {
                    column += 1
                } else {
                    line += 1
                    column = 1
                }
            } else if isUnicodeLineBreak(bytes, at: offset) {
                line += 1
                column = 0  // the break's continuation bytes are skipped below; next char is 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            offset += 1
        }
        return Mark(line: line, column: max(column, 1), offset: end)
    }

    /// NEL (C2 85), LS (E2 80 A8) and PS (E2 80 A9) at `offset`.
    private static func isUnicodeLineBreak(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        let byte = bytes[offset]
        if byte == 0xC2 {
            return offset + 1 < bytes.count && bytes[offset + 1] == 0x85
        }
        if byte == 0xE2 {
            return offset + 2 < bytes.count && bytes[offset + 1] == 0x80
                && (bytes[offset + 2] == 0xA8 || bytes[offset + 2] == 0xA9)
        }
        return false
    }
}
