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
    /// Parses and Markdown of unchanged files, from one check to the next.
    let checkCache = BuildCache()
    let previewCache = BuildCache()
    let queue = DispatchQueue(label: "maillage.atelier.desk")
    let pushQueue = DispatchQueue(label: "maillage.atelier.push")
    /// Whether commits wait for a push, whether one is running, and the last push's error.
    let pushing = Locked<(pending: Bool, running: Bool, error: String?)>((false, false, nil))
    /// The largest file a form takes.
    public let maximumFileSize: Int
    let titles = Locked<[String: (stamp: Date, size: Int, title: String, draft: Bool)]>([:])

    public init(site: URL, model: ContentModel = .standard, maximumFileSize: Int = 20 << 20) {
        self.site = site.standardizedFileURL
        self.model = model
        self.git = Git(site: self.site)
        self.maximumFileSize = maximumFileSize
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
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
                  let stamp = attributes[.modificationDate] as? Date, let size = attributes[.size] as? Int else { continue }
            if let known = titles.value[path], known.stamp == stamp, known.size == size {
                items.append(Item(path: path, kind: kind, title: known.title, draft: known.draft))
                continue
            }
            let file = (try? String(contentsOf: url, encoding: .utf8)).flatMap { ContentFile.read($0, kind: kind, model: model) }
            let title = file?.title ?? name
            let draft = file?.yesNo("draft") ?? false
            titles.withLock { $0[path] = (stamp, size, title, draft) }
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

    public func save(_ request: SaveRequest) async -> SaveOutcome {
        let outcome = await serially { self.saveNow(request) }
        if case .saved = outcome { schedulePush() }
        return outcome
    }

    static func problem(_ message: String, help: String? = nil, key: String = "") -> Problem {
        Problem(key: key, message: message, help: help)
    }

    func saveNow(_ request: SaveRequest) -> SaveOutcome {
        var file = request.file
        let kind = request.kind
        // Structures and people are published as soon as they are written: no drafts.
        if !request.publish, !kind.hasDrafts {
            return .refused(path: request.path, problems: [Self.problem(
                "l’annuaire et le trombinoscope n’ont pas de brouillon : une fiche enregistrée est publiée",
                help: "demandez à un éditeur de la publier")])
        }
        if request.publish, !request.role.canPublish {
            return .refused(path: request.path, problems: [Self.problem("votre compte (rédacteur) enregistre des brouillons ; un éditeur publie")])
        }
        // The path: given (and checked), or made from the title.
        let path: String
        if let given = request.path {
            guard self.kind(ofPath: given) == kind else { return .refused(path: nil, problems: [Self.problem("adresse de fichier refusée")]) }
            path = given
            let current = read(given)
            if let current, current.revision != request.base {
                let author = git.history(given, limit: 1).first?.author
                return .conflict(path: given, theirs: current.text, revision: current.revision, author: author)
            }
            if let current, !request.role.canPublish,
               !(ContentFile.read(current.text, kind: kind, model: model)?.yesNo("draft") ?? false) {
                return .refused(path: given, problems: [Self.problem(
                    "cette page est publiée : un rédacteur ne peut pas la modifier", help: "demandez à un éditeur, ou proposez une nouvelle page")])
            }
        } else {
            let base = Slug.make(file.title ?? "")
            guard !base.isEmpty else {
                return .refused(path: nil, problems: [Self.problem("il manque le titre (ou le nom)", help: "écrivez un titre : il donne aussi l’adresse de la page", key: kind.titleKey)])
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
        var written: [(path: String, data: Data)] = []
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
            written.append(("\(folder)/\(name)", attachment.data))
            file.values[attachment.key] = .text(name)
        }
        guard problems.isEmpty else { return .refused(path: request.path, problems: problems) }

        if kind.hasDrafts {
            if request.publish { file.values["draft"] = nil } else { file.values["draft"] = .yesNo(true) }
        }
        let text = file.written(model: model)
        let title = file.title ?? id

        // Written, checked by the build, and put back as it was if this file has errors.
        let fm = FileManager.default
        var previous: [String: Data?] = [:]
        for (p, _) in written + [(path, Data())] {
            previous[p] = fm.contents(atPath: site.appendingPathComponent(p).path)
        }
        func restore() {
            for (p, data) in previous {
                let url = site.appendingPathComponent(p)
                if let data { try? data.write(to: url, options: .atomic) } else { try? fm.removeItem(at: url) }
            }
        }
        do {
            try fm.createDirectory(at: site.appendingPathComponent(folder), withIntermediateDirectories: true)
            for (p, data) in written { try data.write(to: site.appendingPathComponent(p), options: .atomic) }
            try Data(text.utf8).write(to: site.appendingPathComponent(path), options: .atomic)
        } catch {
            restore()
            return .refused(path: request.path, problems: [Self.problem("écriture impossible : \(SystemError.describe(error))")])
        }
        let mine = Set([path] + written.map(\.path))
        let report = check()
        let here = report.diagnostics.filter { mine.contains($0.location.file) }
        let errors = here.filter { $0.severity == .error }
        guard errors.isEmpty else {
            restore()
            return .refused(path: path, problems: Self.locate(errors, in: text, path: path, model: model))
        }
        let verb = request.publish ? "Publier" : "Brouillon"
        let message = "\(verb) : \(Self.printable(title)) (\(kind.singular.lowercased()))"
        do {
            let commit = try git.commit(Array(mine).sorted(), author: request.author, message: message)
            return .saved(path: path, commit: commit, warnings: Self.locate(here, in: text, path: path, model: model))
        } catch {
            restore()
            return .refused(path: request.path, problems: [Self.problem("git n’a pas pu enregistrer : \(error)")])
        }
    }

    /// Text fit for a commit message or a message: one line, no control characters.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.properties.generalCategory != .control })).prefix(120).description
    }

    /// The build's checks on the site as it is on disk, drafts included. Files are asked for
    /// their status (someone may change them outside the atelier); unchanged ones are not parsed again.
    func check() -> BuildReport {
        Build.run(BuildOptions(source: site, output: site.appendingPathComponent(".atelier/verification"), includeDrafts: true,
                               cache: checkCache), write: false)
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

    // MARK: Pushing

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
            while self.pushing.withLock({ state -> Bool in
                if !state.pending { state.running = false; return false }
                state.pending = false
                return true
            }) {
                // The merge of remote commits changes files: one change at a time with saves.
                let error: String? = self.queue.sync {
                    do { try self.git.push(); return nil } catch { return "\(error)" }
                }
                self.pushing.withLock { $0.error = error }
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

    /// Builds the preview (drafts included) into `.atelier/apercu`, linked from `base`.
    public func buildPreview(base: String) async -> BuildReport {
        await serially {
            var options = BuildOptions(source: self.site, output: self.previewFolder, baseURL: base, includeDrafts: true, cache: self.previewCache)
            options.previewWorker = nil
            return Build.run(options)
        }
    }

    public var previewFolder: URL { site.appendingPathComponent(".atelier/apercu") }

    /// The address of an item's page on the site: `/evenements/campus/`, `/a-propos/`.
    public static func address(of path: String, kind: Kind) -> String {
        let id = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return kind == .page ? "/\(id)/" : "/\(kind.folder)/\(id)/"
    }
}
