import Foundation

/// One key a communicator may write in a content file, described once. The parser knows which
/// keys exist from it; `maillage new` writes its files from it; `docs/contenu.md`'s tables of
/// keys are made from it; the atelier's forms are generated from it. Change a label, a help or
/// an example here and all four follow.
public struct ContentField: Sendable, Hashable {
    /// How the value is written, and so which input a form gives it.
    public enum Input: Sendable, Hashable {
        /// One line of text.
        case line
        /// Several lines of Markdown.
        case markdown
        /// `2026-04-10`
        case date
        /// `2026-04-10`, or `2026-04-10T09:00`
        case dateTime
        /// `"09:30"` on the event's day, or a date and time: a session's times.
        case time
        case yesNo
        /// `https://`, `http://`, `mailto:` or `tel:`
        case link
        case email
        case phone
        /// A list of words: themes, territories, missions.
        case words
        /// A list of identifiers of the annuaire, the trombinoscope (or both).
        case references([Kind])
        /// The identifier of one item of that kind.
        case reference(Kind)
        /// A file set beside the content file.
        case file
        /// A list of items with their own keys: an event's sessions.
        case list(String)
        /// Nested YAML written as text: an orientation tree's steps, a question's answers.
        case yaml
    }

    /// The YAML key: `title`.
    public var key: String
    /// The French label of a form: « Titre ».
    public var label: String
    public var required: Bool
    /// What the docs say in their « obligatoire ? » column: `oui`, `non (par défaut \`false\`)`…
    public var requirement: String
    /// What the docs say in their « type » column.
    public var type: String
    /// The docs' example cell: `` `title: Campus des coordos 2026` `` or « voir l’exemple ».
    public var example: String
    public var input: Input
    /// What the key does, in a communicator's words: the docs' last column, the comment of
    /// `maillage new`, the help under a form's field.
    public var help: String

    public init(_ key: String, _ label: String, required: Bool, requirement: String, type: String, example: String,
                input: Input, help: String) {
        self.key = key
        self.label = label
        self.required = required
        self.requirement = requirement
        self.type = type
        self.example = example
        self.input = input
        self.help = help
    }

    /// The example's value as YAML (`Campus des coordos 2026` of `` `title: Campus des coordos 2026` ``),
    /// when the example is one line.
    public var sampleValue: String? {
        let prefix = "`\(key): "
        guard example.hasPrefix(prefix), example.hasSuffix("`"), example.count > prefix.count + 1 else { return nil }
        let value = example.dropFirst(prefix.count).dropLast()
        return value.hasSuffix("\\|") || value == "|" ? nil : String(value)
    }
}

/// The keys of every kind of content, and of the lists inside them (sessions, steps).
public struct ContentModel: Sendable {
    /// Groups of keys by name: `event`, `event.sessions`, `orientation.question`, `common`…
    public var groups: [String: [ContentField]]
    /// The order groups appear in the docs.
    public var order: [String]

    /// Keys every Markdown kind accepts without showing them in its docs table or its form.
    public static let hiddenKeys: Set<String> = ["imported_from"]

    public static func group(of kind: Kind) -> String {
        kind.rawValue
    }

    public func fields(of kind: Kind) -> [ContentField] {
        groups[Self.group(of: kind)] ?? []
    }

    public func fields(_ group: String) -> [ContentField] {
        groups[group] ?? []
    }

    /// The keys the parser reads in a file of this group: its fields, and for Markdown kinds
    /// the hidden ones of `common` (`imported_from`).
    public func keys(_ group: String) -> [String] {
        // A step of an orientation tree is a question or an outcome: it may hold the keys of both.
        if group == "orientation.step" { return keys("orientation.question") + keys("orientation.outcome") }
        var keys = fields(group).map(\.key)
        if let kind = Kind(rawValue: group), kind.isMarkdown {
            keys += fields("common").map(\.key).filter { Self.hiddenKeys.contains($0) && !keys.contains($0) }
        }
        return keys
    }
}

// MARK: The docs' tables

extension ContentModel {
    /// The Markdown table of a group's keys, as in `docs/contenu.md`.
    public func docsTable(_ group: String) -> String {
        var lines = ["| clé | obligatoire ? | type | exemple | ce que ça fait |", "|---|---|---|---|---|"]
        for field in fields(group) {
            lines.append("| `\(field.key)` | \(field.requirement) | \(field.type) | \(field.example) | \(field.help) |")
        }
        return lines.joined(separator: "\n")
    }

    static let docsStart = "<!-- champs : "
    static let docsEnd = "<!-- fin des champs -->"

    /// The docs with every table between `<!-- champs : GROUPE -->` and `<!-- fin des champs -->`
    /// made again from this description (`maillage __champs docs/contenu.md`).
    public func rewritingDocs(_ text: String) -> String {
        var out: [Substring] = []
        var skipping = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if skipping {
                if line == Self.docsEnd { skipping = false; out.append(line) }
                continue
            }
            out.append(line)
            if line.hasPrefix(Self.docsStart), line.hasSuffix(" -->") {
                let group = line.dropFirst(Self.docsStart.count).dropLast(4)
                out.append(Substring(docsTable(String(group))))
                skipping = true
            }
        }
        return out.joined(separator: "\n")
    }

    /// The groups whose table the docs show, in order of appearance.
    public static func documentedGroups(in text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix(docsStart), line.hasSuffix(" -->") else { return nil }
            return String(line.dropFirst(docsStart.count).dropLast(4))
        }
    }
}
