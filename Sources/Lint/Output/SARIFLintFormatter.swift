import Model

/// The `sarif` format: a SARIF 2.1.0 log with one run, as GitHub code scanning accepts it
/// (`github/codeql-action/upload-sarif`).
///
/// One rule per diagnostic code used (sorted by code), one result per diagnostic. Locations are URI
/// references relative to `%SRCROOT%`; columns count Unicode code points, as the run's `columnKind`
/// says.
struct SARIFLintFormatter {
    var options: LintOutputOptions

    static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

    func render(_ report: LintReport) -> String {
        var firstSeverity: [String: Severity] = [:]
        for diagnostic in report.diagnostics where firstSeverity[diagnostic.code] == nil {
            firstSeverity[diagnostic.code] = diagnostic.severity
        }
        let codes = firstSeverity.keys.sorted()
        let ruleIndex = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, $0) })

        var driver: [String: JSONValue] = [
            "name": .string("sovereign"),
            "rules": .array(codes.map { rule(code: $0, severity: firstSeverity[$0]!) }),
        ]
        if let version = options.toolVersion { driver["version"] = .string(version) }
        if let uri = options.informationURI { driver["informationUri"] = .string(uri) }

        var run: [String: JSONValue] = [
            "tool": .object(["driver": .object(driver)]),
            "columnKind": .string("unicodeCodePoints"),
            "results": .array(report.diagnostics.map { result($0, ruleIndex: ruleIndex[$0.code]!) }),
        ]
        if let root = options.sourceRoot.map(SARIFPath.normalize), root.hasPrefix("/") {
            let directory = root.hasSuffix("/") ? root : root + "/"
            run["originalUriBaseIds"] = .object([
                "%SRCROOT%": .object(["uri": .string("file://" + SARIFPath.percentEncode(directory))])
            ])
        }

        let log: JSONValue = .object([
            "$schema": .string(Self.schemaURI),
            "version": .string("2.1.0"),
            "runs": .array([.object(run)]),
        ])
        return log.prettyJSONText + "\n"
    }

    private func rule(code: String, severity: Severity) -> JSONValue {
        var rule: [String: JSONValue] = [
            "id": .string(code),
            "name": .string(code),
            "shortDescription": .object(["text": .string(options.ruleTitles[code] ?? code)]),
            "defaultConfiguration": .object(["level": .string(Self.level(severity))]),
        ]
        if let help = options.ruleHelpURIs[code] { rule["helpUri"] = .string(help) }
        return .object(rule)
    }

    private func result(_ diagnostic: Diagnostic, ruleIndex: Int) -> JSONValue {
        let location = diagnostic.location
        var region: [String: JSONValue] = [
            "startLine": .integer(Int64(max(1, location.line))),
            "startColumn": .integer(Int64(max(1, location.column))),
        ]
        if let endLine = location.endLine { region["endLine"] = .integer(Int64(endLine)) }
        if let endColumn = location.endColumn { region["endColumn"] = .integer(Int64(endColumn)) }

        var artifact: [String: JSONValue] = [:]
        switch SARIFPath.reference(for: location.path, sourceRoot: options.sourceRoot) {
        case .relative(let uri):
            artifact["uri"] = .string(uri)
            artifact["uriBaseId"] = .string("%SRCROOT%")
        case .absolute(let uri):
            artifact["uri"] = .string(uri)
        }
        let physical: JSONValue = .object([
            "artifactLocation": .object(artifact),
            "region": .object(region),
        ])
        return .object([
            "ruleId": .string(diagnostic.code),
            "ruleIndex": .integer(Int64(ruleIndex)),
            "level": .string(Self.level(diagnostic.severity)),
            "message": .object(["text": .string(diagnostic.message)]),
            "locations": .array([.object(["physicalLocation": physical])]),
        ])
    }

    private static func level(_ severity: Severity) -> String {
        severity == .error ? "error" : "warning"
    }
}

/// File paths as SARIF artifact URIs.
enum SARIFPath {
    /// A path as a URI: relative to `%SRCROOT%`, or an absolute `file://` URI.
    enum Reference: Equatable {
        case relative(String)
        case absolute(String)
    }

    /// The URI for `path`. With a `sourceRoot`, relative paths are resolved against it and any path
    /// inside it becomes relative; a path outside it becomes an absolute `file://` URI.
    static func reference(for path: String, sourceRoot: String?) -> Reference {
        guard let sourceRoot, sourceRoot.hasPrefix("/") else {
            let normalized = normalize(path)
            return normalized.hasPrefix("/")
                ? .absolute("file://" + percentEncode(normalized))
                : .relative(percentEncode(normalized))
        }
        let root = normalize(sourceRoot)
        let absolute = normalize(path.hasPrefix("/") ? path : root + "/" + path)
        let prefix = root == "/" ? "/" : root + "/"
        if absolute.hasPrefix(prefix), absolute.count > prefix.count {
            return .relative(percentEncode(String(absolute.dropFirst(prefix.count))))
        }
        return .absolute("file://" + percentEncode(absolute))
    }

    /// `path` without `.` segments, empty segments, or `..` segments that can be resolved lexically.
    static func normalize(_ path: String) -> String {
        let isAbsolute = path.hasPrefix("/")
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == "..", let last = segments.last, last != ".." {
                segments.removeLast()
            } else if segment == "..", isAbsolute {
                continue
            } else {
                segments.append(segment)
            }
        }
        let joined = segments.joined(separator: "/")
        return isAbsolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    /// Percent-encodes every UTF-8 byte of `path` except unreserved characters and `/` (RFC 3986).
    static func percentEncode(_ path: String) -> String {
        var result = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }
}
