import Foundation
import Loader
import Model
import Testing

/// The files under `schemas/` are the loader's own schemas, exported; samples pass both the
/// schemas (checked by an independent validator, Python's `jsonschema`) and the loader, and
/// invalid fixtures fail both.
@Suite struct SchemaFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test(arguments: ResourceKind.allCases)
    func exportedSchemaMatchesTheLoader(kind: ResourceKind) throws {
        let file = Self.root.appendingPathComponent("schemas").appendingPathComponent(KindSchemas.fileName(for: kind))
        let expected = KindSchemas.document(for: kind).prettyJSONText + "\n"
        if ProcessInfo.processInfo.environment["SOVEREIGN_UPDATE_SCHEMAS"] == "1" {
            try expected.write(to: file, atomically: true, encoding: .utf8)
        }
        let actual = try String(contentsOf: file, encoding: .utf8)
        #expect(actual == expected, "schemas/\(file.lastPathComponent) is stale: run `make schemas`")
    }

    static func yamlFiles(in folder: String) -> [String] {
        let base = root.appendingPathComponent(folder)
        let enumerator = FileManager.default.enumerator(atPath: base.path)
        var files: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            if relative.hasSuffix(".yaml") || relative.hasSuffix(".yml") { files.append(base.appendingPathComponent(relative).path) }
        }
        return files.sorted()
    }

    @Test func samplesPassTheLoader() throws {
        let files = Self.yamlFiles(in: "workflows") + Self.yamlFiles(in: "examples")
        #expect(files.count >= 4)
        for path in files {
            let loaded = Loader.load(reference: SourceFileReference(path: path, isSymbolicLink: false))
            #expect(loaded.diagnostics.isEmpty, "\(path): \(loaded.diagnostics)")
        }
    }

    @Test func samplesPassTheSchemasInAnIndependentValidator() throws {
        let files = Self.yamlFiles(in: "workflows") + Self.yamlFiles(in: "examples")
        let results = try SchemaChecker.check(files)
        for (path, failures) in results {
            #expect(failures.isEmpty, "\(path) fails its JSON Schema: \(failures)")
        }
    }

    @Test func invalidFixturesFailBoth() throws {
        let files = Self.yamlFiles(in: "Tests/LoaderTests/Fixtures/invalid")
        #expect(files.count >= 5)
        let results = try SchemaChecker.check(files)
        for path in files {
            let loaded = Loader.load(reference: SourceFileReference(path: path, isSymbolicLink: false))
            #expect(loaded.diagnostics.contains { $0.severity == .error }, "\(path) passed the loader")
            #expect(results[path]?.isEmpty == false, "\(path) passed the JSON Schema")
        }
    }
}

/// Runs Python's `jsonschema` (Debian's python3-jsonschema) over YAML files with the exported schemas.
enum SchemaChecker {
    static let script = """
        import json, sys, yaml, jsonschema
        root = sys.argv[1]
        schemas = {k: json.load(open(f"{root}/schemas/{k.lower()}.schema.json")) for k in ("Workflow", "Configuration", "Schedule")}
        out = {}
        for path in sys.argv[2:]:
            errors = []
            for doc in yaml.safe_load_all(open(path)):
                if not isinstance(doc, dict) or doc.get("apiVersion") != "sovereign/v1":
                    continue
                schema = schemas.get(doc.get("kind"))
                if schema is None:
                    errors.append(f"unknown kind {doc.get('kind')}")
                    continue
                validator = jsonschema.Draft202012Validator(schema)
                errors += [e.message for e in validator.iter_errors(doc)]
            out[path] = errors
        print(json.dumps(out))
        """

    static func check(_ files: [String]) throws -> [String: [String]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, SchemaFilesTests.root.path] + files
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CheckerError(message: "python3 jsonschema check failed (install python3-jsonschema python3-yaml)")
        }
        return try JSONDecoder().decode([String: [String]].self, from: data)
    }

    struct CheckerError: Error { let message: String }
}
