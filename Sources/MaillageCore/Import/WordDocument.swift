import Foundation
import FoundationXML

/// A Word-family document (`.docx`, `.odt`, `.doc`, `.rtf`) made into a page's Markdown:
/// LibreOffice makes anything but `.docx` a `.docx` (pandoc 2.17 loses an ODT's comments,
/// tracked changes, header row and merged cells, and reads no `.doc`); pandoc reads it with
/// tracked changes kept as marks, and Maillage's filter (`Filtre/import.lua`) writes GFM and
/// says what it changed; the document's XML gives what pandoc drops without a word (text
/// boxes, embedded objects) and its properties (title, creation date).
struct WordDocument {
    var title: String?
    var titleFrom: String?
    /// The paragraph in the Title style, which pandoc takes out of the body (it may say the date).
    var styleTitle: String?
    /// The body, images written `![alt](maillage-image-N)` until they have their address.
    var markdown: String
    var images: [Image] = []
    var losses: [ImportedFile.Loss] = []
    var notes: [String] = []
    var created: LocalDate?

    struct Image {
        var number: Int
        var file: URL
        var alt: String
        var place: String
    }

    enum Failure: Error {
        case conversion(String)
    }

    /// `filter`: Maillage's pandoc filter, written once for the run.
    static func read(_ source: URL, workspace: URL, filter: URL, pandoc: ExternalTool, libreOffice: LibreOffice) throws -> WordDocument {
        var notes: [String] = []
        var docx = source
        if source.pathExtension.lowercased() != "docx" {
            guard let converted = try libreOffice.convert(source, to: "docx", in: workspace) else {
                throw Failure.conversion("LibreOffice n’a pas pu le convertir (fichier abîmé, protégé par un mot de passe, ou trop long à convertir)")
            }
            docx = converted
            notes.append("converti en .docx par LibreOffice avant la lecture")
        }
        let media = workspace.appendingPathComponent("media")
        let output = workspace.appendingPathComponent("page.md")
        let run = try pandoc.run(["-f", "docx", "--track-changes=all", "--extract-media=\(media.path)", "-t", "gfm", "--wrap=none",
                                  "--lua-filter=\(filter.path)", "-o", output.path, docx.path])
        guard !run.timedOut, run.status == 0, let data = FileManager.default.contents(atPath: output.path) else {
            let why = run.timedOut ? "pandoc a mis plus de \(Int(pandoc.timeout)) secondes" : "pandoc n’a pas pu le lire : " + run.errors.prefix(200)
            throw Failure.conversion(why)
        }
        var document = WordDocument(markdown: String(decoding: data, as: UTF8.self), notes: notes)
        for line in run.errors.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.first == "MAILLAGE", fields.count >= 4 else {
                let text = line.trimmingCharacters(in: .whitespaces)
                if !text.isEmpty { document.losses.append(.init(code: "pandoc", place: "document", message: "pandoc signale : \(text)")) }
                continue
            }
            switch fields[1] {
            case "title":
                document.title = fields[3]
                document.titleFrom = "style « Titre » du document"
                document.styleTitle = fields[3]
            case "image" where fields.count >= 6:
                document.images.append(Image(number: Int(fields[3]) ?? 0, file: media.appendingPathComponent(fields[4]), alt: fields[5], place: fields[2]))
            default:
                document.losses.append(.init(code: fields[1], place: fields[2], message: fields[3]))
            }
        }
        let inspection = Inspection(docx)
        if let title = inspection.title, !title.isEmpty {
            document.title = title
            document.titleFrom = "propriétés du document"
        }
        document.created = inspection.created
        for box in inspection.textBoxes {
            document.losses.append(.init(code: "text-box", place: "zone de texte",
                                         message: "zone de texte non reprise (pandoc ne les lit pas) : « \(box) » — recopiez-la dans la page si elle compte"))
        }
        if inspection.embeddedObjects > 0 {
            document.losses.append(.init(code: "embedded-object", place: "document",
                                         message: "\(inspection.embeddedObjects) objet(s) incorporé(s) (tableur, équation, graphique…) non repris : publiez-les à part, en PDF ou en image"))
        }
        return document
    }

    /// What the document's XML says that pandoc does not: its properties, its text boxes and
    /// its embedded objects.
    struct Inspection {
        var title: String?
        var created: LocalDate?
        var textBoxes: [String] = []
        var embeddedObjects = 0

        init(_ docx: URL) {
            if case .success(let core) = ZipArchive.read(docx, "docProps/core.xml", limit: 1 << 20) {
                let texts = XMLTexts(wanted: ["dc:title", "dcterms:created"])
                texts.parse(core)
                title = texts.found["dc:title"]?.trimmingCharacters(in: .whitespacesAndNewlines)
                created = texts.found["dcterms:created"].flatMap { LocalDate(iso: String($0.prefix(10))) }
            }
            if case .success(let body) = ZipArchive.read(docx, "word/document.xml", limit: OfficeText.limit) {
                let texts = XMLTexts(wanted: [])
                texts.parse(body)
                textBoxes = texts.boxes
                embeddedObjects = texts.objects
            }
        }
    }

    /// The text of a few elements, the text boxes (once each: Word writes a box twice, as
    /// DrawingML and as a VML fallback) and the count of embedded objects.
    private final class XMLTexts: NSObject, XMLParserDelegate {
        let wanted: Set<String>
        var found: [String: String] = [:]
        var boxes: [String] = []
        var objects = 0
        private var current: String?
        private var box: String?
        private var boxDepth = 0
        private var fallback = 0

        init(wanted: Set<String>) { self.wanted = wanted }

        func parse(_ data: Data) {
            guard !OfficeText.declaresEntities(data) else { return }
            let parser = XMLParser(data: data)
            parser.shouldResolveExternalEntities = false
            parser.delegate = self
            _ = parser.parse()
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if wanted.contains(name) { current = name; found[name] = "" }
            if name == "mc:Fallback" { fallback += 1 }
            if name == "w:txbxContent" && fallback == 0 {
                boxDepth += 1
                if boxDepth == 1 { box = "" }
            }
            if name == "w:object" && fallback == 0 { objects += 1 }
            if name == "w:p", box != nil, !(box ?? "").isEmpty { box! += " " }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == current { current = nil }
            if name == "mc:Fallback" { fallback -= 1 }
            if name == "w:txbxContent" && fallback == 0 {
                boxDepth -= 1
                if boxDepth == 0, let text = box?.split(whereSeparator: \.isWhitespace).joined(separator: " "), !text.isEmpty,
                   !boxes.contains(text) {
                    boxes.append(text)
                }
                if boxDepth == 0 { box = nil }
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let current { found[current, default: ""] += string }
            if box != nil && fallback == 0 { box! += string }
        }
    }
}
