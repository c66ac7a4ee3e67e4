import Foundation

/// What the importer reads in a document's text: its kind, title, summary; and how it writes
/// front matter values.
enum DocumentText {
    /// The kind a document's words suggest, each clue counting once: minutes (« compte rendu »,
    /// « ordre du jour », « présents », « excusés », « relevé de décisions »), retex (« retour
    /// d’expérience », « ce qui a marché »…), news (« actualité », « communiqué »…); else a page.
    static func kind(of text: String) -> Kind {
        let folded = FrenchDateReader.fold(text).replacingOccurrences(of: "’", with: "'")
        let clues: [(Kind, [String])] = [
            (.minutes, ["compte rendu", "compte-rendu", "ordre du jour", "presents", "excuses", "releve de decisions", "proces-verbal",
                        "prochaine reunion", "reunion du"]),
            (.retex, ["retour d'experience", "retex", "ce qui a marche", "ce qui a moins marche", "lecons", "pistes d'amelioration"]),
            (.news, ["actualite", "communique", "est en ligne", "nous avons le plaisir", "vient de paraitre", "lettre d'information"]),
        ]
        var best: (Kind, Int) = (.page, 0)
        for (kind, words) in clues {
            let score = words.filter { folded.contains($0) }.count
            if score > best.1 { best = (kind, score) }
        }
        return best.0
    }

    /// A first line that is a heading (`# Titre`), as the title, and the text without it.
    static func leadingHeading(_ markdown: String) -> (text: String, rest: String)? {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        guard let i = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }), lines[i].hasPrefix("#") else { return nil }
        let text = inline(String(lines[i].drop { $0 == "#" }))
        guard isTitle(text) else { return nil }
        return (text, lines[(i + 1)...].joined(separator: "\n"))
    }

    /// `compte_rendu-COPIL 03.docx` → « Compte rendu COPIL 03 ».
    static func title(fromFileName url: URL) -> String {
        let base = url.deletingPathExtension().lastPathComponent
        let words = base.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// Whether a text can be a page's title: letters, not too long, not a tool's placeholder.
    static func isTitle(_ text: String) -> Bool {
        let folded = FrenchDateReader.fold(text)
        let placeholders = ["microsoft word", "untitled", "sans titre", "document1", "powerpoint", ".docx", ".doc", ".pdf", ".odt"]
        return !text.isEmpty && text.count <= 150 && text.contains(where: \.isLetter) && !placeholders.contains { folded.contains($0) }
    }

    /// The Markdown without its marks, for reading (kind, date).
    static func plain(_ markdown: String) -> String {
        markdown.split(separator: "\n").filter { !$0.hasPrefix("![") && !$0.hasPrefix("| ---") }.map { inline(String($0)) }.joined(separator: "\n")
    }

    /// A line without heading, list and emphasis marks, links reduced to their text.
    static func inline(_ line: String) -> String {
        var text = line.trimmingCharacters(in: .whitespaces)
        while let first = text.first, "#->".contains(first) { text.removeFirst() }
        text = text.replacingOccurrences(of: #"\[([^\]]*)\]\([^)]*\)"#, with: "$1", options: .regularExpression)
        text = text.replacingOccurrences(of: #"[*_`|\\]"#, with: " ", options: .regularExpression)
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The first paragraph of text (not a heading, list, table or image), at most about 200
    /// characters, cut after a sentence or a word.
    static func summary(of markdown: String) -> String? {
        for block in markdown.components(separatedBy: "\n\n") {
            let line = block.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let first = line.first, !"#-*|!>0123456789".contains(first) || line.count > 40 && first.isNumber == false else { continue }
            let text = inline(line.replacingOccurrences(of: "\n", with: " "))
            guard text.count >= 20 else { continue }
            if text.count <= 200 { return text }
            let cut = String(text.prefix(200))
            if let end = cut.range(of: ". ", options: .backwards), cut.distance(from: cut.startIndex, to: end.lowerBound) >= 60 {
                return String(cut[...end.lowerBound])
            }
            return String(cut[..<(cut.lastIndex(of: " ") ?? cut.endIndex)]) + "…"
        }
        return nil
    }

    /// Blank lines at most two in a row, one newline at the end.
    static func tidy(_ markdown: String) -> String {
        let text = markdown.replacingOccurrences(of: #"\n{3,}"#, with: "\n\n", options: .regularExpression)
        return text.trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
    }

    /// A front matter value: a date and `true` as they are, any text between double quotes.
    static func yaml(_ value: String, key: String) -> String {
        if key == "date" || value == "true" { return value }
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n", "\r", "\t": out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// What a file is by its first bytes, whatever its name says.
public enum ContentType {
    /// The largest document taken.
    static let maximumSize = 100 << 20

    /// Why the file is not imported, or nil.
    static func refusal(of url: URL, type: String) -> String? {
        let supported = Importer.wordTypes.union(Importer.slideTypes).union(Importer.imageTypes).union(["pdf"])
        guard supported.contains(type) else {
            return "type « .\(type) » non pris en charge (documents Word, ODT, RTF, PDF, images JPEG/PNG/WebP/GIF, présentations)"
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
              let size = attributes[.size] as? Int else { return "le fichier ne peut pas être lu" }
        guard size <= maximumSize else { return "fichier de plus de \(maximumSize >> 20) Mo : réduisez-le avant de l’importer" }
        guard let handle = try? FileHandle(forReadingFrom: url) else { return "le fichier ne peut pas être lu" }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 16)) ?? Data())
        return mismatch(head: head, type: type).map { "\($0) : non importé" }
    }

    /// Why bytes starting with `head` are not a `.type` file (« ce n’est pas un vrai fichier
    /// .pdf (c’est un programme) »), or nil when they are.
    public static func mismatch(head: [UInt8], type: String) -> String? {
        func starts(_ bytes: [UInt8]) -> Bool { head.starts(with: bytes) }
        let zip = starts([0x50, 0x4B, 0x03, 0x04]), ole = starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        let rtf = starts(Array("{\\rtf".utf8))
        let matches: Bool
        switch type {
        case "pdf": matches = starts(Array("%PDF-".utf8))
        case "docx", "odt", "pptx", "odp": matches = zip
        case "doc": matches = ole || rtf
        case "ppt": matches = ole
        case "rtf": matches = rtf
        case "jpg", "jpeg": matches = starts([0xFF, 0xD8, 0xFF])
        case "png": matches = starts([0x89, 0x50, 0x4E, 0x47])
        case "gif": matches = starts(Array("GIF8".utf8))
        case "webp": matches = starts(Array("RIFF".utf8)) && head.count >= 12 && Array(head[8..<12]) == Array("WEBP".utf8)
        case "xlsx", "ods", "zip": matches = zip
        case "csv": matches = !head.contains(0) && !starts([0x7F, 0x45, 0x4C, 0x46]) && !starts([0x4D, 0x5A])
        default: matches = false
        }
        guard matches else {
            let what = starts([0x7F, 0x45, 0x4C, 0x46]) || starts([0x4D, 0x5A]) ? "c’est un programme" : "son contenu est d’un autre type"
            return "ce n’est pas un vrai fichier .\(type) (\(what))"
        }
        return nil
    }
}
