import Foundation
import Model

/// JSON views of definitions.
enum DefinitionDocuments {
    static func workflow(_ entry: DefinitionCatalog.Entry<Workflow>, full: Bool) -> JSONValue {
        let workflow = entry.definition
        var document: [String: JSONValue] = [
            "id": .string(workflow.metadata.name), "title": workflow.metadata.title.map(JSONValue.string) ?? .null,
            "description": workflow.metadata.description.map(JSONValue.string) ?? .null,
            "labels": .object(workflow.metadata.labels.mapValues(JSONValue.string)),
            "version": .string(entry.versionId ?? ""), "path": .string(entry.path),
            "steps": .array(workflow.steps.map { ["id": .string($0.id), "action": .string($0.action), "needs": .array($0.needs.map(JSONValue.string))] }),
        ]
        if let commit = entry.commit {
            document["commit"] = [
                "sha": .string(commit), "author": entry.author.map(JSONValue.string) ?? .null,
                "message": entry.message.map(JSONValue.string) ?? .null,
            ]
        }
        if full {
            document["inputs"] = workflow.inputs ?? .null
            document["definition"] = JSONValue(encoding: workflow) ?? .null
        }
        return .object(document)
    }

    static func configuration(_ entry: DefinitionCatalog.Entry<Configuration>) -> JSONValue {
        let configuration = entry.definition
        return [
            "id": .string(configuration.metadata.name), "title": configuration.metadata.title.map(JSONValue.string) ?? .null,
            "workflow": .string(configuration.workflow), "trigger": .object(configuration.trigger),
            "vars": .object(configuration.vars), "path": .string(entry.path), "commit": entry.commit.map(JSONValue.string) ?? .null,
            "source": source(entry),
        ]
    }

    /// Where a definition came from: file, and (from git) the commit that last changed it.
    static func source<Definition>(_ entry: DefinitionCatalog.Entry<Definition>) -> JSONValue {
        [
            "path": .string(entry.path), "commit": entry.commit.map(JSONValue.string) ?? .null,
            "author": entry.author.map(JSONValue.string) ?? .null, "message": entry.message.map(JSONValue.string) ?? .null,
        ]
    }

    static let workflowSchemaReference = OpenAPISchemas.reference("Workflow")
}
