/// A token of jq source, as far as this module needs to understand jq: enough to find the end of
/// `${ … }`, to check bracket balance, to find step references and to see which names a program
/// uses. It is not a parser; libjq stays the authority on what a program means.
struct JQToken: Equatable {
    enum Kind: Equatable {
        /// `foo` or `mod::foo` (keywords included: the consumer decides).
        case identifier(String)
        /// `.foo`: the name without the dot.
        case field(String)
        /// A lone `.` (also the one before `[` or `"`).
        case dot
        /// `..`
        case recurse
        /// `$foo`: the name without the dollar.
        case variable(String)
        /// `@base64`: the name without the at sign.
        case format(String)
        case number
        /// The opening `"` of a string literal.
        case stringStart
        /// Literal text of a string, raw (escapes not decoded).
        case stringText(String)
        /// The closing `"`.
        case stringEnd
        /// `\(` inside a string literal.
        case interpolationStart
        /// The `)` that ends an interpolation.
        case interpolationEnd
        /// One of `( ) [ ] { } , ; : |`.
        case punctuation(Character)
        /// Operators and everything else jq knows (`+`, `==`, `//`, `?`, …).
        case symbol(String)
        /// A character jq cannot lex (for example a stray `$` or `\`).
        case invalid(Character)
        /// The input ended inside a string literal.
        case unterminatedString
    }

    let kind: Kind
    /// Character offset of the token's first character.
    let offset: Int
}

/// Lexes jq source held as an array of Unicode scalars (offsets count scalars, as our columns do), one token at a time, so that `Template.parse`
/// can stop at the `}` that ends an expression without lexing the rest of the string.
struct JQLexer {
    private let characters: [Unicode.Scalar]
    private(set) var position: Int
    /// One entry per open string literal; the value counts the parentheses opened inside its
    /// current interpolation (nil while lexing the string's text), so that the `)` which closes
    /// `\( … )` is told apart from an ordinary one.
    private var stringStack: [Int?] = []
    /// Whether a `#` comment was skipped: a comment runs to the end of the line, so a wrapper
    /// must put a newline after the program.
    private(set) var sawComment = false

    init(_ characters: [Unicode.Scalar], from start: Int = 0) {
        self.characters = characters
        self.position = start
    }

    /// Lexes a whole program.
    static func tokens(of source: String) -> (tokens: [JQToken], sawComment: Bool) {
        var lexer = JQLexer(Array(source.unicodeScalars))
        var tokens: [JQToken] = []
        while let token = lexer.next() { tokens.append(token) }
        return (tokens, lexer.sawComment)
    }

    /// Whether the input so far ended inside a string literal or one of its interpolations.
    var isInsideString: Bool { !stringStack.isEmpty }

    private var insideStringText: Bool {
        if let last = stringStack.last, last == nil { return true }
        return false
    }

    /// The next token, or nil at the end of the input.
    mutating func next() -> JQToken? {
        if insideStringText { return nextInString() }
        skipWhitespaceAndComments()
        guard position < characters.count else { return nil }
        let start = position
        let character = characters[position]
        position += 1
        func make(_ kind: JQToken.Kind) -> JQToken { JQToken(kind: kind, offset: start) }

        switch character {
        case "\"":
            stringStack.append(nil)
            return make(.stringStart)
        case "(":
            if let depth = stringStack.last, let depth { stringStack[stringStack.count - 1] = depth + 1 }
            return make(.punctuation("("))
        case ")":
            if let depth = stringStack.last, let depth {
                if depth == 0 {
                    stringStack[stringStack.count - 1] = nil
                    return make(.interpolationEnd)
                }
                stringStack[stringStack.count - 1] = depth - 1
            }
            return make(.punctuation(")"))
        case "[", "]", "{", "}", ",", ";", ":", "|":
            return make(.punctuation(Character(character)))
        case ".":
            if position < characters.count, characters[position] == "." {
                position += 1
                return make(.recurse)
            }
            if position < characters.count, characters[position].isASCIIDigit {
                skipNumberTail()
                return make(.number)
            }
            if position < characters.count, characters[position].isIdentifierStart {
                return make(.field(readIdentifierPart()))
            }
            return make(.dot)
        case "$":
            if position < characters.count, characters[position].isIdentifierStart {
                return make(.variable(readIdentifier()))
            }
            return make(.invalid(Character(character)))
        case "@":
            if position < characters.count, characters[position].isIdentifierStart {
                return make(.format(readIdentifierPart()))
            }
            return make(.invalid(Character(character)))
        default:
            if character.isASCIIDigit {
                position -= 1
                skipNumberTail()
                return make(.number)
            }
            if character.isIdentifierStart {
                position -= 1
                return make(.identifier(readIdentifier()))
            }
            if let symbol = readSymbol(startingWith: character) { return make(.symbol(symbol)) }
            return make(.invalid(Character(character)))
        }
    }

    private mutating func nextInString() -> JQToken? {
        let start = position
        guard position < characters.count else {
            // Report once, then end: the consumer sees the literal was never closed.
            stringStack.removeAll()
            return JQToken(kind: .unterminatedString, offset: start)
        }
        if characters[position] == "\"" {
            position += 1
            stringStack.removeLast()
            return JQToken(kind: .stringEnd, offset: start)
        }
        if characters[position] == "\\", position + 1 < characters.count, characters[position + 1] == "(" {
            position += 2
            stringStack[stringStack.count - 1] = 0
            return JQToken(kind: .interpolationStart, offset: start)
        }
        var text = ""
        while position < characters.count {
            let character = characters[position]
            if character == "\"" { break }
            if character == "\\" {
                guard position + 1 < characters.count else { text.unicodeScalars.append(character); position += 1; break }
                if characters[position + 1] == "(" { break }
                text.unicodeScalars.append(character)
                text.unicodeScalars.append(characters[position + 1])
                position += 2
                continue
            }
            text.unicodeScalars.append(character)
            position += 1
        }
        return JQToken(kind: .stringText(text), offset: start)
    }

    private mutating func skipWhitespaceAndComments() {
        while position < characters.count {
            let character = characters[position]
            if character.properties.isWhitespace {
                position += 1
            } else if character == "#" {
                sawComment = true
                while position < characters.count, characters[position] != "\n" && characters[position] != "\r" { position += 1 }
            } else {
                return
            }
        }
    }

    /// `[A-Za-z_][A-Za-z0-9_]*` with `::` module separators, as jq's IDENT.
    private mutating func readIdentifier() -> String {
        var name = readIdentifierPart()
        while position + 2 < characters.count, characters[position] == ":", characters[position + 1] == ":",
              characters[position + 2].isIdentifierStart {
            position += 2
            name += "::" + readIdentifierPart()
        }
        return name
    }

    private mutating func readIdentifierPart() -> String {
        let start = position
        while position < characters.count, characters[position].isIdentifierContinuation { position += 1 }
        return String(String.UnicodeScalarView(characters[start..<position]))
    }

    private mutating func skipNumberTail() {
        while position < characters.count, characters[position].isASCIIDigit || characters[position] == "." {
            position += 1
        }
        if position < characters.count, characters[position] == "e" || characters[position] == "E" {
            var lookahead = position + 1
            if lookahead < characters.count, characters[lookahead] == "+" || characters[lookahead] == "-" {
                lookahead += 1
            }
            if lookahead < characters.count, characters[lookahead].isASCIIDigit {
                position = lookahead
                while position < characters.count, characters[position].isASCIIDigit { position += 1 }
            }
        }
    }

    private static let twoCharacterSymbols: Set<String> = [
        "!=", "==", "//", "|=", "+=", "-=", "*=", "/=", "%=", "<=", ">=",
    ]

    private mutating func readSymbol(startingWith character: Unicode.Scalar) -> String? {
        if position < characters.count {
            let pair = String(character) + String(characters[position])
            if pair == "//", position + 1 < characters.count, characters[position + 1] == "=" {
                position += 2
                return "//="
            }
            if Self.twoCharacterSymbols.contains(pair) {
                position += 1
                return pair
            }
        }
        return "+-*/%=<>?".unicodeScalars.contains(character) ? String(character) : nil
    }
}

extension Unicode.Scalar {
    var isASCIIDigit: Bool { value >= 48 && value <= 57 }
    var isIdentifierStart: Bool { self == "_" || (value >= 65 && value <= 90) || (value >= 97 && value <= 122) }
    var isIdentifierContinuation: Bool { isIdentifierStart || isASCIIDigit }
}
