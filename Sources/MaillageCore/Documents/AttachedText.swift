import Foundation
import FoundationXML
internal import CMaillageImages

/// The words of a file a page publishes, for the search index: a resource's PDF, Word or
/// OpenDocument file, and the PDFs a page's text links to. A query for words found only
/// inside a flyer finds the flyer's page, with an excerpt of the flyer and its page number.
public struct AttachedText: Sendable, Equatable {
    /// The file's name as the page shows it (`flyer.pdf`).
    public var name: String
    /// The text of each page of a PDF, spaces collapsed; one part for a Word or ODT document.
    public var pages: [String]
    /// Whether `pages` are a PDF's pages (a result then says « page 2 »).
    public var paged: Bool

    public var isEmpty: Bool { pages.allSatisfy(\.isEmpty) }
}

/// Process phase: reads the text of the files pages publish (`AttachedText`), PDFs in the
/// bounded worker processes that make previews, Word and ODT documents here (their XML is read
/// with a size bound), and keeps it in the site's cache (`.maillage-cache/textes/`), keyed by
/// the file's content hash. A resource's PDF with no text (a scan) is a warning, unless its
/// page says `scanned: true`.
struct AttachedTextReader {
    /// Changes when what is kept in the cache changes.
    static let version = 1
    static let readable: Set<String> = ["pdf", "docx", "odt"]
    let root: URL
    let cache: URL
    let workers: PreviewWorkerPool?

    /// `cache`: where texts are kept, the site's cache by default (the importer's dry run keeps
    /// them in its own folder).
    init(root: URL, cache: URL? = nil, workers: PreviewWorkerPool?) {
        self.root = root
        self.cache = cache ?? root.appendingPathComponent(".maillage-cache/textes")
        self.workers = workers
    }

    struct Result {
        /// By the file's source path.
        var texts: [String: AttachedText] = [:]
        var diagnostics: [Diagnostic] = []
        var read = 0
    }

    private struct Job {
        var source: String
        /// A resource's `file:` line: where a scan is reported.
        var location: SourceLocation?
        var scanned: Bool
    }

    func read(for site: ResolvedSite) -> Result {
        var jobs: [Job] = []
        var seen = Set<String>()
        for d in site.documents {
            if let file = d.file, Self.readable.contains(Self.type(of: file.source)), seen.insert(file.source).inserted {
                var scanned = false
                if case .resource(let r) = d.document.details { scanned = r.scanned }
                jobs.append(Job(source: file.source, location: d.document.resourceFileLocation, scanned: scanned))
            }
            for source in d.linkedFiles where Self.type(of: source) == "pdf" && seen.insert(source).inserted {
                jobs.append(Job(source: source, location: nil, scanned: false))
            }
        }
        var result = Result()
        guard !jobs.isEmpty else { return result }
        try? FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        let sources = jobs.map(\.source)
        let outcomes = concurrentMap(sources.count, width: PreviewWorkerPool.width) { [self] in text(of: sources[$0]) }
        for (job, outcome) in zip(jobs, outcomes) {
            guard let (text, made) = outcome else { continue }
            if made { result.read += 1 }
            if text.isEmpty, text.paged, let location = job.location, !job.scanned {
                result.diagnostics.append(.warning(
                    .pdfWithoutText, at: location,
                    "le PDF « \(text.name) » n’a pas de texte (un document scanné ?) : la recherche ne trouvera pas ses mots",
                    help: "passez-le dans un logiciel de reconnaissance de texte (OCR), ou recopiez l’essentiel dans le texte de la fiche ; "
                        + "si c’est voulu, ajoutez « scanned: true » à la fiche"))
            }
            result.texts[job.source] = text
        }
        return result
    }

    static func type(of path: String) -> String { PublishPolicy.pathExtension(path) }

    /// The file's text, pages cleaned (`clean`), from the cache or read now (`made`); nil
    /// when it cannot be read (a broken or too heavy PDF is reported by its preview).
    private func text(of source: String) -> (AttachedText, made: Bool)? {
        guard let (raw, made) = rawText(of: root.appendingPathComponent(source)) else { return nil }
        let pages = raw.split(separator: "\u{0C}", omittingEmptySubsequences: false).map(Self.clean)
        return (AttachedText(name: (source as NSString).lastPathComponent, pages: pages, paged: Self.type(of: source) == "pdf"), made)
    }

    private struct Unreadable: Error {}

    /// The text of the PDF, Word or ODT file at `url` as read, lines kept, a form feed between
    /// a PDF's pages, from the cache (whose folder exists) or read now (`made`); nil when it
    /// cannot be read.
    func rawText(of url: URL) -> (text: String, made: Bool)? {
        let type = Self.type(of: url.path)
        guard let hash = ContentHash.ofFile(url) else { return nil }
        let cached = cache.appendingPathComponent("\(hash)-v\(Self.version).txt")
        let ensured = CachedFile.ensure(cached) { temporary -> Swift.Result<Void, Unreadable> in
            if type == "pdf" { return extractPDF(url.path, to: temporary.path) ? .success(()) : .failure(Unreadable()) }
            guard let text = OfficeText.read(url, type: type), (try? Data(text.utf8).write(to: temporary)) != nil else { return .failure(Unreadable()) }
            return .success(())
        }
        guard case .success(let made) = ensured, let data = try? Data(contentsOf: cached) else { return nil }
        return (String(decoding: data, as: UTF8.self), made)
    }

    private func extractPDF(_ path: String, to output: String) -> Bool {
        if let outcome = workers?.text(path, to: output) {
            if case .made = outcome { return true }
            return false
        }
        var error = [CChar](repeating: 0, count: 512)
        var pages: Int32 = 0
        return maillage_pdf_text(path, output, &pages, &error, error.count) == 0
    }

    /// Spaces collapsed; a word cut at a line's end (« coordi-↵nation ») joined again.
    static func clean(_ text: Substring) -> String {
        let c = Array(text)
        var joined = ""
        joined.reserveCapacity(text.utf8.count)
        var i = 0
        while i < c.count {
            if c[i] == "-", i > 0, c[i - 1].isLetter, i + 2 < c.count, c[i + 1].isNewline, c[i + 2].isLowercase {
                i += 2
                continue
            }
            joined.append(c[i])
            i += 1
        }
        return joined.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// The text of a Word (`.docx`) or OpenDocument (`.odt`) file, paragraph by paragraph, as its
/// reader sees it: tracked deletions, comments and notes left out.
enum OfficeText {
    /// The XML part read is at most this big once unpacked (a zip bomb stops there).
    static let limit = 64 << 20

    static func read(_ url: URL, type: String) -> String? {
        let part = type == "odt" ? "content.xml" : "word/document.xml"
        guard case .success(let data) = ZipArchive.read(url, part, limit: limit) else { return nil }
        guard !declaresEntities(data) else { return nil }
        let reader = Reader(odt: type == "odt")
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        guard parser.parse() else { return nil }
        return reader.text
    }

    /// Whether XML declares a DTD or entities, which Word and ODT files never do: an entity
    /// that expands to others (« billion laughs ») would fill the memory of the build.
    static func declaresEntities(_ data: Data) -> Bool {
        data.range(of: Data("<!DOCTYPE".utf8)) != nil || data.range(of: Data("<!ENTITY".utf8)) != nil
    }

    /// Collects `w:t` (Word) or the text of `text:p`/`text:h` (ODT), a line per paragraph.
    private final class Reader: NSObject, XMLParserDelegate {
        let odt: Bool
        var text = ""
        /// Inside a run's text (Word), or a paragraph (ODT).
        var taking = 0
        /// Inside something left out: a deletion, a comment, a note, the tracked changes' store.
        var skipping = 0

        init(odt: Bool) { self.odt = odt }

        private static let wordSkipped: Set<String> = ["w:delText", "w:commentReference", "w:footnoteReference", "w:endnoteReference"]
        private static let odtSkipped: Set<String> = ["text:tracked-changes", "office:annotation", "text:note", "text:deletion"]

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if odt {
                if Self.odtSkipped.contains(name) { skipping += 1 }
                if name == "text:p" || name == "text:h" { taking += 1 }
                if name == "text:s" || name == "text:tab" || name == "text:line-break", skipping == 0 { text.append(" ") }
            } else {
                if Self.wordSkipped.contains(name) { skipping += 1 }
                if name == "w:t" { taking += 1 }
                if name == "w:tab" || name == "w:br", skipping == 0 { text.append(" ") }
            }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if odt {
                if Self.odtSkipped.contains(name) { skipping -= 1 }
                if name == "text:p" || name == "text:h" { taking -= 1; if skipping == 0 { text.append("\n") } }
            } else {
                if Self.wordSkipped.contains(name) { skipping -= 1 }
                if name == "w:t" { taking -= 1 }
                if name == "w:p", skipping == 0 { text.append("\n") }
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if taking > 0 && skipping == 0 { text.append(string) }
        }
    }
}
