import Foundation
internal import Yams

/// A content file as a form sees it: the value of each key of the content model, the keys it
/// does not describe (kept as written), and the Markdown text. Read from a file to fill the
/// atelier's form; written back in the model's order, every text quoted, so that what a
/// communicator types can never change the file's structure.
public struct ContentFile: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case text(String)
        case list([String])
        case yesNo(Bool)
        /// A list of items with their own keys (an event's sessions).
        case items([[String: Value]])
        /// YAML written as it is (an orientation tree's steps), checked by the parser.
        case yaml(String)
    }

    public var kind: Kind
    public var values: [String: Value]
    /// Keys the model does not describe, as YAML lines: kept, never lost.
    public var extra: String
    public var body: String

    public init(kind: Kind, values: [String: Value] = [:], extra: String = "", body: String = "") {
        self.kind = kind
        self.values = values
        self.extra = extra
        self.body = body
    }

    /// The item's title (or name).
    public var title: String? { text(kind.titleKey) }

    public func text(_ key: String) -> String? {
        if case .text(let t) = values[key] { return t }
        return nil
    }

    public func list(_ key: String) -> [String] {
        if case .list(let l) = values[key] { return l }
        return []
    }

    public func yesNo(_ key: String) -> Bool {
        if case .yesNo(let b) = values[key] { return b }
        return false
    }

    public func items(_ key: String) -> [[String: Value]] {
        if case .items(let i) = values[key] { return i }
        return []
    }

    // MARK: Writing

    /// The file's text: the keys in the model's order, then the undescribed ones, then the body.
    public func written(model: ContentModel = .standard) -> String {
        var lines: [String] = []
        for field in model.fields(of: kind) {
            guard let value = values[field.key] else { continue }
            lines += Self.lines(field.key, value, field: field, model: model, indent: "")
        }
        for key in ContentModel.hiddenKeys.sorted() where kind.isMarkdown {
            if let value = values[key] { lines += Self.lines(key, value, field: nil, model: model, indent: "") }
        }
        let trimmedExtra = extra.trimmingCharacters(in: .newlines)
        if !trimmedExtra.isEmpty { lines.append(trimmedExtra) }
        let header = lines.joined(separator: "\n") + "\n"
        guard kind.isMarkdown else { return header }
        var text = Self.clean(body).replacingOccurrences(of: "\r\n", with: "\n")
        if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
        return "---\n" + header + "---\n" + text
    }

    static func lines(_ key: String, _ value: Value, field: ContentField?, model: ContentModel, indent: String) -> [String] {
        switch value {
        case .text(let text):
            let clean = clean(text).replacingOccurrences(of: "\r\n", with: "\n")
            if clean.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return [] }
            if case .markdown = field?.input {
                return ["\(indent)\(key): |"] + block(clean, indent: indent + "  ")
            }
            return ["\(indent)\(key): \(quote(clean.replacingOccurrences(of: "\n", with: " ")))"]
        case .list(let list):
            let items = list.map { clean($0).trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            return items.isEmpty ? [] : ["\(indent)\(key): [\(items.map(quote).joined(separator: ", "))]"]
        case .yesNo(let yes):
            return ["\(indent)\(key): \(yes)"]
        case .items(let items):
            guard !items.isEmpty, case .list(let group)? = field?.input else { return [] }
            var out = ["\(indent)\(key):"]
            for item in items {
                var itemLines: [String] = []
                for sub in model.fields(group) {
                    guard let v = item[sub.key] else { continue }
                    itemLines += lines(sub.key, v, field: sub, model: model, indent: indent + "    ")
                }
                guard !itemLines.isEmpty else { continue }
                itemLines[0] = indent + "  - " + itemLines[0].dropFirst(indent.count + 4)
                out += itemLines
            }
            return out.count == 1 ? [] : out
        case .yaml(let yaml):
            let clean = clean(yaml).replacingOccurrences(of: "\r\n", with: "\n")
            guard !clean.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return [] }
            return ["\(indent)\(key):"] + block(clean, indent: indent + "  ")
        }
    }

    /// Text as a YAML block, each line indented.
    static func block(_ text: String, indent: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : indent + $0 }
        while lines.last == "" { lines.removeLast() }
        return lines
    }

    /// A YAML double-quoted scalar: whatever the text, it stays one value.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Without control characters (but tabs and line feeds), which YAML and pages refuse.
    static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter {
            $0 == "\n" || $0 == "\t" || $0 == "\r" || !($0.properties.generalCategory == .control || $0.properties.generalCategory == .format && $0.value == 0xFEFF)
        }))
    }

    // MARK: Reading

    /// Reads a file's text; nil when its YAML cannot be read (the atelier then offers the text).
    public static func read(_ text: String, kind: Kind, model: ContentModel = .standard) -> ContentFile? {
        var yaml = text
        var body = ""
        if kind.isMarkdown {
            guard case .success(let split) = FrontMatterSplit.split(SourceFile(path: "x.md", text: text)) else { return nil }
            yaml = split.yaml
            body = split.body
        }
        guard let node = try? Yams.compose(yaml: yaml) else {
            return yaml.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? ContentFile(kind: kind, body: body) : nil
        }
        guard case .mapping(let mapping) = node else { return nil }
        var file = ContentFile(kind: kind, body: body)
        let fields = Dictionary(model.fields(of: kind).map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        var extra: Node.Mapping = [:]
        for (k, v) in mapping {
            guard let key = k.scalar?.string else { continue }
            if let field = fields[key], let value = value(v, field: field, model: model) {
                file.values[key] = value
            } else if ContentModel.hiddenKeys.contains(key), let s = v.scalar?.string {
                file.values[key] = .text(s)
            } else {
                extra[k] = v
            }
        }
        if !extra.isEmpty, let written = try? Yams.serialize(node: .mapping(extra)) { file.extra = written }
        return file
    }

    static func value(_ node: Node, field: ContentField, model: ContentModel) -> Value? {
        switch field.input {
        case .yesNo:
            guard let s = node.scalar?.string.lowercased() else { return nil }
            return .yesNo(["true", "yes", "oui", "on"].contains(s))
        case .words, .references:
            if let s = node.scalar?.string { return .list([s]) }
            guard let seq = node.sequence else { return nil }
            let items = seq.compactMap { $0.scalar?.string }
            return items.count == seq.count ? .list(items) : nil
        case .list(let group):
            guard let seq = node.sequence else { return nil }
            var items: [[String: Value]] = []
            let subfields = model.fields(group)
            for item in seq {
                guard case .mapping(let m) = item else { return nil }
                var values: [String: Value] = [:]
                for (k, v) in m {
                    guard let key = k.scalar?.string, let sub = subfields.first(where: { $0.key == key }),
                          let value = value(v, field: sub, model: model) else { return nil }
                    values[key] = value
                }
                items.append(values)
            }
            return .items(items)
        case .yaml:
            guard let text = try? Yams.serialize(node: node) else { return nil }
            return .yaml(text)
        default:
            guard let s = node.scalar?.string else { return nil }
            return .text(s)
        }
    }
}
