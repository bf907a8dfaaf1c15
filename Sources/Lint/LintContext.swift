import Loader
import Model

/// A workflow that decoded cleanly, with the document it came from.
public struct LoadedWorkflow: Sendable {
    /// The document (for locations).
    public let document: LoadedDocument
    /// The decoded workflow.
    public let workflow: Workflow
}

/// What the rules across files look at: all files, loaded as one set, as the reconciler will.
/// It holds decoded resources and names only, so building it and running the set rules is cheap.
public struct LintContext: Sendable {
    /// Every file, in path order.
    public let files: [LoadedFile]
    /// Every document of ours, valid or not.
    public let documents: [LoadedDocument]
    /// Valid workflows, the first of each name.
    public let workflows: [String: LoadedWorkflow]
    /// Names that exist per kind, valid documents or not (so a broken document does not also
    /// make every reference to it an error).
    public let names: [ResourceKind: Set<String>]

    /// Builds the context of a loaded set.
    public init(files: [LoadedFile]) {
        self.files = files
        documents = files.flatMap(\.documents)
        var workflows: [String: LoadedWorkflow] = [:]
        var names: [ResourceKind: Set<String>] = [:]
        for document in documents {
            if let name = document.name { names[document.kind, default: []].insert(name) }
            if case .workflow(let workflow)? = document.resource, workflows[workflow.metadata.name] == nil {
                workflows[workflow.metadata.name] = LoadedWorkflow(document: document, workflow: workflow)
            }
        }
        self.workflows = workflows
        self.names = names
    }

    /// Valid documents of `kind` with their resources.
    public func resources(of kind: ResourceKind) -> [(document: LoadedDocument, resource: Resource)] {
        documents.compactMap { document in
            guard document.kind == kind, let resource = document.resource else { return nil }
            return (document, resource)
        }
    }

    /// Valid configurations by name (the first of each name).
    public var configurations: [String: (document: LoadedDocument, configuration: Configuration)] {
        var result: [String: (document: LoadedDocument, configuration: Configuration)] = [:]
        for (document, resource) in resources(of: .configuration) {
            guard case .configuration(let configuration) = resource, result[configuration.metadata.name] == nil else {
                continue
            }
            result[configuration.metadata.name] = (document, configuration)
        }
        return result
    }
}
