import Foundation

/// What `maillage importer` did with each file, and what could not come across faithfully,
/// where it was in the source: the communicator's list of things to check by hand.
public struct ImportReport: Sendable, Codable, Equatable {
    public var files: [ImportedFile] = []

    public init(files: [ImportedFile] = []) {
        self.files = files
    }

    /// True when every file was imported (or already was) and what was written builds.
    public var succeeded: Bool {
        files.allSatisfy { $0.outcome != .refused && $0.outcome != .failed && $0.problems.isEmpty }
    }

    /// The report in French, for a terminal.
    public var text: String {
        var out = ""
        for file in files {
            out += file.text + "\n"
        }
        let count = { (o: ImportedFile.Outcome) in self.files.filter { $0.outcome == o }.count }
        let losses = files.reduce(0) { $0 + $1.losses.count }
        out += "\(count(.imported)) importé(s), \(count(.alreadyImported)) déjà importé(s), \(count(.duplicate)) en double, "
            + "\(count(.refused) + count(.failed)) non importé(s) ; \(losses) point(s) à vérifier.\n"
        return out
    }

    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self) + "\n"
    }
}

public struct ImportedFile: Sendable, Codable, Equatable {
    public enum Outcome: String, Sendable, Codable {
        /// A page was written (or would be, with `--dry-run`).
        case imported = "importe"
        /// A page already holds this document (same content): nothing written.
        case alreadyImported = "deja-importe"
        /// Another file of this run has the same content: imported once.
        case duplicate = "en-double"
        /// Not a document the importer takes, or not what its name says.
        case refused = "refuse"
        /// A tool failed on it (LibreOffice, pandoc) or it could not be read.
        case failed = "echec"
    }

    /// Something that did not come across as it was, and where it was in the source.
    public struct Loss: Sendable, Codable, Equatable {
        /// `comment`, `insertion`, `deletion`, `note`, `fake-heading`, `merged-cells`,
        /// `table-header`, `text-box`, `embedded-object`, `image`, `scanned`…
        public var code: String
        /// The section of the source it was in (its heading), or a page of a PDF.
        public var place: String
        public var message: String
    }

    /// A line of the written page that does not build (`maillage build --strict`).
    public struct Problem: Sendable, Codable, Equatable {
        public var file: String
        public var line: Int
        public var code: String
        public var message: String
        public var help: String?

        public init(file: String, line: Int, code: String, message: String, help: String?) {
            self.file = file
            self.line = line
            self.code = code
            self.message = message
            self.help = help
        }
    }

    public var source: String
    public var outcome: Outcome
    /// The page written (`content/comptes-rendus/….md`), or the page that already holds it.
    public var page: String?
    public var kind: String?
    public var title: String?
    /// Where the title comes from (« propriétés du document », « premier titre »…).
    public var titleFrom: String?
    public var date: String?
    public var dateFrom: String?
    /// Files written beside the page (the PDF, the images).
    public var attachments: [String] = []
    /// What the importer decided and the reader should know (a new address, a conversion).
    public var notes: [String] = []
    public var losses: [Loss] = []
    public var problems: [Problem] = []

    public init(source: String, outcome: Outcome, notes: [String] = []) {
        self.source = source
        self.outcome = outcome
        self.notes = notes
    }

    var text: String {
        var out: String
        switch outcome {
        case .imported: out = "\(source) → \(page ?? "?") (\(kind ?? "?"))\n"
        case .alreadyImported: out = "\(source) : déjà importé dans \(page ?? "?"), rien n’est écrit\n"
        case .duplicate: out = "\(source) : \(notes.first ?? "en double"), rien n’est écrit\n"
        case .refused: out = "\(source) : non importé — \(notes.first ?? "")\n"
        case .failed: out = "\(source) : échec — \(notes.first ?? "")\n"
        }
        guard outcome == .imported else { return out }
        if let title { out += "  titre : « \(title) »" + (titleFrom.map { " (\($0))" } ?? "") + "\n" }
        if let date { out += "  date : \(date)" + (dateFrom.map { " (\($0))" } ?? "") + "\n" }
        for file in attachments { out += "  fichier : \(file)\n" }
        for note in notes { out += "  note : \(note)\n" }
        if !losses.isEmpty {
            out += "  à vérifier (\(losses.count)) :\n"
            for loss in losses { out += "    - [\(loss.place)] \(loss.message)\n" }
        }
        for p in problems {
            out += "  à corriger : \(p.file):\(p.line) : \(p.message)" + (p.help.map { " — \($0)" } ?? "") + "\n"
        }
        return out
    }
}
