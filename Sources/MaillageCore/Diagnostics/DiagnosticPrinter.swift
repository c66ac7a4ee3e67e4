import Foundation

/// Prints diagnostics like a compiler: location, message, the line itself with a caret, the fix.
///
///     content/evenements/campus.md:12:15: erreur: intervenant inconnu « julien-charpentier »
///        12 |     speakers: [julien-charpentier]
///           |               ^
///     aide : vouliez-vous dire « julien-carpentier » ?
public struct DiagnosticPrinter: Sendable {
    /// The text of each source file, by site-relative path, to quote the offending line.
    public var sources: [String: String]
    public var colors: Bool

    public init(sources: [String: String], colors: Bool = false) {
        self.sources = sources
        self.colors = colors
    }

    public func format(_ d: Diagnostic) -> String {
        format(d, line: sourceLine(d.location).map { Array($0.replacingOccurrences(of: "\t", with: " ")) })
    }

    /// `line`: the quoted line's characters, tabs made spaces.
    private func format(_ d: Diagnostic, line: [Character]?) -> String {
        let label = d.severity == .error ? paint("erreur", "1;31") : paint("avertissement", "1;33")
        var out = "\(paint("\(d.location.file):\(d.location.line):\(d.location.column):", "1")) \(label): \(d.message)\n"
        if let line {
            let number = String(d.location.line)
            let gutter = String(repeating: " ", count: number.count)
            let (visible, caretOffset) = Self.window(line, column: d.location.column)
            out += " \(number) | \(visible)\n"
            out += " \(gutter) | \(String(repeating: " ", count: caretOffset))\(paint("^", "1;32"))\n"
        }
        if let help = d.help {
            out += "\(paint("aide", "1;36")) : \(help)\n"
        }
        return out
    }

    /// Many diagnostics: each file quoted is cut into lines once (10,000 diagnostics in one
    /// file cost as many look-ups, not as many passes over the file).
    public func format(_ diagnostics: [Diagnostic]) -> String {
        var lines: [String: [Substring]] = [:]
        // The last line quoted, as characters (diagnostics come sorted: often the same line again).
        var last: (file: String, line: Int, characters: [Character]?)?
        var out = ""
        for (i, d) in diagnostics.enumerated() {
            if last?.file != d.location.file || last?.line != d.location.line {
                if lines[d.location.file] == nil, let text = sources[d.location.file] { lines[d.location.file] = Self.lines(of: text) }
                let quoted = lines[d.location.file].flatMap { d.location.line <= $0.count ? $0[d.location.line - 1] : nil }
                last = (d.location.file, d.location.line, quoted.map { Array($0.replacingOccurrences(of: "\t", with: " ")) })
            }
            if i > 0 { out += "\n" }
            out += format(d, line: last?.characters)
        }
        return out
    }

    func sourceLine(_ location: SourceLocation) -> String? {
        guard let text = sources[location.file] else { return nil }
        let lines = Self.lines(of: text)
        return location.line <= lines.count ? String(lines[location.line - 1]) : nil
    }

    private static func lines(of text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// A long line is cut to about 100 characters around the column, so that the caret stays on screen.
    static func window(_ line: String, column: Int, width: Int = 100) -> (String, Int) {
        window(Array(line), column: column, width: width)
    }

    static func window(_ characters: [Character], column: Int, width: Int = 100) -> (String, Int) {
        let caret = min(max(0, column - 1), characters.count)
        guard characters.count > width else { return (String(characters), caret) }
        let start = max(0, min(caret - width / 2, characters.count - width))
        let end = min(characters.count, start + width)
        let prefix = start > 0 ? "…" : ""
        let suffix = end < characters.count ? "…" : ""
        return (prefix + String(characters[start..<end]) + suffix, caret - start + prefix.count)
    }

    private func paint(_ text: String, _ code: String) -> String {
        colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

/// A one-line French summary of a build's problems: "2 erreurs, 1 avertissement".
public func frenchCount(errors: Int, warnings: Int) -> String {
    func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n > 1 ? "s" : "")" }
    return "\(plural(errors, "erreur")), \(plural(warnings, "avertissement"))"
}
