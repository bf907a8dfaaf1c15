import Loader
import Model

/// One lint rule: a stable code and a title. Each rule is one of three kinds, by what its findings
/// may depend on; that decides what an incremental lint (the reconciler's) may reuse:
/// - `DocumentRule`: one document alone;
/// - `WorkflowRule`: one valid workflow alone;
/// - `SetRule`: the whole set (names and references across files), rerun every time.
public protocol LintRule: Sendable {
    /// Stable code such as `SW203`.
    var code: String { get }
    /// A short title for docs and SARIF.
    var title: String { get }
}

/// A rule whose findings depend only on one document (its content and path), whatever else the set
/// holds. It sees every document, valid or not; most rules look only at valid ones.
public protocol DocumentRule: LintRule {
    /// The rule's findings in `document`.
    func check(_ document: LoadedDocument) -> [Diagnostic]
}

/// A rule over one valid workflow alone. Its findings count only for the definition its name
/// resolves to (the first of that name); a second definition of the name is reported as a
/// duplicate (SW201) instead.
public protocol WorkflowRule: LintRule {
    /// The rule's findings in `unit`.
    func check(_ unit: WorkflowUnit) -> [Diagnostic]
}

/// A rule across files: duplicate names and references between workflows, configurations and
/// schedules. It runs over the whole set on every lint, on decoded resources, so it must stay cheap
/// (no parsing, no jq compiles).
public protocol SetRule: LintRule {
    /// The rule's findings in the set.
    func check(_ context: LintContext) -> [Diagnostic]
}

/// What a workflow rule sees: one valid workflow, every `${ … }` in it, and jq's verdict on its programs.
public struct WorkflowUnit: Sendable {
    /// The workflow's document (for locations).
    public let document: LoadedDocument
    /// The decoded workflow.
    public let workflow: Workflow
    /// Every expression of the workflow, found once and shared by the rules.
    public let expressions: ExpressionIndex
    /// jq's message for each program that does not compile, by program text. Programs are checked
    /// in batches (a compile is costly), so this may also hold other workflows' programs.
    public let programErrors: [String: String]
}
