import Dispatch
import Foundation
import JSONSchema
import Model
import YAML

/// Loads YAML files into Model values and diagnostics. The same loader serves lint and the reconciler.
public enum Loader {
    /// Reads and loads files, several at a time. Results keep the order of `references`.
    public static func load(_ references: [SourceFileReference], limits: YAMLLimits = YAMLLimits()) -> [LoadedFile] {
        references.concurrentMap { load(reference: $0, limits: limits) }
    }

    /// Loads one file from disk.
    public static func load(reference: SourceFileReference, limits: YAMLLimits = YAMLLimits()) -> LoadedFile {
        if reference.isSymbolicLink {
            return LoadedFile(
                path: reference.path, text: nil, documents: [], diagnostics: [LoaderCodes.symbolicLink(path: reference.path)])
        }
        switch FileReading.read(path: reference.path, limit: limits.maxBytes) {
        case .contents(let bytes):
            return load(bytes: bytes, path: reference.path, limits: limits)
        case .failure(let diagnostic):
            return LoadedFile(path: reference.path, text: nil, documents: [], diagnostics: [diagnostic])
        }
    }

    /// Loads YAML text already in memory.
    public static func load(bytes: [UInt8], path: String, limits: YAMLLimits = YAMLLimits()) -> LoadedFile {
        let parsed = YAMLParser.parse(bytes, limits: limits)
        var diagnostics = parsed.problems.map { LoaderCodes.yaml($0, path: path) }
        let readable = !parsed.problems.contains { $0.kind == .binary || $0.kind == .tooLarge || $0.kind == .encoding }
        let text = readable ? String(decoding: bytes, as: UTF8.self) : nil
        if parsed.documents.isEmpty && parsed.problems.isEmpty {
            diagnostics.append(LoaderCodes.emptyFile(path: path))
        }
        var documents: [LoadedDocument] = []
        for (index, document) in parsed.documents.enumerated() {
            var loader = DocumentLoader(path: path, index: index, root: document.root)
            if let loaded = loader.load() { documents.append(loaded) }
            diagnostics += loader.diagnostics
        }
        return LoadedFile(path: path, text: text, documents: documents, diagnostics: diagnostics)
    }
}

/// Loads one YAML document: picks its kind, converts it to JSON, validates, decodes.
struct DocumentLoader {
    let path: String
    let index: Int
    let root: Node
    private(set) var diagnostics: [Diagnostic] = []

    init(path: String, index: Int, root: Node) {
        self.path = path
        self.index = index
        self.root = root
    }

    mutating func load() -> LoadedDocument? {
        guard let kind = identifyKind() else { return nil }
        var conversion = NodeConversion(path: path)
        let json = conversion.json(of: root)
        diagnostics += conversion.diagnostics
        let violations = KindSchemas.validator(for: kind).validate(json)
        diagnostics += violations.map { LoaderCodes.schema($0, root: root, path: path) }
        var resource: Resource?
        if violations.isEmpty && conversion.diagnostics.isEmpty {
            resource = Decoding.resource(kind: kind, from: json)
            checkInputs(of: resource!)
            if !diagnostics.isEmpty { resource = nil }
        }
        return LoadedDocument(
            path: path, index: index, kind: kind, name: json["metadata"]?["name"]?.stringValue,
            resource: resource, json: json, root: root)
    }

    /// Our kind, or nil for a document of another apiVersion (the repository may hold other YAML).
    private mutating func identifyKind() -> ResourceKind? {
        guard case .mapping(let entries) = root.content else { return nil }
        func scalar(_ key: String) -> (text: String, node: Node)? {
            guard let entry = entries.first(where: { NodeLocator.keyText($0.key) == key }),
                case .scalar(let value) = entry.value.content
            else { return nil }
            return (value.text, entry.value)
        }
        let apiVersion = scalar("apiVersion")
        let kindText = scalar("kind")
        let kind = kindText.flatMap { ResourceKind(rawValue: $0.text) }
        switch apiVersion?.text {
        case sovereignAPIVersion?:
            if let kind { return kind }
            let location = kindText.map { NodeLocator.sourceLocation(of: $0.node, path: path) } ?? start
            let given = kindText.map { "unknown kind `\($0.text)`" } ?? "missing field `kind`"
            let names = ResourceKind.allCases.map(\.rawValue)
            let hint = kindText.flatMap { Suggestion.closest(to: $0.text, among: names) }
                .map { "; did you mean `\($0)`?" } ?? "; expected one of: \(names.joined(separator: ", "))"
            diagnostics.append(LoaderCodes.structure(given + hint, at: location))
        case let version? where version.hasPrefix("sovereign/"):
            diagnostics.append(
                LoaderCodes.structure(
                    "unsupported apiVersion `\(version)`; this engine reads `\(sovereignAPIVersion)`",
                    at: NodeLocator.sourceLocation(of: apiVersion!.node, path: path)))
        case nil:
            guard let kind else { break }
            diagnostics.append(
                LoaderCodes.structure(
                    "missing field `apiVersion`: this looks like a \(kind.rawValue) of ours; add `apiVersion: \(sovereignAPIVersion)`",
                    at: start))
        default:
            break
        }
        return nil
    }

    private var start: SourceLocation { SourceLocation(path: path, line: root.start.line, column: root.start.column) }

    /// `spec.inputs` must itself be a schema our validator can apply to triggers.
    private mutating func checkInputs(of resource: Resource) {
        guard case .workflow(let workflow) = resource, let inputs = workflow.inputs else { return }
        do {
            _ = try JSONSchemaValidator(schema: inputs)
        } catch {
            let location = NodeLocator.location(of: [.key("spec"), .key("inputs")], in: root, path: path, key: false)
            diagnostics.append(LoaderCodes.inputsSchema(error.message, at: location))
        }
    }
}
