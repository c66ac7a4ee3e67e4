import Foundation

/// A text file of the site, read and decoded: UTF-8, BOM removed, line endings made `\n`.
public struct SourceFile: Sendable {
    /// Path relative to the site folder, with `/` separators (`content/evenements/campus.md`).
    public var path: String
    public var text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// Decodes raw bytes, or explains why they are not a text file a communicator can edit.
    public static func decode(path: String, data: Data) -> Result<SourceFile, Diagnostic> {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if contains(bytes, 0x0D) { bytes = normalizeLineEndings(bytes) }
        if contains(bytes, 0) {
            // A binary file has no meaningful lines: the error points at its start.
            return .failure(.error(
                .binaryFile, at: SourceLocation(file: path, line: 1),
                "ce fichier n’est pas un fichier texte (il contient des octets nuls)",
                help: "enregistrez-le comme texte (Markdown ou YAML, encodage UTF-8) ; un document PDF, Word ou une image se place à côté d’une fiche de ressource"))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let (line, column) = firstInvalidUTF8(bytes)
            return .failure(.error(
                .invalidUtf8, at: SourceLocation(file: path, line: line, column: column),
                "ce fichier n’est pas encodé en UTF-8 (caractère illisible ligne \(line))",
                help: "dans votre éditeur, choisissez « Enregistrer avec l’encodage UTF-8 » (souvent proposé sous le nom « Unicode (UTF-8) »)"))
        }
        return .success(SourceFile(path: path, text: text))
    }

    /// CRLF (Windows) and lone CR (old Mac) line endings become LF, byte by byte: on a Swift
    /// `String`, `"\r\n"` is one character and `"\r\r\n"` would keep a CR.
    static func normalizeLineEndings(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { input in
            [UInt8](unsafeUninitializedCapacity: input.count) { output, written in
                var i = 0, j = 0
                while i < input.count {
                    if input[i] == 0x0D {
                        output[j] = 0x0A
                        if i + 1 < input.count, input[i + 1] == 0x0A { i += 1 }
                    } else {
                        output[j] = input[i]
                    }
                    i += 1
                    j += 1
                }
                written = j
            }
        }
    }

    /// Whether `byte` occurs (memchr: files of several megabytes are scanned at every build).
    static func contains(_ bytes: [UInt8], _ byte: UInt8) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            return memchr(base, Int32(byte), buffer.count) != nil
        }
    }

    /// Line and column (in characters) of the first byte that is not valid UTF-8.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> (Int, Int) {
        var line = 1
        var lineStart = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length: Int
            switch b {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: length = 0
            }
            let valid = length > 0 && i + length <= bytes.count
                && String(validating: bytes[i..<(i + length)], as: UTF8.self) != nil
            if !valid {
                let column = (String(validating: bytes[lineStart..<i], as: UTF8.self)?.count ?? 0) + 1
                return (line, column)
            }
            if b == 0x0A { line += 1; lineStart = i + 1 }
            i += length
        }
        return (line, 1)
    }
}

/// A Markdown file cut into its YAML front matter and its body, each with the line where it starts.
public struct FrontMatterSplit: Sendable {
    public var yaml: String
    /// File line of the first YAML line.
    public var yamlFirstLine: Int
    public var body: String
    /// File line of the first body line.
    public var bodyFirstLine: Int

    /// Front matter sits between a first line `---` and the next line `---` (or `...`).
    public static func split(_ file: SourceFile) -> Result<FrontMatterSplit, Diagnostic> {
        // Lines are found on the UTF-8 view: a line feed always ends a character, and splitting
        // the whole text into characters costs much more on a long file.
        let text = file.text
        let utf8 = text.utf8
        var lineStart = utf8.startIndex
        var lineNumber = 1
        var yamlStart = utf8.startIndex
        while true {
            let lineEnd = utf8[lineStart...].firstIndex(of: 0x0A) ?? utf8.endIndex
            let line = text[lineStart..<lineEnd]
            if lineNumber == 1 {
                guard isFence(line, closing: false) else {
                    return .failure(.error(
                        .missingFrontMatter, at: SourceLocation(file: file.path, line: 1),
                        "la page ne commence pas par un en-tête YAML entre deux lignes ---",
                        help: "commencez le fichier par :\n---\ntitle: Le titre de la page\n---\npuis le texte en Markdown"))
                }
            } else if isFence(line, closing: true) {
                let yaml = yamlStart < lineStart ? String(text[yamlStart..<utf8.index(before: lineStart)]) : ""
                let body = lineEnd < utf8.endIndex ? String(text[utf8.index(after: lineEnd)...]) : ""
                return .success(FrontMatterSplit(yaml: yaml, yamlFirstLine: 2, body: body, bodyFirstLine: lineNumber + 1))
            }
            guard lineEnd < utf8.endIndex else { break }
            lineStart = utf8.index(after: lineEnd)
            if lineNumber == 1 { yamlStart = lineStart }
            lineNumber += 1
        }
        return .failure(.error(
            .unclosedFrontMatter, at: SourceLocation(file: file.path, line: 1),
            "l’en-tête YAML ouvert par --- à la ligne 1 n’est jamais fermé",
            help: "ajoutez une ligne --- seule après la dernière clé de l’en-tête (title, date…), avant le texte"))
    }

    /// `---` (or `...` to close), with spaces around; a long line is never one (and is not trimmed).
    static func isFence(_ line: Substring, closing: Bool) -> Bool {
        let bytes = line.utf8
        guard bytes.count <= 32 else { return false }
        if bytes.allSatisfy({ $0 < 0x80 }) {
            // ASCII (nearly always): tab, line feed, vertical tab, form feed, return and space.
            func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }
            var trimmed = bytes.drop(while: isSpace)
            while let last = trimmed.last, isSpace(last) { trimmed = trimmed.dropLast() }
            return trimmed.elementsEqual("---".utf8) || (closing && trimmed.elementsEqual("...".utf8))
        }
        var trimmed = line.drop { $0.isWhitespace }
        while let last = trimmed.last, last.isWhitespace { trimmed = trimmed.dropLast() }
        return trimmed == "---" || (closing && trimmed == "...")
    }
}
