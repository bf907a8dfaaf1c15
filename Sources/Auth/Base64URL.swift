import Foundation

/// Base64url without padding (RFC 7515 §2), strict: padding, `+`, `/` and whitespace are refused.
enum Base64URL {
    /// Encodes `bytes` as base64url without padding.
    static func encode(_ bytes: some Collection<UInt8>) -> String {
        var text = Data(bytes).base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.last == "=" { text.removeLast() }
        return text
    }

    /// Encodes the UTF-8 bytes of `text`.
    static func encode(_ text: String) -> String { encode(Array(text.utf8)) }

    /// Decodes base64url without padding; nil for any other character or an impossible length.
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var standard = [UInt8]()
        standard.reserveCapacity(text.utf8.count + 3)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                standard.append(byte)
            case UInt8(ascii: "-"): standard.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"): standard.append(UInt8(ascii: "/"))
            default: return nil
            }
        }
        switch standard.count % 4 {
        case 1: return nil
        case 2: standard.append(contentsOf: Array("==".utf8))
        case 3: standard.append(UInt8(ascii: "="))
        default: break
        }
        guard let data = Data(base64Encoded: Data(standard)) else { return nil }
        let bytes = [UInt8](data)
        // Non-canonical encodings (stray bits in the last character) are refused too.
        guard encode(bytes) == String(text) else { return nil }
        return bytes
    }
}

extension AuthError {
    /// A value from a token made safe for logs: printable ASCII, at most 64 characters.
    static func loggable(_ value: String) -> String {
        let printable = value.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F }
        return String(String.UnicodeScalarView(printable.prefix(64)))
    }
}
