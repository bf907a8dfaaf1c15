import Model

/// The lines of one source file, split the way the loader counts them: on `\n`, with a trailing `\r`
/// dropped, and columns counted in Unicode scalars.
struct SourceLines {
    private let lines: [[Unicode.Scalar]]

    init(_ text: String) {
        var lines: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                lines.append(Self.droppingCarriageReturn(current))
                current = []
            } else {
                current.append(scalar)
            }
        }
        lines.append(Self.droppingCarriageReturn(current))
        self.lines = lines
    }

    /// The scalars of 1-based `line`, or nil when the file has no such line.
    func scalars(ofLine line: Int) -> [Unicode.Scalar]? {
        guard line >= 1, line <= lines.count else { return nil }
        return lines[line - 1]
    }

    private static func droppingCarriageReturn(_ line: [Unicode.Scalar]) -> [Unicode.Scalar] {
        line.last == "\r" ? Array(line.dropLast()) : line
    }
}

/// The two lines under a diagnostic header: the source line, and a `^~~~` marker under the range.
///
/// Tabs before the column are repeated in the marker line so both lines expand them alike; wide
/// characters (CJK, emoji) take two cells and combining marks none; control characters are shown
/// as U+FFFD so a source file cannot drive the terminal.
struct SourceSnippet {
    /// The source line as it should be printed.
    var sourceLine: String
    /// Whitespace that puts the marker under the column.
    var indentation: String
    /// `^` followed by `~` for the rest of the range.
    var marker: String

    /// The snippet for `location` in `lines`, or nil when the line does not exist.
    init?(location: SourceLocation, lines: SourceLines) {
        guard location.column >= 1, let scalars = lines.scalars(ofLine: location.line) else { return nil }
        var sourceLine = String.UnicodeScalarView()
        for scalar in scalars {
            sourceLine.append(SourceSnippet.isControl(scalar) ? "\u{FFFD}" : scalar)
        }
        self.sourceLine = String(sourceLine)

        let start = location.column - 1
        var indentation = ""
        for scalar in scalars.prefix(start) {
            indentation += scalar == "\t" ? "\t" : String(repeating: " ", count: SourceSnippet.cellWidth(of: scalar))
        }
        indentation += String(repeating: " ", count: max(0, start - scalars.count))
        self.indentation = indentation

        var end = start + 1
        if let endColumn = location.endColumn, location.endLine == nil || location.endLine == location.line {
            end = endColumn - 1
        } else if let endLine = location.endLine, endLine > location.line {
            end = scalars.count
        }
        var width = 0
        if start < scalars.count, end > start {
            width = scalars[start..<min(end, scalars.count)].reduce(0) { $0 + SourceSnippet.cellWidth(of: $1) }
        }
        self.marker = "^" + String(repeating: "~", count: max(0, width - 1))
    }

    /// How many terminal cells `scalar` takes: 0 for combining marks and format characters,
    /// 2 for East Asian wide and full-width characters and emoji, 1 otherwise (tabs count 1).
    static func cellWidth(of scalar: Unicode.Scalar) -> Int {
        if isControl(scalar) || scalar == "\t" { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if scalar.properties.isEmojiPresentation { return 2 }
        let value = scalar.value
        let wideRanges: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
        ]
        return wideRanges.contains { $0.contains(value) } ? 2 : 1
    }

    /// C0 and C1 control characters other than tab, and DEL.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar != "\t" && (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value))
    }
}
