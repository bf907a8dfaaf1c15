import Model

/// A string that may hold jq expressions in `${ … }`.
///
/// `$${` stands for a literal `${`. The end of an expression is found with jq's lexical rules:
/// nested `{}`/`()`/`[]`, string literals with escapes and (nested) `\( … )` interpolation, and
/// `#` comments (which run to the end of the line, so a `}` inside a comment does not count).
public struct Template: Sendable, Hashable {
    /// A piece of the original string.
    public enum Segment: Sendable, Hashable {
        /// Literal text, with `$${` already turned into `${`.
        case text(String)
        /// A jq program from inside `${ … }`.
        case expression(Expression)
    }

    /// A jq program found inside `${ … }`.
    public struct Expression: Sendable, Hashable {
        /// The jq program, with surrounding whitespace trimmed.
        public let source: String
        /// Offset of `source`'s first character in the original string, in Unicode scalars.
        public let offset: Int

        /// Creates an expression; `offset` is where `source` starts in the original string.
        public init(source: String, offset: Int) {
            self.source = source
            self.offset = offset
        }
    }

    /// The text and expressions in order; adjacent text is merged.
    public let segments: [Segment]

    /// True when the whole string (ignoring surrounding whitespace) is exactly one `${ … }`: it
    /// then yields the JSON value; otherwise expressions interpolate as text.
    public var isWholeValue: Bool {
        var expressionCount = 0
        for segment in segments {
            switch segment {
            case .expression: expressionCount += 1
            case .text(let text): if !text.allSatisfy(\.isWhitespace) { return false }
            }
        }
        return expressionCount == 1
    }

    /// The expressions in order.
    public var expressions: [Expression] {
        segments.compactMap { segment in
            if case .expression(let expression) = segment { return expression }
            return nil
        }
    }

    /// Creates a template from segments.
    public init(segments: [Segment]) {
        self.segments = segments
    }

    /// Parses `string`; nil when it contains no `${` at all (so plain strings cost nothing).
    /// `$${` is an escape for a literal `${`.
    public static func parse(_ string: String) throws(TemplateError) -> Template? {
        guard string.containsBytes("${") else { return nil }
        let characters = Array(string.unicodeScalars)
        var segments: [Segment] = []
        var text = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "$", index + 2 < characters.count, characters[index + 1] == "$",
               characters[index + 2] == "{" {
                text += "${"
                index += 3
            } else if character == "$", index + 1 < characters.count, characters[index + 1] == "{" {
                let end = try expressionEnd(in: characters, openedAt: index)
                var sourceStart = index + 2
                while sourceStart < end, characters[sourceStart].properties.isWhitespace { sourceStart += 1 }
                var sourceEnd = end
                while sourceEnd > sourceStart, characters[sourceEnd - 1].properties.isWhitespace { sourceEnd -= 1 }
                guard sourceStart < sourceEnd else {
                    throw TemplateError(message: "empty expression `${ }`", offset: index)
                }
                if !text.isEmpty { segments.append(.text(text)) }
                text = ""
                let source = String(String.UnicodeScalarView(characters[sourceStart..<sourceEnd]))
                segments.append(.expression(Expression(source: source, offset: sourceStart)))
                index = end + 1
            } else {
                text.unicodeScalars.append(character)
                index += 1
            }
        }
        if !text.isEmpty { segments.append(.text(text)) }
        return Template(segments: segments)
    }

    /// The index of the `}` that closes the `${` at `open`.
    private static func expressionEnd(in characters: [Unicode.Scalar], openedAt open: Int) throws(TemplateError) -> Int {
        var lexer = JQLexer(characters, from: open + 2)
        var depth = 0
        while let token = lexer.next() {
            switch token.kind {
            case .punctuation("("), .punctuation("["), .punctuation("{"):
                depth += 1
            case .punctuation(")"), .punctuation("]"):
                depth -= 1
            case .punctuation("}"):
                if depth == 0 && !lexer.isInsideString { return token.offset }
                depth -= 1
            case .unterminatedString:
                throw TemplateError(
                    message: "unterminated `${`: a string literal inside it is not closed", offset: open)
            default:
                break
            }
        }
        throw TemplateError(message: "unterminated `${`: no matching `}`", offset: open)
    }
}

/// Why a template string could not be parsed.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, for example "unterminated `${`: no matching `}`".
    public let message: String
    /// Character offset in the template string (the `${` for unterminated expressions).
    public let offset: Int

    /// Creates an error.
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) (at character \(offset))" }
}

extension Template {
    /// Evaluates the template against `input`.
    ///
    /// A whole-value template yields the program's first output (`null` when it has none).
    /// Otherwise each expression's first output is inserted: strings raw, other values as compact
    /// JSON with sorted keys; an expression with no output inserts nothing. `programs` supplies
    /// compiled programs, so the caller decides how to cache them.
    public func evaluate(input: JSONValue, programs: (String) throws -> JQProgram) throws -> JSONValue {
        try evaluate { source in try programs(source).evaluate(input) }
    }

    /// The template's value, given each expression's outputs (the rules above).
    func evaluate<Failure: Error>(outputs: (String) throws(Failure) -> [JSONValue]) throws(Failure) -> JSONValue {
        if isWholeValue, let expression = expressions.first {
            return try outputs(expression.source).first ?? .null
        }
        var output = ""
        for segment in segments {
            switch segment {
            case .text(let text):
                output += text
            case .expression(let expression):
                switch try outputs(expression.source).first {
                case .string(let string): output += string
                case let value?: output += value.jsonText
                case nil: break
                }
            }
        }
        return .string(output)
    }
}
