import Foundation
import Model

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Turns a response into the step's output `{status, headers, body, url}` (plus
/// `bodyEncoding: "base64"` when the body is binary).
enum HTTPResponseDecoding {
    /// The step output for `response` with `data`, reached at the logical URL `url`.
    static func output(response: HTTPURLResponse, data: Data, url: URL) -> JSONValue {
        let headers = lowerCasedHeaders(response)
        var output: [String: JSONValue] = [
            "status": .integer(Int64(response.statusCode)),
            "headers": .object(headers.mapValues { .string($0) }),
            "url": .string(RedactedURL.text(url)),
        ]
        let (body, isBinary) = decodeBody(data, contentType: headers["content-type"])
        output["body"] = body
        if isBinary { output["bodyEncoding"] = "base64" }
        return .object(output)
    }

    /// Header names lower-cased; values of repeated names joined by `, `.
    static func lowerCasedHeaders(_ response: HTTPURLResponse) -> [String: String] {
        var headers: [String: String] = [:]
        for (key, value) in response.allHeaderFields {
            guard let name = (key as? String)?.lowercased() else { continue }
            let text = (value as? String) ?? "\(value)"
            headers[name] = headers[name].map { "\($0), \(text)" } ?? text
        }
        return headers
    }

    /// The body as JSON when the media type is JSON (`application/json`, `…+json`) and it parses;
    /// otherwise as text in the declared charset (UTF-8 by default). Binary media types (images,
    /// `application/octet-stream`, …) and bytes that are not valid text come back base64-encoded,
    /// flagged by the second value.
    static func decodeBody(_ data: Data, contentType: String?) -> (JSONValue, Bool) {
        let mediaType = MediaType(contentType)
        if mediaType.isJSON, !data.isEmpty, let value = try? JSONDecoder().decode(JSONValue.self, from: data) {
            return (value, false)
        }
        if !mediaType.isBinary, let text = String(data: data, encoding: mediaType.encoding) { return (.string(text), false) }
        return (.string(data.base64EncodedString()), true)
    }
}

/// The parts of a `Content-Type` value the decoder uses.
struct MediaType {
    /// `type/subtype`, lower-case (empty when absent).
    var essence: String
    /// The `charset` parameter, lower-case, if any.
    var charset: String?

    init(_ text: String?) {
        let parts = (text ?? "").split(separator: ";")
        essence = parts.first.map { String($0).trimmingASCIIWhitespace().lowercased() } ?? ""
        charset = nil
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else { continue }
            charset = pair[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                .lowercased()
        }
    }

    /// `application/json`, `text/json` or any `+json` type.
    var isJSON: Bool { essence == "application/json" || essence == "text/json" || essence.hasSuffix("+json") }

    /// Media types whose bodies are bytes, not text, whatever they happen to contain.
    var isBinary: Bool {
        ["image/", "audio/", "video/", "font/"].contains(where: essence.hasPrefix)
            || ["application/octet-stream", "application/pdf", "application/zip", "application/gzip"].contains(essence)
    }

    /// The String encoding of `charset`; UTF-8 when absent or unknown.
    var encoding: String.Encoding {
        switch charset {
        case "iso-8859-1", "latin1", "iso8859-1": .isoLatin1
        case "windows-1252", "cp1252": .windowsCP1252
        case "us-ascii", "ascii": .ascii
        case "utf-16": .utf16
        case "utf-16le": .utf16LittleEndian
        case "utf-16be": .utf16BigEndian
        default: .utf8
        }
    }
}
