import Foundation
internal import CMaillageImages

/// `maillage importer`: a shared drive's documents made into pages of a site.
///
/// - Word, ODT, `.doc`, `.rtf`: a page of the kind the text says (minutes, retex, news, page),
///   its Markdown from pandoc (`WordDocument`), its images beside it, made web-ready.
/// - PDF, image, slide deck: a resource whose file is the document (a deck as a PDF).
///
/// Safe to run twice: a page never replaces a file; a page keeps its document's content hash
/// (`imported_from`), so that the same document, under any name, is skipped the next time; two
/// documents that want one address get two. What is written is then built as the site would
/// be with `--strict`, and each problem in a written page is given with its line.
public struct Importer {
    public struct Options: Sendable {
        /// The kind every document becomes (`--type`), instead of the one its text suggests.
        public var kind: Kind?
        public var dryRun = false
        public var today: LocalDate
        /// The `maillage` executable, for bounded PDF workers in the check build.
        public var previewWorker: URL?
        /// Pages written as drafts (`draft: true`): the atelier's imports wait to be read and published.
        public var draft = false
        /// Whether the import builds the site to check what it wrote; the atelier checks with its own build.
        public var check = true
        var pandoc = ExternalTool(executable: "pandoc", timeout: 120)
        var libreOffice = LibreOffice()

        public init(kind: Kind? = nil, dryRun: Bool = false, today: LocalDate, previewWorker: URL? = nil) {
            self.kind = kind
            self.dryRun = dryRun
            self.today = today
            self.previewWorker = previewWorker
        }
    }

    static let wordTypes: Set<String> = ["docx", "odt", "doc", "rtf"]
    static let slideTypes: Set<String> = ["pptx", "ppt", "odp"]
    static let imageTypes: Set<String> = ["jpg", "jpeg", "png", "webp", "gif"]

    let site: URL
    let options: Options

    public init(site: URL, options: Options) {
        self.site = site.standardizedFileURL
        self.options = options
    }

    /// Imports every document of `paths` (files, or folders walked in name order).
    public func run(_ paths: [String]) -> ImportReport {
        var report = ImportReport()
        /// Each content hash seen: the page that already holds it, or the file of this run.
        enum Known { case page(String), file(String) }
        var known = Self.importedHashes(in: site).mapValues(Known.page)
        var taken = Set<String>()
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-import-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: workspace) }
        // pandoc's filter, written once for every Word document of the run.
        let filter = workspace.appendingPathComponent("import.lua")
        try? FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        try? Data(PackageResources.import_lua).write(to: filter)
        var wrote = false
        for (given, url) in Self.files(in: paths) {
            var file = ImportedFile(source: given, outcome: .imported)
            guard let hash = ContentHash.hexOfFile(url.path) else {
                file.outcome = .failed
                file.notes = ["le fichier ne peut pas être lu"]
                report.files.append(file)
                continue
            }
            switch known[hash] {
            case .page(let page)?:
                file.outcome = .alreadyImported
                file.page = page
                report.files.append(file)
                continue
            case .file(let first)?:
                file.outcome = .duplicate
                file.notes = ["même contenu que « \(first) », importé une fois"]
                report.files.append(file)
                continue
            case nil:
                break
            }
            let folder = workspace.appendingPathComponent(String(report.files.count))
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            if var page = convert(url, hash: hash, workspace: folder, filter: filter, into: &file) {
                place(&page, taken: &taken, file: &file)
                if !options.dryRun {
                    if let error = write(page) {
                        file.outcome = .failed
                        file.notes.insert(error, at: 0)
                    } else {
                        wrote = true
                    }
                }
                known[hash] = .file(given)
            }
            report.files.append(file)
        }
        if wrote && options.check { check(&report) }
        return report
    }

    // MARK: The files of a drive export

    /// Every file under `paths`, hidden ones aside, each with the path as given or found.
    static func files(in paths: [String]) -> [(given: String, url: URL)] {
        var result: [(String, URL)] = []
        for path in paths {
            let url = URL(fileURLWithPath: path)
            var isFolder: ObjCBool = false
            // A file, or a path that does not exist (the report says it cannot be read).
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue else {
                result.append((path, url))
                continue
            }
            let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
            var found: [(String, URL)] = []
            while let next = walker?.nextObject() as? URL {
                guard (try? next.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
                let relative = String(next.standardizedFileURL.path.dropFirst(url.standardizedFileURL.path.count).drop { $0 == "/" })
                found.append(((path as NSString).appendingPathComponent(relative), next))
            }
            result += found.sorted { $0.0 < $1.0 }
        }
        return result
    }

    /// The content hash of each document already imported, with its page: the `imported_from`
    /// of every page of `content/`, read as the build reads front matter.
    static func importedHashes(in site: URL) -> [String: String] {
        var hashes: [String: String] = [:]
        let content = site.appendingPathComponent("content")
        let walker = FileManager.default.enumerator(at: content, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])
        while let next = walker?.nextObject() as? URL {
            guard next.pathExtension == "md", let text = try? String(contentsOf: next, encoding: .utf8) else { continue }
            let path = "content/" + String(next.standardizedFileURL.path.dropFirst(content.standardizedFileURL.path.count + 1))
            guard case .success(let split) = FrontMatterSplit.split(SourceFile(path: path, text: text)),
                  case .success(var reader) = FieldReader.parse(split.yaml, file: path, firstLine: split.yamlFirstLine),
                  let value = reader.string("imported_from")?.value, let hash = value.split(separator: "#").last, value.contains("#")
            else { continue }
            hashes[String(hash)] = path
        }
        return hashes
    }

    // MARK: One document

    /// A page to write, and the files beside it.
    struct Page {
        var kind: Kind
        var slug: String
        var front: [(key: String, value: String)]
        var body: String
        var attachments: [Attachment]
        /// `content/<folder>/<slug>.md`, once placed.
        var path: String { "content/\(kind.folder)/\(slug).md" }

        struct Attachment {
            /// Site-relative path (`content/ressources/flyer.pdf`).
            var path: String
            var source: URL
            /// Written in the page where `placeholder` is.
            var placeholder: String?
        }
    }

    private func convert(_ url: URL, hash: String, workspace: URL, filter: URL, into file: inout ImportedFile) -> Page? {
        let type = url.pathExtension.lowercased()
        let name = url.lastPathComponent
        if let refusal = ContentType.refusal(of: url, type: type) {
            file.outcome = .refused
            file.notes = [refusal]
            return nil
        }
        let imported = "\(name)#\(hash)"
        do {
            if Self.wordTypes.contains(type) {
                let word = try WordDocument.read(url, workspace: workspace, filter: filter, pandoc: options.pandoc, libreOffice: options.libreOffice)
                return page(of: word, url: url, imported: imported, workspace: workspace, file: &file)
            }
            var pdf = url
            if Self.slideTypes.contains(type) {
                guard let converted = try options.libreOffice.convert(url, to: "pdf", in: workspace) else {
                    file.outcome = .failed
                    file.notes = ["LibreOffice n’a pas pu convertir la présentation en PDF"]
                    return nil
                }
                pdf = converted
                file.notes.append("présentation convertie en PDF ; c’est le PDF qui est publié, pas l’original")
            }
            return resource(pdf, original: url, imported: imported, workspace: workspace, file: &file,
                            created: pdf == url ? nil : WordDocument.Inspection(url).created)
        } catch ExternalTool.Failure.missing(let tool) {
            file.outcome = .failed
            file.notes = ["\(tool) n’est pas installé : " + (tool == "pandoc" ? "apt install pandoc" : "apt install libreoffice-writer-nogui libreoffice-impress-nogui")]
        } catch WordDocument.Failure.conversion(let why) {
            file.outcome = .failed
            file.notes = [why]
        } catch {
            file.outcome = .failed
            file.notes = [SystemError.describe(error)]
        }
        return nil
    }

    private func page(of word: WordDocument, url: URL, imported: String, workspace: URL, file: inout ImportedFile) -> Page? {
        var word = word
        var body = word.markdown
        var title = word.title, titleFrom = word.titleFrom
        // No title in the properties or the Title style: the first heading, taken out of the text.
        if title == nil, let first = DocumentText.leadingHeading(body) {
            title = first.text
            titleFrom = "premier titre du document"
            body = first.rest
        }
        if title == nil {
            title = DocumentText.title(fromFileName: url)
            titleFrom = "nom du fichier, à vérifier"
        }
        let plain = DocumentText.plain(body)
        let kind = options.kind ?? DocumentText.kind(of: (title ?? "") + "\n" + plain)
        let slug = Slug.make(title ?? "document")
        var attachments: [Page.Attachment] = []
        for image in word.images {
            guard let made = webImage(image, workspace: workspace, file: &file) else {
                body = body.replacingOccurrences(of: "![\(image.alt)](maillage-image-\(image.number))", with: "")
                continue
            }
            let path = "content/\(kind.folder)/\(slug)/image-\(image.number).\(made.pathExtension)"
            attachments.append(.init(path: path, source: made, placeholder: "maillage-image-\(image.number)"))
            if image.alt.isEmpty {
                word.losses.append(.init(code: "image-alt", place: image.place,
                                         message: "image \(image.number) sans description : écrivez entre les crochets de ![](…) ce qu’elle montre"))
            }
        }
        file.losses = word.losses
        file.notes += word.notes
        var front: [(String, String)] = [("title", title ?? "")]
        let (date, dateFrom) = documentDate(text: (word.styleTitle ?? "") + "\n" + plain, created: word.created, url: url)
        front.append(("date", date.description))
        if let summary = DocumentText.summary(of: body) { front.append(("summary", summary)) }
        front.append(("imported_from", imported))
        file.kind = kind.singular.lowercased()
        file.title = title
        file.titleFrom = titleFrom
        file.date = date.description
        file.dateFrom = dateFrom
        return Page(kind: kind, slug: slug, front: front, body: DocumentText.tidy(body), attachments: attachments)
    }

    /// A resource whose file is `pdf` (or an image).
    /// `created`: the original's creation day when `document` is a conversion (a deck's PDF).
    private func resource(_ document: URL, original: URL, imported: String, workspace: URL, file: inout ImportedFile,
                          created: LocalDate?) -> Page? {
        let type = document.pathExtension.lowercased()
        var title: String?, titleFrom: String?, text = "", created = created
        let converted = document != original
        var scanned = false
        if type == "pdf" {
            var buffer = [CChar](repeating: 0, count: 1024)
            var seconds: Int64 = -1
            if maillage_pdf_info(document.path, &buffer, buffer.count, &seconds) == 0 {
                let value = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                if DocumentText.isTitle(value) { title = value; titleFrom = "propriétés du PDF" }
                if seconds > 0, !converted { created = Self.day(of: Date(timeIntervalSince1970: Double(seconds))) }
            }
            // The build's reader, its cache in the run's folder (a dry run writes nothing in the site).
            text = AttachedTextReader(root: site, cache: workspace, workers: nil).rawText(of: document)?.text ?? ""
            if text.allSatisfy(\.isWhitespace) {
                scanned = true
                file.losses.append(.init(code: "scanned", place: "PDF", message: "PDF sans texte (scanné) : la recherche ne lira pas son contenu ; la fiche dit « scanned: true ». Recopiez l’essentiel dans le texte de la fiche, ou faites-le passer par une reconnaissance de texte (OCR)"))
            }
        } else {
            guard ImageHeader.measure(document.path) != nil else {
                file.outcome = .refused
                file.notes = ["image illisible : elle ne s’ouvre pas, ou ce n’est pas une image"]
                return nil
            }
        }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if title == nil, let first = lines.first, DocumentText.isTitle(first) {
            title = first
            titleFrom = "première ligne du document"
        }
        if title == nil {
            title = DocumentText.title(fromFileName: original)
            titleFrom = "nom du fichier, à vérifier"
        }
        let (date, dateFrom) = documentDate(text: "", created: created, url: original)
        let slug = Slug.make(title ?? "document")
        let fileName = "\(slug).\(type == "jpeg" ? "jpg" : type)"
        var front: [(String, String)] = [("title", title ?? ""), ("date", date.description), ("file", fileName)]
        let words = lines.joined(separator: " ")
        if !words.isEmpty, let summary = DocumentText.summary(of: words) { front.append(("summary", summary)) }
        if scanned { front.append(("scanned", "true")) }
        front.append(("imported_from", imported))
        file.kind = Kind.resource.singular.lowercased()
        file.title = title
        file.titleFrom = titleFrom
        file.date = date.description
        file.dateFrom = dateFrom
        let body = type == "pdf" ? "Le document à télécharger." : "L’image à télécharger."
        return Page(kind: .resource, slug: slug, front: front, body: body + "\n",
                    attachments: [.init(path: "content/ressources/\(fileName)", source: document, placeholder: nil)])
    }

    /// The day a page is dated: the first date its text writes the French way, else the
    /// document's creation date, else the file's modification day.
    private func documentDate(text: String, created: LocalDate?, url: URL) -> (LocalDate, String) {
        if let found = FrenchDateReader.first(in: text) {
            return (found.value.date, "« \(found.written) », dans le texte")
        }
        if let created { return (created, "date de création du document") }
        let modified = (try? url.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate
        if let modified {
            return (Self.day(of: modified), "date de modification du fichier, à vérifier")
        }
        return (options.today, "date du jour, à vérifier")
    }

    /// The day a moment falls on, here (where the documents were made).
    static func day(of moment: Date) -> LocalDate { LocalDate.today(in: .current, at: moment) }

    /// An image of the document as browsers show it: EMF and WMF (Windows drawings) converted
    /// to PNG by LibreOffice; an image libvips cannot read is reported and left out.
    private func webImage(_ image: WordDocument.Image, workspace: URL, file: inout ImportedFile) -> URL? {
        var url = image.file
        let type = url.pathExtension.lowercased()
        if ["emf", "wmf", "emz", "wmz"].contains(type) {
            guard let png = try? options.libreOffice.convert(url, to: "png", in: workspace) else {
                file.losses.append(.init(code: "image", place: image.place,
                                         message: "image \(image.number) (\(type.uppercased()), un dessin Windows) non convertie : enregistrez-la en PNG depuis Word et ajoutez-la"))
                return nil
            }
            file.notes.append("image \(image.number) : dessin \(type.uppercased()) converti en PNG")
            url = png
        }
        guard let (width, height) = ImageHeader.measure(url.path), width * height <= ImageHeader.maximumPixels else {
            file.losses.append(.init(code: "image", place: image.place,
                                     message: "image \(image.number) illisible ou trop grande (\(url.lastPathComponent)) : elle n’est pas reprise"))
            return nil
        }
        return url
    }

    // MARK: Addresses and writing

    /// Gives the page an address no file of the site and no other page of this run has.
    private func place(_ page: inout Page, taken: inout Set<String>, file: inout ImportedFile) {
        let base = page.slug
        func free(_ slug: String) -> Bool {
            var candidate = page
            candidate.slug = slug
            let paths = [candidate.path] + (page.kind == .resource ? [] : ["content/\(page.kind.folder)/\(slug)"])
            return paths.allSatisfy { !taken.contains($0) && !FileManager.default.fileExists(atPath: site.appendingPathComponent($0).path) }
        }
        var n = 1
        while !free(page.slug) {
            n += 1
            page.slug = "\(base)-\(n)"
        }
        if n > 1 { file.notes.append("l’adresse « \(base) » est déjà prise : la page est « \(page.slug) »") }
        // The images' folder and a resource's file follow the page's address.
        for i in page.attachments.indices {
            let old = page.attachments[i].path
            var name = (old as NSString).lastPathComponent
            if page.kind == .resource {
                name = "\(page.slug).\((name as NSString).pathExtension)"
                page.front = page.front.map { $0.key == "file" ? ($0.key, name) : $0 }
                page.attachments[i].path = "content/ressources/\(name)"
            } else {
                page.attachments[i].path = "content/\(page.kind.folder)/\(page.slug)/\(name)"
            }
            if let placeholder = page.attachments[i].placeholder {
                page.body = page.body.replacingOccurrences(of: "(\(placeholder))", with: "(\(page.slug)/\(name))")
            }
        }
        taken.insert(page.path)
        taken.insert("content/\(page.kind.folder)/\(page.slug)")
        for a in page.attachments { taken.insert(a.path) }
        file.page = page.path
        file.attachments = page.attachments.map(\.path)
    }

    /// Writes the page and its files, never over an existing file; an error message, or nil.
    private func write(_ page: Page) -> String? {
        let front = page.front + (options.draft ? [("draft", "true")] : [])
        let text = "---\n" + front.map { "\($0.key): \(DocumentText.yaml($0.value, key: $0.key))" }.joined(separator: "\n") + "\n---\n" + page.body
        var created: [URL] = []
        func undo() { for url in created.reversed() { try? FileManager.default.removeItem(at: url) } }
        do {
            for attachment in page.attachments {
                let target = site.appendingPathComponent(attachment.path)
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                guard !FileManager.default.fileExists(atPath: target.path) else { undo(); return "\(attachment.path) existe déjà : rien n’est remplacé" }
                try FileManager.default.copyItem(at: attachment.source, to: target)
                created.append(target)
            }
            let target = site.appendingPathComponent(page.path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            let fd = open(target.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard fd >= 0 else { undo(); return "\(page.path) existe déjà : rien n’est remplacé" }
            let data = Data(text.utf8)
            let ok = data.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) == $0.count }
            close(fd)
            guard ok else { created.append(target); undo(); return "écriture impossible de \(page.path)" }
        } catch {
            undo()
            return SystemError.describe(error)
        }
        return nil
    }

    /// Builds the site as `--strict` would, without writing it, and gives each problem of a
    /// written file to the document it came from.
    private func check(_ report: inout ImportReport) {
        var options = BuildOptions(source: site, strict: true, buildDate: self.options.today)
        options.previewWorker = self.options.previewWorker
        let build = Build.run(options, write: false)
        for i in report.files.indices {
            guard let page = report.files[i].page, report.files[i].outcome == .imported else { continue }
            let own = Set([page] + report.files[i].attachments)
            for d in build.diagnostics where d.severity == .error && own.contains(d.location.file) {
                report.files[i].problems.append(.init(file: d.location.file, line: d.location.line, code: d.code, message: d.message, help: d.help))
            }
        }
    }
}
