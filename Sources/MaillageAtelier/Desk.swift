import Foundation
import MaillageCore

/// What the atelier does to the site folder: read an item, save it (checked by the build,
/// committed in the name of the signed-in person, pushed), show its history, bring back an old
/// version, build the preview. Every change goes through one queue, one at a time, so that two
/// saves never interleave; pushes happen behind, several commits at once.
public final class Desk: Sendable {
    public let site: URL
    let model: ContentModel
    let git: Git
    /// The preview's build, which also checks every save: what it keeps from one build to the next.
    let siteCache = BuildCache()
    /// The preview's address (`http://127.0.0.1:8080/apercu/`): its pages link under it.
    let previewBase: String
    /// The executable whose `__apercu` subcommand renders PDF previews apart (uploads are not trusted).
    let previewWorker: URL?
    /// Whether files changed that the desk did not write (a merge from the remote).
    let outsideChanges = Locked(true)
    let queue = DispatchQueue(label: "maillage.atelier.desk")
    let pushQueue = DispatchQueue(label: "maillage.atelier.push")
    /// Whether commits wait for a push, whether one is running, and the last push's error.
    let pushing = Locked<(pending: Bool, running: Bool, error: String?)>((false, false, nil))
    /// The largest file a form takes.
    public let maximumFileSize: Int
    /// Each item's title and draft state, read again when its file's stamp moves.
    let titles = Locked<[String: (stamp: FileStamp, title: String, draft: Bool)]>([:])

    public init(site: URL, model: ContentModel = .standard, maximumFileSize: Int = 20 << 20,
                previewBase: String = "http://127.0.0.1/apercu/", previewWorker: URL? = nil) {
        self.site = site.standardizedFileURL
        self.previewBase = previewBase
        self.previewWorker = previewWorker
        self.model = model
        self.git = Git(site: self.site)
        self.maximumFileSize = maximumFileSize
        AccountStore.excludeFromGit(site: self.site)
    }

    /// Runs `body` on the desk's queue: one change at a time.
    func serially<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }

    // MARK: Items

    public struct Item: Sendable {
        public var path: String
        public var kind: Kind
        public var title: String
        public var draft: Bool
    }

    /// `content/evenements/campus.md` → its kind, when the path is one of a content item.
    public func kind(ofPath path: String) -> Kind? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "content", let kind = Kind.forFolder(String(parts[1])) else { return nil }
        let name = String(parts[2])
        let ext = kind.isMarkdown ? ".md" : ".yaml"
        guard name.hasSuffix(ext), Slug.isSafe(String(name.dropLast(ext.count))) else { return nil }
        return kind
    }

    /// The items of a kind, by title.
    public func items(of kind: Kind) -> [Item] {
        let folder = site.appendingPathComponent("content/\(kind.folder)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var items: [Item] = []
        for name in names.sorted() {
            let path = "content/\(kind.folder)/\(name)"
            guard self.kind(ofPath: path) == kind else { continue }
            let url = site.appendingPathComponent(path)
            // stat(2) itself: Foundation's attributes also look up the owner's name, at each file.
            guard let stamp = FileStamp.of(url.path) else { continue }
            if let known = titles.value[path], known.stamp == stamp {
                items.append(Item(path: path, kind: kind, title: known.title, draft: known.draft))
                continue
            }
            let file = (try? String(contentsOf: url, encoding: .utf8)).flatMap { ContentFile.read($0, kind: kind, model: model) }
            let title = file?.title ?? name
            let draft = file?.yesNo("draft") ?? false
            titles.withLock { $0[path] = (stamp, title, draft) }
            items.append(Item(path: path, kind: kind, title: title, draft: draft))
        }
        return items.sorted { $0.title.localizedStandardCompare($1.title) == .orderedAscending }
    }

    /// The file's text and its revision (a hash of its bytes), or nil when it does not exist.
    public func read(_ path: String) -> (text: String, revision: String)? {
        guard kind(ofPath: path) != nil, let data = FileManager.default.contents(atPath: site.appendingPathComponent(path).path) else { return nil }
        return (String(decoding: data, as: UTF8.self), ContentHash.hex(data))
    }

    // MARK: Saving

    public struct Attachment: Sendable {
        /// The key it fills: `file` or `photo`.
        public var key: String
        public var filename: String
        public var data: Data
        public init(key: String, filename: String, data: Data) {
            self.key = key
            self.filename = filename
            self.data = data
        }
    }

    public struct SaveRequest: Sendable {
        public var kind: Kind
        /// nil for a new item: its path comes from its title.
        public var path: String?
        public var file: ContentFile
        /// The revision the form was filled from: another save since is a conflict.
        public var base: String?
        public var publish: Bool
        public var author: String
        public var role: Role
        public var attachments: [Attachment]
    }

    /// A problem of a save, at the key it concerns (`body` for the text, empty for the whole item).
    public struct Problem: Sendable {
        public var key: String
        public var message: String
        public var help: String?
    }

    public enum SaveOutcome: Sendable {
        case saved(path: String, commit: String, warnings: [Problem])
        /// Nothing was written: the problems, each at its key.
        case refused(path: String?, problems: [Problem])
        /// Someone saved the item since the form was filled: their text, and its revision.
        case conflict(path: String, theirs: String, revision: String, author: String?)
    }

    /// Saves wait here for the desk's queue; the queue takes all that arrived while it was busy
    /// at once (`saveBatch`): one build checks them together, one git process commits them.
    let waiting = Locked<[(request: SaveRequest, reply: CheckedContinuation<SaveOutcome, Never>)]>([])

    public func save(_ request: SaveRequest) async -> SaveOutcome {
        await withCheckedContinuation { reply in
            let first = waiting.withLock { waiting -> Bool in
                waiting.append((request, reply))
                return waiting.count == 1
            }
            if first { queue.async { self.saveWaiting() } }
        }
    }

    func saveWaiting() {
        let batch = waiting.withLock { waiting in
            defer { waiting = [] }
            return waiting
        }
        guard !batch.isEmpty else { return }
        let outcomes = saveBatch(batch.map(\.request))
        for (item, outcome) in zip(batch, outcomes) { item.reply.resume(returning: outcome) }
        if outcomes.contains(where: { if case .saved = $0 { true } else { false } }) { schedulePush() }
    }

    static func problem(_ message: String, help: String? = nil, key: String = "") -> Problem {
        Problem(key: key, message: message, help: help)
    }

    /// A save whose files are written, waiting for the build's checks and its commit.
    struct Written {
        var path: String
        var text: String
        var title: String
        /// Every file written (the item and its attachments), with what was there before (nil: nothing).
        var previous: [String: Data?]
        var message: String
        var author: String
        /// Published: the site is built with `--strict` (docs/publication.md), so a warning
        /// stops it as an error would.
        var publish: Bool
        /// The item's text did not change and no file came with it: nothing to commit.
        var unchanged: Bool

        /// Puts back what was there before.
        func restore(in site: URL) {
            for (p, data) in previous {
                let url = site.appendingPathComponent(p)
                if let data { try? SiteWriter.replace(data, at: url.path) } else { try? FileManager.default.removeItem(at: url) }
            }
        }
    }

    /// Saves several requests, in their order: each is checked and written (a later one on the
    /// same item meets the earlier one's revision: a conflict); then one build checks all of
    /// them, and those with errors in their files are put back and the build made again without
    /// them; then the rest are committed, one commit each, by one git process.
    func saveBatch(_ requests: [SaveRequest]) -> [SaveOutcome] {
        var outcomes = [SaveOutcome?](repeating: nil, count: requests.count)
        var written: [Int: Written] = [:]
        for (i, request) in requests.enumerated() {
            switch write(request) {
            case .success(let w): written[i] = w
            case .failure(let refusal): outcomes[i] = refusal.outcome
            }
        }
        let checked = checkWritten(&written)
        for (i, result) in checked where result.refused {
            outcomes[i] = .refused(path: result.written.path,
                                   problems: Self.locate(result.diagnostics, in: result.written.text, path: result.written.path, model: model))
        }
        let warnings = checked.filter { !$0.value.refused }.mapValues { Self.locate($0.diagnostics, in: $0.written.text, path: $0.written.path, model: model) }
        switch commitWritten(written.filter { !$0.value.unchanged }) {
        case .success(let commits):
            for (i, commit) in commits { outcomes[i] = .saved(path: written[i]!.path, commit: commit, warnings: warnings[i] ?? []) }
        case .failure(let error):
            for (i, w) in written where !w.unchanged {
                outcomes[i] = .refused(path: w.path, problems: [Self.problem("git n’a pas pu enregistrer : \(error)")])
            }
        }
        for (i, w) in written where w.unchanged {
            outcomes[i] = .saved(path: w.path, commit: git.head ?? "", warnings: warnings[i] ?? [])
        }
        return outcomes.map { $0 ?? .refused(path: nil, problems: [Self.problem("enregistrement interrompu")]) }
    }

    /// The build's checks on written saves, until none has an error in its files: those that do
    /// are put back and taken out of `written`, and the build is made again. Every file the
    /// saves wrote is asked again each time, those put back too. For each save, the
    /// diagnostics in its files: the errors of a save put back (`refused`), else its warnings.
    /// A published save counts warnings as errors (the site is built with `--strict`).
    func checkWritten(_ written: inout [Int: Written]) -> [Int: (written: Written, refused: Bool, diagnostics: [Diagnostic])] {
        var results: [Int: (written: Written, refused: Bool, diagnostics: [Diagnostic])] = [:]
        let touched = Set(written.values.flatMap(\.previous.keys))
        while !written.isEmpty {
            let report = check(touched: touched)
            var refusedAny = false
            for (i, w) in written.sorted(by: { $0.key < $1.key }) {
                let here = report.diagnostics.filter { w.previous[$0.location.file] != nil }
                let errors = here.filter { $0.severity == .error || (w.publish && $0.severity == .warning) }
                guard !errors.isEmpty else {
                    results[i] = (w, false, here)
                    continue
                }
                w.restore(in: site)
                written[i] = nil
                results[i] = (w, true, errors)
                refusedAny = true
            }
            if !refusedAny { break }
        }
        return results
    }

    /// One commit per save, in their order, by one git process; when git fails, every save is
    /// put back (and the build asked about its files again).
    func commitWritten(_ written: [Int: Written]) -> Result<[Int: String], any Error> {
        let order = written.keys.sorted()
        do {
            let commits = try git.commitEach(order.map { (Array(written[$0]!.previous.keys).sorted(), written[$0]!.author, written[$0]!.message) })
            return .success(Dictionary(uniqueKeysWithValues: zip(order, commits)))
        } catch {
            for w in written.values { w.restore(in: site) }
            _ = check(touched: Set(written.values.flatMap(\.previous.keys)))
            return .failure(error)
        }
    }

    struct Refusal: Error {
        var outcome: SaveOutcome
    }

    /// Checks a request (roles, conflict, attachments) and writes its files.
    func write(_ request: SaveRequest) -> Result<Written, Refusal> {
        func refuse(_ path: String?, _ problems: [Problem]) -> Result<Written, Refusal> { .failure(Refusal(outcome: .refused(path: path, problems: problems))) }
        var file = request.file
        let kind = request.kind
        // Structures and people are published as soon as they are written: no drafts.
        if !request.publish, !kind.hasDrafts {
            return refuse(request.path, [Self.problem(
                "l’annuaire et le trombinoscope n’ont pas de brouillon : une fiche enregistrée est publiée",
                help: "demandez à un éditeur de la publier")])
        }
        if request.publish, !request.role.canPublish {
            return refuse(request.path, [Self.problem("votre compte (rédacteur) enregistre des brouillons ; un éditeur publie")])
        }
        // The path: given (and checked), or made from the title.
        let path: String
        var current: (text: String, revision: String)?
        if let given = request.path {
            guard self.kind(ofPath: given) == kind else { return refuse(nil, [Self.problem("adresse de fichier refusée")]) }
            path = given
            current = read(given)
            if let current, current.revision != request.base {
                let author = git.history(given, limit: 1).first?.author
                return .failure(Refusal(outcome: .conflict(path: given, theirs: current.text, revision: current.revision, author: author)))
            }
            if let current, !request.role.canPublish,
               !(ContentFile.read(current.text, kind: kind, model: model)?.yesNo("draft") ?? false) {
                return refuse(given, [Self.problem(
                    "cette page est publiée : un rédacteur ne peut pas la modifier", help: "demandez à un éditeur, ou proposez une nouvelle page")])
            }
        } else {
            let base = Slug.make(file.title ?? "")
            guard !base.isEmpty else {
                return refuse(nil, [Self.problem("il manque le titre (ou le nom)", help: "écrivez un titre : il donne aussi l’adresse de la page", key: kind.titleKey)])
            }
            var candidate = base
            var n = 2
            while FileManager.default.fileExists(atPath: site.appendingPathComponent(Scaffold.path(for: kind, title: candidate)).path) {
                candidate = "\(base)-\(n)"
                n += 1
            }
            path = Scaffold.path(for: kind, title: candidate)
        }
        let id = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let folder = (path as NSString).deletingLastPathComponent

        // Attached files: type read from their bytes, size limited, named after the item.
        var attached: [(path: String, data: Data)] = []
        var problems: [Problem] = []
        for attachment in request.attachments where !attachment.data.isEmpty {
            let allowed: Set<String> = attachment.key == "photo" ? ["jpg", "jpeg", "png", "webp"]
                : ["pdf", "jpg", "jpeg", "png", "webp", "docx", "odt", "xlsx", "ods", "pptx", "odp", "csv", "zip"]
            let ext = (attachment.filename as NSString).pathExtension.lowercased()
            guard allowed.contains(ext) else {
                problems.append(Self.problem("fichier « \(Self.printable(attachment.filename)) » refusé : type « .\(Self.printable(ext)) » non accepté ici",
                                             help: "types acceptés : \(allowed.sorted().joined(separator: ", "))", key: attachment.key))
                continue
            }
            guard attachment.data.count <= maximumFileSize else {
                problems.append(Self.problem("fichier « \(Self.printable(attachment.filename)) » refusé : plus de \(maximumFileSize >> 20) Mo",
                                             help: "réduisez-le (un PDF « pour l’écran », une photo de 2000 pixels au plus)", key: attachment.key))
                continue
            }
            if let mismatch = ContentType.mismatch(head: [UInt8](attachment.data.prefix(16)), type: ext) {
                problems.append(Self.problem("fichier « \(Self.printable(attachment.filename)) » refusé : \(mismatch)", key: attachment.key))
                continue
            }
            let name = "\(id).\(ext == "jpeg" ? "jpg" : ext)"
            attached.append(("\(folder)/\(name)", attachment.data))
            file.values[attachment.key] = .text(name)
        }
        guard problems.isEmpty else { return refuse(request.path, problems) }

        if kind.hasDrafts {
            if request.publish { file.values["draft"] = nil } else { file.values["draft"] = .yesNo(true) }
        }
        let text = file.written(model: model)
        let title = file.title ?? id
        let verb = request.publish ? "Publier" : "Brouillon"
        var written = Written(path: path, text: text, title: title, previous: [:],
                              message: "\(verb) : \(Self.printable(title)) (\(kind.singular.lowercased()))", author: request.author, publish: request.publish,
                              unchanged: attached.isEmpty && current?.text == text)
        let fm = FileManager.default
        for (p, _) in attached + [(path, Data())] {
            written.previous[p] = fm.contents(atPath: site.appendingPathComponent(p).path)
        }
        do {
            if !fm.fileExists(atPath: site.appendingPathComponent(folder).path) {
                try fm.createDirectory(at: site.appendingPathComponent(folder), withIntermediateDirectories: true)
            }
            for (p, data) in attached { try SiteWriter.replace(data, at: site.appendingPathComponent(p).path) }
            try SiteWriter.replace(Data(text.utf8), at: site.appendingPathComponent(path).path)
        } catch {
            written.restore(in: site)
            return refuse(request.path, [Self.problem("écriture impossible : \(SystemError.describe(error))")])
        }
        return .success(written)
    }

    /// Text fit for a commit message or a message: one line, no control characters.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.properties.generalCategory != .control })).prefix(120).description
    }

    /// The build's checks on the site as it is on disk, drafts included, by the preview's build:
    /// incremental (`BuildCache`), so a save of a text remakes only the pages that show it, and
    /// the preview is always the site as saved. `touched`: the files the desk wrote since the
    /// last build; after a merge from the remote (files the desk did not write), every file is
    /// asked for its status.
    func check(touched: Set<String>) -> BuildReport {
        var options = BuildOptions(source: site, output: previewFolder, baseURL: previewBase, includeDrafts: true, cache: siteCache,
                                   touched: outsideChanges.withLock { changed in defer { changed = false }; return changed } ? nil : touched)
        options.previewWorker = previewWorker
        return Build.run(options)
    }

    /// Each diagnostic as a problem at the key it belongs to (`body` for the text), found from
    /// its line in the written file.
    static func locate(_ diagnostics: [Diagnostic], in text: String, path: String, model: ContentModel) -> [Problem] {
        var keyOfLine: [Int: String] = [:]
        var current = "body"
        var inHeader = !path.hasSuffix(".md")
        var line = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            line += 1
            if path.hasSuffix(".md"), raw == "---" {
                inHeader = line == 1
                current = inHeader ? "" : "body"
                continue
            }
            if inHeader, let first = raw.first, first != " ", first != "#", let colon = raw.firstIndex(of: ":") {
                current = String(raw[..<colon])
            }
            keyOfLine[line] = current
        }
        let allKeys = Set(model.groups.values.joined().map(\.key))
        return diagnostics.map { d in
            // « il manque « date » » is at line 1: the key named in the message, when there is one.
            let named = d.message.components(separatedBy: "« ").dropFirst().compactMap { $0.components(separatedBy: " »").first }
            let key = (d.location.line <= 1 ? named.first { allKeys.contains($0) } : nil) ?? keyOfLine[d.location.line]
            return Problem(key: key ?? "", message: d.message, help: d.help)
        }
    }

    // MARK: Importing

    /// A document sent to be imported: its name as sent, and its bytes.
    public struct Upload: Sendable {
        public var filename: String
        public var data: Data
        public init(filename: String, data: Data) {
            self.filename = filename
            self.data = data
        }
    }

    /// The documents `maillage importer` takes: Word and OpenDocument texts, PDFs, images, slides.
    public static let importedTypes: Set<String> = ["docx", "odt", "doc", "rtf", "pdf", "jpg", "jpeg", "png", "webp", "gif", "pptx", "ppt", "odp"]

    /// What became of each document sent: the importer's report of it (its page, its points to
    /// check, its problems), and the commit that holds it.
    public struct Imported: Sendable {
        public var file: ImportedFile
        public var commit: String?
    }

    /// Imports several documents as drafts, through `maillage importer`: each becomes a page (a
    /// Word text) or a resource (a PDF, an image, a deck) of its own, checked by the preview's
    /// build (a page with an error is taken back, with its problems), and a commit of its own by
    /// `author`. Names are never used as paths: each is reduced to a safe name in a folder of
    /// the desk's, and the importer names the pages from their titles, inside `content/`.
    public func importDocuments(_ uploads: [Upload], kind: Kind?, author: String, today: LocalDate) async -> [Imported] {
        let results = await serially { self.importNow(uploads, kind: kind, author: author, today: today) }
        if results.contains(where: { $0.commit != nil }) { schedulePush() }
        return results
    }

    func importNow(_ uploads: [Upload], kind: Kind?, author: String, today: LocalDate) -> [Imported] {
        let fm = FileManager.default
        let folder = site.appendingPathComponent(".atelier/televersements/\(UUID().uuidString)")
        defer { try? fm.removeItem(at: folder) }
        try? fm.createDirectory(at: folder, withIntermediateDirectories: true)
        var results: [Imported?] = Array(repeating: nil, count: uploads.count)
        var paths: [String] = []
        var index: [String: Int] = [:]
        for (i, upload) in uploads.enumerated() {
            let shown = Self.printable((upload.filename as NSString).lastPathComponent)
            func refuse(_ note: String) {
                results[i] = Imported(file: ImportedFile(source: shown, outcome: .refused, notes: [note]), commit: nil)
            }
            let ext = (shown as NSString).pathExtension.lowercased()
            guard Self.importedTypes.contains(ext) else {
                refuse("type « .\(ext) » non pris : envoyez un document Word ou OpenDocument, un PDF, une image ou une présentation")
                continue
            }
            guard upload.data.count <= maximumFileSize else {
                refuse("plus de \(maximumFileSize >> 20) Mo : réduisez-le (un PDF « pour l’écran », une photo de 2000 pixels au plus)")
                continue
            }
            // A safe name in a folder of its own: the sent name is only shown and read for a title.
            var base = Slug.make((shown as NSString).deletingPathExtension)
            if base.isEmpty { base = "document" }
            let sub = folder.appendingPathComponent(String(i))
            let url = sub.appendingPathComponent("\(base).\(ext)")
            do {
                try fm.createDirectory(at: sub, withIntermediateDirectories: true)
                try SiteWriter.replace(upload.data, at: url.path)
            } catch {
                refuse("écriture impossible : \(SystemError.describe(error))")
                continue
            }
            paths.append(url.path)
            index[url.path] = i
        }
        var options = Importer.Options(kind: kind, today: today, previewWorker: previewWorker)
        options.draft = true
        options.check = false
        let report = paths.isEmpty ? ImportReport() : Importer(site: site, options: options).run(paths)
        // Each imported page as a save: new files (put back means removed), a draft, its message.
        var imported: [Int: ImportedFile] = [:]
        var written: [Int: Written] = [:]
        for var file in report.files {
            guard let i = index[file.source] else { continue }
            file.source = Self.printable((uploads[i].filename as NSString).lastPathComponent)
            guard file.outcome == .imported, let page = file.page else {
                results[i] = Imported(file: file, commit: nil)
                continue
            }
            imported[i] = file
            written[i] = Written(path: page, text: "", title: file.title ?? file.source,
                                 previous: Dictionary(uniqueKeysWithValues: ([page] + file.attachments).map { ($0, nil) }),
                                 message: "Importer : \(Self.printable(file.title ?? file.source)) (\(file.kind ?? "page"))",
                                 author: author, publish: false, unchanged: false)
        }
        for (i, result) in checkWritten(&written) where result.refused {
            var refused = imported[i]!
            refused.outcome = .failed
            refused.problems = result.diagnostics.map { .init(file: $0.location.file, line: $0.location.line, code: $0.code, message: $0.message, help: $0.help) }
            results[i] = Imported(file: refused, commit: nil)
        }
        switch commitWritten(written) {
        case .success(let commits):
            for (i, commit) in commits { results[i] = Imported(file: imported[i]!, commit: commit) }
        case .failure(let error):
            for i in written.keys {
                var failed = imported[i]!
                failed.outcome = .failed
                failed.notes.insert("git n’a pas pu enregistrer : \(error)", at: 0)
                results[i] = Imported(file: failed, commit: nil)
            }
        }
        return results.enumerated().map { i, result in
            result ?? Imported(file: ImportedFile(source: uploads[i].filename, outcome: .failed, notes: ["import interrompu"]), commit: nil)
        }
    }

    // MARK: Pushing

    /// The least time between the starts of two pushes: under a burst of saves, one push every
    /// two seconds sends them all (a push costs the machine more than a save).
    static let pushInterval: Duration = .seconds(2)

    /// Sends the commits to the remote, behind: several saves in a row make one push.
    func schedulePush() {
        let start = pushing.withLock { state -> Bool in
            state.pending = true
            if state.running { return false }
            state.running = true
            return true
        }
        guard start else { return }
        pushQueue.async {
            var last: ContinuousClock.Instant?
            while true {
                // Commits made during the wait go with this push.
                if let last, ContinuousClock.now < last + Self.pushInterval {
                    let wait = last + Self.pushInterval - ContinuousClock.now
                    Thread.sleep(forTimeInterval: Double(wait.components.seconds) + Double(wait.components.attoseconds) * 1e-18)
                }
                guard self.pushing.withLock({ state -> Bool in
                    if !state.pending { state.running = false; return false }
                    state.pending = false
                    return true
                }) else { break }
                last = ContinuousClock.now
                // Sending takes the network's time, beside the saves; the merge of the remote's
                // commits changes files, so it waits its turn with them.
                let failure: String?
                do {
                    if try !self.git.pushFastForward() {
                        try self.queue.sync {
                            try self.git.mergeFetched()
                            self.outsideChanges.withLock { $0 = true }
                        }
                        _ = try self.git.pushFastForward()
                    }
                    // Each batch of saves is a pack of its own: git gathers them when they are many.
                    self.git.tidy()
                    failure = nil
                } catch {
                    failure = "\(error)"
                }
                self.pushing.withLock { $0.error = failure }
            }
        }
    }

    public var pushError: String? { pushing.value.error }

    // MARK: History

    public func history(_ path: String) -> [(commit: String, author: String, date: Date, message: String)] {
        git.history(path).map { ($0.commit, $0.author, $0.date, $0.message) }
    }

    public func text(_ path: String, at commit: String) -> String? {
        guard kind(ofPath: path) != nil else { return nil }
        return git.show(path, at: commit)
    }

    // MARK: Preview

    /// Builds the preview ahead of the first save, which then finds its images and pages made.
    public func warmUp() {
        queue.async { _ = self.check(touched: []) }
    }

    /// The preview (drafts included) as the site is now: usually already built by the last save.
    public func buildPreview() async -> BuildReport {
        await serially { self.check(touched: []) }
    }

    public var previewFolder: URL { site.appendingPathComponent(".atelier/apercu") }

    /// The address of an item's page on the site: `/evenements/campus/`, `/a-propos/`.
    public static func address(of path: String, kind: Kind) -> String {
        let id = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return kind == .page ? "/\(id)/" : "/\(kind.folder)/\(id)/"
    }
}
