import Expressions
import Loader
import Model

/// A loaded file with what the rules that look at one document or one workflow found in it.
///
/// It depends only on the file's path and content, so a caller that knows the content did not
/// change (the reconciler: the same git blob at the same path) can keep it and hand it to
/// `Linter.lint(analyzed:)` again: only the rules across files run again, and the report is the
/// one a full lint gives.
public struct LintedFile: Sendable {
    /// The file as loaded.
    public let file: LoadedFile
    /// Per document of `file.documents`, in order.
    let findings: [DocumentFindings]
}

/// The findings of the single-document rules in one document, and of the workflow rules when it
/// is a valid workflow (they count only if it is the definition its name resolves to).
struct DocumentFindings: Sendable {
    var document: [Diagnostic] = []
    var workflow: [Diagnostic] = []
}

extension Linter {
    /// Runs the document and workflow rules over `files`, as one batch: the jq programs of all of
    /// them are compiled together (a compile is the costly part, see `JQCompiler.check`).
    public static func analyze(_ files: [LoadedFile]) -> [LintedFile] {
        let documents = files.flatMap(\.documents)
        // Finding and lexing every expression is the costliest part after parsing: both cores.
        let indexes: [ExpressionIndex?] = documents.concurrentMap { document in
            guard case .workflow(let workflow)? = document.resource else { return nil }
            return ExpressionIndex(document: document, workflow: workflow)
        }
        let programErrors = compileErrors(of: indexes.compactMap { $0 })
        let findings = Array(documents.indices).concurrentMap { position in
            let document = documents[position]
            var findings = DocumentFindings()
            for rule in RuleSet.documentRules { findings.document += rule.check(document) }
            if case .workflow(let workflow)? = document.resource, let expressions = indexes[position] {
                let unit = WorkflowUnit(
                    document: document, workflow: workflow, expressions: expressions, programErrors: programErrors)
                for rule in RuleSet.workflowRules { findings.workflow += rule.check(unit) }
            }
            return findings
        }
        var result: [LintedFile] = []
        var next = 0
        for file in files {
            result.append(LintedFile(file: file, findings: Array(findings[next..<next + file.documents.count])))
            next += file.documents.count
        }
        return result
    }

    /// jq's message for every program in `indexes` that does not compile.
    private static func compileErrors(of indexes: [ExpressionIndex]) -> [String: String] {
        var programs: [String] = []
        var seen: Set<String> = []
        for index in indexes {
            for occurrence in index.occurrences where seen.insert(occurrence.expression.source).inserted {
                programs.append(occurrence.expression.source)
            }
        }
        guard !programs.isEmpty else { return [:] }
        var errors: [String: String] = [:]
        for (program, message) in zip(programs, JQCompiler().check(programs)) {
            if let message { errors[program] = message }
        }
        return errors
    }

    /// Lints files analyzed earlier (or just now) as one set: their own findings, plus the rules
    /// across files. The report equals `lint(files:)` of the same files.
    public static func lint(analyzed: [LintedFile]) -> LintReport {
        let files = analyzed.map(\.file)
        let context = LintContext(files: files)
        var diagnostics = files.flatMap(\.diagnostics)
        // Workflow findings count for the first valid workflow of each name, as `context.workflows`.
        var claimed: Set<String> = []
        for linted in analyzed {
            for (document, findings) in zip(linted.file.documents, linted.findings) {
                diagnostics += findings.document
                if case .workflow(let workflow)? = document.resource, claimed.insert(workflow.metadata.name).inserted {
                    diagnostics += findings.workflow
                }
            }
        }
        diagnostics += RuleSet.setRules.concurrentMap { $0.check(context) }.flatMap { $0 }
        diagnostics.sort { ($0.location, $0.code) < ($1.location, $1.code) }
        var sources: [String: String] = [:]
        let flagged = Set(diagnostics.map(\.location.path))
        for file in files where flagged.contains(file.path) {
            sources[file.path] = file.text
        }
        return LintReport(files: files.count, diagnostics: diagnostics, sources: sources)
    }
}
