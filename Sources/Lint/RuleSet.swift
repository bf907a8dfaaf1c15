import Loader
import Model

/// The rules `sovereign lint` runs, by kind, and the title of every code it can report.
public enum RuleSet {
    /// Rules over one document alone.
    public static let documentRules: [any DocumentRule] = [CronRule(), TimezoneRule(), PlaintextSecretRule()]

    /// Rules over one valid workflow alone.
    public static let workflowRules: [any WorkflowRule] = [
        DuplicateStepRule(), UnknownNeedsRule(), CycleRule(), UnknownActionRule(), ActionInputsRule(),
        ExpressionSyntaxRule(), StepReferenceRule(), OutsideAccessRule(),
    ]

    /// Rules across files.
    public static let setRules: [any SetRule] = [DuplicateNameRule(), MissingReferenceRule(), ConfigurationInputsRule()]

    /// Every semantic rule, in code order.
    public static var rules: [any LintRule] {
        let all: [any LintRule] = documentRules + workflowRules + setRules
        return all.sorted { $0.code < $1.code }
    }

    /// Code → title, for every code the loader and the rules can report.
    public static var titles: [String: String] {
        var titles = LoaderCodes.titles
        for rule in rules { titles[rule.code] = rule.title }
        return titles
    }
}
