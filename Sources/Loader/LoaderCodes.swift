import JSONSchema
import Model
import YAML

/// The diagnostic codes the loader itself emits (file, YAML and schema level), with their messages.
/// Semantic rules live in the Lint module, one file each.
public enum LoaderCodes {
    /// Every loader code with a short title, for docs and SARIF rule lists.
    public static let titles: [String: String] = [
        "SW001": "YAML syntax or encoding error",
        "SW002": "Duplicate key in a mapping",
        "SW003": "Input over a limit (size, depth, nodes, alias expansion) or not text",
        "SW004": "File holds no documents",
        "SW005": "Symbolic link skipped",
        "SW010": "Unknown apiVersion or kind, or a key JSON cannot hold",
        "SW101": "Missing required field",
        "SW102": "Unknown field",
        "SW103": "Wrong type",
        "SW104": "Invalid value",
        "SW105": "Invalid inputs schema",
    ]

    static func yaml(_ problem: YAMLProblem, path: String) -> Diagnostic {
        let location = SourceLocation(path: path, line: problem.mark.line, column: problem.mark.column)
        switch problem.kind {
        case .duplicateKey:
            return Diagnostic(code: "SW002", message: problem.message + "; remove one of them", location: location)
        case .aliasBudget, .depth, .tooLarge, .tooManyNodes, .binary:
            return Diagnostic(code: "SW003", message: problem.message, location: location)
        case .syntax, .encoding, .unknownAlias:
            var message = problem.message
            // libyaml reports where it gave up; where the broken construct began helps more.
            if problem.kind == .syntax, let start = problem.relatedMark, start.line > 1 || start.column > 1 {
                message += " (the construct began at line \(start.line), column \(start.column))"
            }
            return Diagnostic(code: "SW001", message: message, location: location)
        }
    }

    static func emptyFile(path: String) -> Diagnostic {
        Diagnostic(
            code: "SW004", severity: .warning, message: "file is empty: it holds no YAML documents",
            location: SourceLocation(path: path, line: 1, column: 1))
    }

    static func symbolicLink(path: String) -> Diagnostic {
        Diagnostic(
            code: "SW005", severity: .warning,
            message: "symbolic link skipped: the reconciler never follows links, so lint does not either",
            location: SourceLocation(path: path, line: 1, column: 1))
    }

    static func structure(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(code: "SW010", message: message, location: location)
    }

    /// Maps a schema violation to the code of its keyword.
    static func schema(_ violation: SchemaViolation, root: Node, path: String) -> Diagnostic {
        let code: String
        let pointAtKey: Bool
        switch violation.keyword {
        case "required": (code, pointAtKey) = ("SW101", false)
        case "additionalProperties", "unevaluatedProperties": (code, pointAtKey) = ("SW102", true)
        case "type": (code, pointAtKey) = ("SW103", false)
        default: (code, pointAtKey) = ("SW104", false)
        }
        let location = NodeLocator.location(of: violation.path, in: root, path: path, key: pointAtKey)
        let field = violation.pointer.isEmpty ? "" : "\(SchemaPaths.dotted(violation.path)): "
        return Diagnostic(code: code, message: field + violation.message, location: location)
    }

    static func inputsSchema(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            code: "SW105",
            message: "spec.inputs is not a usable JSON Schema: \(message)",
            location: location)
    }
}

/// Readable field paths for messages: `spec.steps[2].with.url`.
public enum SchemaPaths {
    /// `spec.steps[2].with.url` for `/spec/steps/2/with/url`.
    public static func dotted(_ path: [PathComponent]) -> String {
        var text = ""
        for component in path {
            switch component {
            case .key(let key):
                let plain = key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
                if plain {
                    text += text.isEmpty ? key : ".\(key)"
                } else {
                    text += "[\(JSONValue.quote(key))]"
                }
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }
}
