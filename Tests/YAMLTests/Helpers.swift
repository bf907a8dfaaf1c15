@testable import YAML

/// Parses text with the given limits.
func parse(_ text: String, limits: YAMLLimits = YAMLLimits()) -> YAMLParseResult {
    YAMLParser.parse(Array(text.utf8), limits: limits)
}

/// The root of the only document, or nil.
func root(_ text: String) -> Node? {
    let result = parse(text)
    guard result.problems.isEmpty, result.documents.count == 1 else { return nil }
    return result.documents[0].root
}

/// The value of a one-scalar document.
func value(_ text: String) -> ScalarValue? {
    root(text)?.scalar?.value
}

/// A sequence of 9 aliases of the previous anchor, 9 levels deep, over a 9-item list.
func billionLaughs() -> String {
    var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in 1...9 {
        let aliases = Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ")
        lines.append("a\(level): &a\(level) [\(aliases)]")
    }
    return lines.joined(separator: "\n") + "\n"
}
