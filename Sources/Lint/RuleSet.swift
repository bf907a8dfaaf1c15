import Loader
import Model

/// The rules `sovereign lint` runs, and the title of every code it can report.
public enum RuleSet {
    /// Every semantic rule, in code order.
    public static let rules: [any LintRule] = [
        DuplicateNameRule(), DuplicateStepRule(), UnknownNeedsRule(), CycleRule(), UnknownActionRule(),
        ActionInputsRule(), ExpressionSyntaxRule(), StepReferenceRule(), OutsideAccessRule(), CronRule(), TimezoneRule(),
        MissingReferenceRule(), ConfigurationInputsRule(), PlaintextSecretRule(),
    ]

    /// Code → title, for every code the loader and the rules can report.
    public static var titles: [String: String] {
        var titles = LoaderCodes.titles
        for rule in rules { titles[rule.code] = rule.title }
        return titles
    }

    /// Runs every rule over `context`.
    public static func check(_ context: LintContext) -> [Diagnostic] {
        // Rules are independent and read-only over the context: run them on both cores.
        rules.map { $0 as any LintRule }.concurrentMap { $0.check(context) }.flatMap { $0 }
    }
}
