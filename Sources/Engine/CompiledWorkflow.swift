import Expressions
import JSONSchema
import Foundation
import Model
import Store

/// Why an expression could not be evaluated.
struct EvaluationError: Error, Sendable {
    var message: String
}

/// A definition version ready to run: its expressions compiled once, as one jq program.
/// Not `Sendable`: owned by the engine actor (jq state must stay on one thread at a time).
final class CompiledWorkflow {
    let version: DefinitionVersionRecord
    let stepIndex: [String: Int]
    private let programs: ProgramSet
    private var templates: [String: Template?] = [:]
    /// Programs that read outside their input (`$ENV`, `input`, …): refused at run time too.
    private let refused: [String: String]

    var workflow: Workflow { version.definition }

    /// The validator of `spec.inputs`, compiled once (nil when the workflow declares none).
    private(set) lazy var inputsValidator: JSONSchemaValidator? = workflow.inputs.flatMap {
        try? JSONSchemaValidator(schema: $0)
    }

    init(version: DefinitionVersionRecord) {
        self.version = version
        let workflow = version.definition
        stepIndex = Dictionary(workflow.steps.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var strings: [String] = []
        func collect(_ value: JSONValue) {
            switch value {
            case .string(let text) where text.containsBytes("${"): strings.append(text)
            case .array(let elements): elements.forEach(collect)
            case .object(let members): members.values.forEach(collect)
            default: break
            }
        }
        for step in workflow.steps {
            collect(.object(step.with))
            if let condition = step.condition { collect(.string(condition)) }
            if let foreach = step.foreach { collect(foreach) }
        }
        collect(.object(workflow.outputs))
        if let key = workflow.concurrency?.key { collect(.string(key)) }
        var parsed: [String: Template?] = [:]
        var sources: [String] = []
        var refused: [String: String] = [:]
        for text in strings {
            let template = try? Template.parse(text)
            parsed[text] = template
            for expression in template?.expressions ?? [] {
                sources.append(expression.source)
                if let access = References.outsideAccesses(in: expression.source).first {
                    refused[expression.source] = access.name
                }
            }
        }
        templates = parsed
        self.refused = refused
        programs = ProgramSet(sources: sources)
    }

    func step(_ id: String) -> Step? { stepIndex[id].map { workflow.steps[$0] } }

    /// `value` with every `${ … }` string evaluated against `context`.
    func evaluate(_ value: JSONValue, context: JSONValue) throws(EvaluationError) -> JSONValue {
        switch value {
        case .string(let text):
            guard text.containsBytes("${") else { return value }
            return try evaluate(template: text, context: context)
        case .array(let elements):
            var result: [JSONValue] = []
            result.reserveCapacity(elements.count)
            for element in elements { result.append(try evaluate(element, context: context)) }
            return .array(result)
        case .object(let members):
            var result: [String: JSONValue] = [:]
            result.reserveCapacity(members.count)
            for (key, member) in members { result[key] = try evaluate(member, context: context) }
            return .object(result)
        default:
            return value
        }
    }

    private func evaluate(template text: String, context: JSONValue) throws(EvaluationError) -> JSONValue {
        let cached: Template?
        if let known = templates[text] {
            cached = known
        } else {
            cached = try? Template.parse(text)
            templates[text] = cached
        }
        guard let template = cached else {
            throw EvaluationError(message: "`\(text)` is not a valid `${ … }` template")
        }
        for expression in template.expressions {
            if let name = refused[expression.source] {
                throw EvaluationError(message: "`\(name)` is not allowed in expressions: they see only their input document")
            }
        }
        do {
            return try template.evaluate(input: context, set: programs)
        } catch {
            throw EvaluationError(message: "expression `\(text)` failed: \(error.message)")
        }
    }

    /// Evaluates an `if` condition: jq truthiness (only `false` and `null` are false).
    func condition(_ text: String, context: JSONValue) throws(EvaluationError) -> Bool {
        switch try evaluate(.string(text), context: context) {
        case .null, .bool(false): false
        default: true
        }
    }
}
