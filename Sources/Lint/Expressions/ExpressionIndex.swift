import Expressions
import JSONSchema
import Loader
import Model

/// Where an expression may look: inside one step, or at workflow level.
public enum ExpressionScope: Sendable, Hashable {
    /// In a step's `with`, `if` or `foreach`.
    case step(String)
    /// In `spec.outputs`: every step has finished.
    case outputs
    /// In `spec.concurrency.key`: evaluated before any step runs.
    case concurrencyKey
}

/// One `${ … }` found in a workflow.
public struct ExpressionOccurrence: Sendable {
    /// The workflow's document.
    public let document: LoadedDocument
    /// JSON path of the string that holds it.
    public let path: [PathComponent]
    /// The jq program.
    public let expression: Template.Expression
    /// Where it may look.
    public let scope: ExpressionScope
    /// The `.steps.X` it reads, found once here so rules need not lex the program again.
    public let stepReferences: [StepReference]

    /// Where character `offset` of the program is in the file.
    public func location(programOffset offset: Int = 0) -> SourceLocation {
        document.location(of: path, characterOffset: expression.offset + offset)
    }
}

/// A string that holds `${` but is not a well-formed template.
public struct TemplateProblem: Sendable {
    /// The workflow's document.
    public let document: LoadedDocument
    /// JSON path of the string.
    public let path: [PathComponent]
    /// What is wrong.
    public let error: TemplateError
}

/// Every expression of one valid workflow, found once and shared by the rules.
public struct ExpressionIndex: Sendable {
    /// Well-formed expressions.
    public private(set) var occurrences: [ExpressionOccurrence] = []
    /// Malformed `${ … }`.
    public private(set) var problems: [TemplateProblem] = []
    /// `if` conditions written without `${ … }`.
    public private(set) var bareConditions: [(document: LoadedDocument, path: [PathComponent])] = []

    /// Finds every expression of one workflow.
    init(document: LoadedDocument, workflow: Workflow) {
        for (position, step) in workflow.steps.enumerated() {
            let stepPath: [PathComponent] = [.key("spec"), .key("steps"), .index(position)]
            let scope = ExpressionScope.step(step.id)
            collect(.object(step.with), at: stepPath + [.key("with")], in: document, scope: scope)
            if let condition = step.condition {
                collect(.string(condition), at: stepPath + [.key("if")], in: document, scope: scope)
                // A condition must yield a boolean: text around `${ … }` would make it a string.
                if (try? Template.parse(condition))??.isWholeValue != true {
                    bareConditions.append((document, stepPath + [.key("if")]))
                }
            }
            if let foreach = step.foreach {
                collect(foreach, at: stepPath + [.key("foreach")], in: document, scope: scope)
            }
        }
        collect(.object(workflow.outputs), at: [.key("spec"), .key("outputs")], in: document, scope: .outputs)
        if let key = workflow.concurrency?.key {
            collect(.string(key), at: [.key("spec"), .key("concurrency"), .key("key")], in: document, scope: .concurrencyKey)
        }
    }

    /// Records every template in `value`; returns whether any string held an expression.
    @discardableResult
    private mutating func collect(
        _ value: JSONValue, at path: [PathComponent], in document: LoadedDocument, scope: ExpressionScope
    ) -> Bool {
        switch value {
        case .string(let text):
            do {
                guard let template = try Template.parse(text) else { return false }
                for case .expression(let expression) in template.segments {
                    occurrences.append(
                        ExpressionOccurrence(
                            document: document, path: path, expression: expression, scope: scope,
                            stepReferences: References.steps(in: expression.source)))
                }
                return true
            } catch {
                problems.append(TemplateProblem(document: document, path: path, error: error))
                return true
            }
        case .array(let elements):
            var found = false
            for (index, element) in elements.enumerated() {
                found = collect(element, at: path + [.index(index)], in: document, scope: scope) || found
            }
            return found
        case .object(let members):
            var found = false
            for key in members.keys.sorted() {
                found = collect(members[key]!, at: path + [.key(key)], in: document, scope: scope) || found
            }
            return found
        default:
            return false
        }
    }
}
