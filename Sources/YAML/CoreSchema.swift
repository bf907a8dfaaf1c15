/// The YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#103-core-schema), applied by hand
/// because libyaml resolves no tags.
///
/// Decisions:
/// - Only plain scalars without a tag are resolved; quoted and block scalars are strings.
/// - `!` (non-specific tag) and `!!str` force a string.
/// - `!!null`, `!!bool`, `!!int` and `!!float` are honoured for any style (`!!int "42"` is 42)
///   when the text has that type's core-schema form (`!!float` also takes integer forms);
///   otherwise the value stays a string and the caller reports a `syntax` problem.
/// - Any other tag (`!Ref`, `!!timestamp`, `!!binary`…) leaves the value a string; the tag is
///   on the node for callers that want it.
/// - An integer literal outside Int64 (any base) becomes `.float` with the nearest Double.
enum CoreSchema {
    static let tagPrefix = "tag:yaml.org,2002:"

    /// The value, plus the tag name when an explicit core tag did not match the text.
    static func resolve(text: String, style: ScalarStyle, tag: String?) -> (ScalarValue, mismatchedTag: String?) {
        guard let tag else {
            return (style == .plain ? resolvePlain(text) : .string(text), nil)
        }
        guard tag.hasPrefix(tagPrefix) else { return (.string(text), nil) }
        let name = tag.dropFirst(tagPrefix.count)
        let value: ScalarValue?
        switch name {
        case "str": return (.string(text), nil)
        case "null": value = text.isEmpty ? .null : null(text)
        case "bool": value = bool(text)
        case "int": value = number(text, allowFloat: false)
        case "float":
            value = number(text, allowFloat: true).map { value in
                if case .integer(let integer) = value { return .float(Double(integer)) }
                return value
            }
        default: return (.string(text), nil)
        }
        if let value { return (value, nil) }
        return (.string(text), "!!" + name)
    }

    /// Resolution of an untagged plain scalar.
    static func resolvePlain(_ text: String) -> ScalarValue {
        guard let first = text.utf8.first else { return .null }
        // Dispatch on the first byte: most scalars are words and leave after one comparison.
        switch first {
        case UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "~"):
            return null(text) ?? .string(text)
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            return bool(text) ?? .string(text)
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return number(text, allowFloat: true) ?? .string(text)
        default:
            return .string(text)
        }
    }

    static func null(_ text: String) -> ScalarValue? {
        switch text {
        case "~", "null", "Null", "NULL": return .null
        default: return nil
        }
    }

    static func bool(_ text: String) -> ScalarValue? {
        switch text {
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: return nil
        }
    }

    /// Integers (decimal, `0o`, `0x`) and, when allowed, floats and the special floats.
    static func number(_ text: String, allowFloat: Bool) -> ScalarValue? {
        guard !text.isEmpty else { return nil }
        if let value = text.utf8.withContiguousStorageIfAvailable({ number($0, text: text, allowFloat: allowFloat) }) {
            return value
        }
        return Array(text.utf8).withUnsafeBufferPointer { number($0, text: text, allowFloat: allowFloat) }
    }

    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, text: String, allowFloat: Bool) -> ScalarValue? {
        let count = bytes.count
        if count > 2 && bytes[0] == UInt8(ascii: "0") {
            if bytes[1] == UInt8(ascii: "x") { return integer(bytes, from: 2, radix: 16) }
            if bytes[1] == UInt8(ascii: "o") { return integer(bytes, from: 2, radix: 8) }
        }
        var position = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-") {
            negative = bytes[0] == UInt8(ascii: "-")
            position = 1
        }
        let digitsStart = position
        while position < count && isDigit(bytes[position]) { position += 1 }
        if position == count && position > digitsStart {
            // Past Int64, Double's own parser gives the nearest value.
            return integer(bytes, from: digitsStart, radix: 10, negative: negative) ?? Double(text).map(ScalarValue.float)
        }
        guard allowFloat else { return nil }
        if position == digitsStart && position < count && bytes[position] == UInt8(ascii: ".") {
            // `.inf`, `-.Inf`, `.nan`: compare the rest as text.
            // The prefix is ASCII, so characters and bytes line up.
            switch text.dropFirst(position + 1) {
            case "inf", "Inf", "INF": return .float(negative ? -.infinity : .infinity)
            case "nan", "NaN", "NAN": return digitsStart == 0 ? .float(.nan) : nil
            default: break
            }
        }
        return isFloatLiteral(bytes, from: digitsStart) ? Double(text).map(ScalarValue.float) : nil
    }

    /// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` from `start` to the end.
    private static func isFloatLiteral(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var position = start
        let count = bytes.count
        let integerDigits = skipDigits(bytes, &position)
        var fractionDigits = 0
        if position < count && bytes[position] == UInt8(ascii: ".") {
            position += 1
            fractionDigits = skipDigits(bytes, &position)
            // `.` alone needs fraction digits; `1.` is allowed by the core schema.
            if integerDigits == 0 && fractionDigits == 0 { return false }
        } else if integerDigits == 0 {
            return false
        }
        if position < count && (bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E")) {
            position += 1
            if position < count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")) {
                position += 1
            }
            if skipDigits(bytes, &position) == 0 { return false }
        }
        return position == count
    }

    private static func skipDigits(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int) -> Int {
        let start = position
        while position < bytes.count && isDigit(bytes[position]) { position += 1 }
        return position - start
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func digitValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(byte - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }

    /// Digits from `start` to the end in `radix`. Past Int64, hexadecimal and octal go on as a
    /// Double (exact to 53 bits, then truncated); decimal returns nil for the caller to parse.
    private static func integer(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, radix: Int, negative: Bool = false
    ) -> ScalarValue? {
        guard start < bytes.count else { return nil }
        var exact: Int64? = 0
        var approximate = 0.0
        for index in start..<bytes.count {
            guard let digit = digitValue(bytes[index]), digit < radix else { return nil }
            approximate = approximate * Double(radix) + Double(digit)
            if let current = exact {
                // Accumulate negatively for negative numbers so Int64.min fits.
                let (product, overflow1) = current.multipliedReportingOverflow(by: Int64(radix))
                let (sum, overflow2) = product.addingReportingOverflow(negative ? -Int64(digit) : Int64(digit))
                exact = overflow1 || overflow2 ? nil : sum
            }
        }
        if let exact { return .integer(exact) }
        return radix == 10 ? nil : .float(negative ? -approximate : approximate)
    }
}
