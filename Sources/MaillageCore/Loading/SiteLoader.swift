import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The load stage's result: every source file of the site, read from disk and decoded.
public struct LoadedSite: Sendable {
    /// The site folder, absolute and with symbolic links resolved.
    public var root: URL
    public var config: SourceFile?
    /// `content/index.md`, and every Markdown or YAML file of a content folder.
    public var sources: [SourceFile]
    /// Every file under `content/`, site-relative, to resolve links, photos and attachments.
    public var files: Set<String>
    /// Files of `layouts/` by name, which replace the built-in theme's files.
    public var layouts: [String: Data]
}

/// Load stage: walks the site folder and reads its files. It interprets nothing.
public enum SiteLoader {
    public static func load(root: URL) -> (LoadedSite, [Diagnostic]) {
        let root = root.standardizedFileURL.resolvingSymlinksInPath()
        var diagnostics: [Diagnostic] = []
        var site = LoadedSite(root: root, config: nil, sources: [], files: [], layouts: [:])

        let configURL = root.appendingPathComponent(SiteConfig.fileName)
        switch read(configURL, path: SiteConfig.fileName) {
        case .success(let file): site.config = file
        case .failure(let d): diagnostics.append(d)
        case nil:
            diagnostics.append(.error(.missingConfig, at: SourceLocation(file: SiteConfig.fileName),
                                      "le fichier maillage.yaml est introuvable dans \(root.path)",
                                      help: "lancez la commande dans le dossier du site, ou indiquez-le avec --source DOSSIER"))
        }

        // Which files to read, in order; then read and decode them on every core.
        let contentRoot = root.appendingPathComponent("content")
        var wanted: [String] = []
        var links = Set<String>()
        for path in walk(contentRoot, prefix: "content", links: &links) {
            site.files.insert(path)
            let parts = path.split(separator: "/")
            let name = String(parts.last!)
            let isHome = path == "content/index.md"
            let folder = parts.count == 3 ? String(parts[1]) : nil
            let ext = (name as NSString).pathExtension.lowercased()
            if let folder, let kind = Kind.forFolder(folder) {
                let accepted = kind.isMarkdown ? ["md"] : ["yaml", "yml"]
                guard accepted.contains(ext) else { continue }
            } else if !isHome {
                if ["md", "yaml", "yml"].contains(ext) {
                    diagnostics.append(misplaced(path, parts: parts))
                }
                continue
            }
            if links.contains(path), let refused = confine(path, in: root, to: "content") {
                diagnostics.append(refused)
                continue
            }
            wanted.append(path)
        }
        let paths = wanted
        // More reads at once than cores: a file not yet in memory waits for the disk.
        let read = concurrentMap(paths.count, width: 4 * ProcessInfo.processInfo.activeProcessorCount) { i in
            Self.read(root.appendingPathComponent(paths[i]), path: paths[i])
        }
        for result in read {
            switch result {
            case .success(let file): site.sources.append(file)
            case .failure(let d): diagnostics.append(d)
            case nil: break
            }
        }
        if !site.files.contains("content/index.md") && FileManager.default.fileExists(atPath: contentRoot.path) == false {
            diagnostics.append(.error(.missingContent, at: SourceLocation(file: "content"),
                                      "le dossier content/ est introuvable",
                                      help: "créez content/index.md (la page d’accueil) et les dossiers de contenu (actualites/, evenements/…)"))
        }
        site.sources.sort { $0.path < $1.path }

        let layoutsRoot = root.appendingPathComponent("layouts")
        var layoutLinks = Set<String>()
        for path in walk(layoutsRoot, prefix: "", links: &layoutLinks) {
            if layoutLinks.contains(path), let refused = confine("layouts/" + path, in: root, to: "layouts") {
                diagnostics.append(refused)
                continue
            }
            if let data = FileManager.default.contents(atPath: layoutsRoot.appendingPathComponent(path).path) {
                site.layouts[path] = data
            }
        }
        return (site, diagnostics)
    }

    private static func misplaced(_ path: String, parts: [Substring]) -> Diagnostic {
        let folders = Kind.allCases.map(\.folder)
        if parts.count >= 3, Kind.forFolder(String(parts[1])) == nil {
            let folder = String(parts[1])
            return .warning(.unknownFolder, at: SourceLocation(file: path),
                            "le dossier content/\(folder)/ n’est pas un dossier de contenu connu : ce fichier est ignoré",
                            help: Suggestion.help(for: folder, among: folders,
                                                  otherwise: "les dossiers connus sont : \(folders.joined(separator: ", "))"))
        }
        return .warning(.misplacedFile, at: SourceLocation(file: path),
                        "ce fichier n’est dans aucun dossier de contenu : il est ignoré",
                        help: "rangez-le dans l’un des dossiers : \(folders.joined(separator: ", ")) (sans sous-dossier)")
    }

    /// Why the symbolic link at `path` (site-relative) may not be read: it leads out of `folder`
    /// (`content` or `layouts`), to a hidden file, nowhere, or from outside the trombinoscope into
    /// it (a person's file read as another kind would show their contact). Nothing of the file it
    /// leads to is read, so nothing of it can be quoted. Nil when it may be read.
    static func confine(_ path: String, in root: URL, to folder: String) -> Diagnostic? {
        let location = SourceLocation(file: path)
        guard let real = LinkContext.realPath(root.appendingPathComponent(path)) else {
            return .error(.symlinkEscape, at: location, "ce fichier est un lien symbolique qui ne mène à aucun fichier",
                          help: "remplacez le lien symbolique par le fichier lui-même, ou supprimez-le")
        }
        let prefix = root.path + "/"
        let relative = real.hasPrefix(prefix) ? real.dropFirst(prefix.count).split(separator: "/") : []
        guard relative.first.map(String.init) == folder, relative.count >= 2, !relative.contains(where: { $0.hasPrefix(".") }) else {
            return .error(.symlinkEscape, at: location, "ce fichier est un lien symbolique qui mène hors du dossier \(folder)/ du site : il n’est pas lu",
                          help: "remplacez le lien symbolique par une copie du fichier, rangée dans \(folder)/")
        }
        let person = Substring(Kind.person.folder)
        let parts = path.split(separator: "/")
        if folder == "content", relative.count >= 3, relative[1] == person, !(parts.count >= 3 && parts[1] == person) {
            return .error(.privateFile, at: location, "ce fichier est un lien symbolique vers une fiche du trombinoscope : il n’est pas lu",
                          help: "une personne se présente par sa fiche dans content/trombinoscope/ : liez cette fiche au lieu de la copier")
        }
        return nil
    }

    /// Whether the file at `url` is itself a symbolic link (a link is judged by `confine` in a full load).
    static func isSymbolicLink(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// Reads a file; nil when it does not exist.
    static func read(_ url: URL, path: String) -> Result<SourceFile, Diagnostic>? {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            if FileManager.default.fileExists(atPath: url.path) {
                return .failure(.error(.unreadableFile, at: SourceLocation(file: path), "fichier illisible (droits d’accès ?)"))
            }
            return nil
        }
        return SourceFile.decode(path: path, data: data)
    }

    /// Site-relative paths of the files below `folder`, sorted; hidden files and folders skipped.
    /// Symbolic links are listed (and added to `links`), not followed. Plain `readdir`: the entry's type comes with it,
    /// where Foundation's enumerator asked for every file's attributes.
    static func walk(_ folder: URL, prefix: String) -> [String] {
        var links = Set<String>()
        return walk(folder, prefix: prefix, links: &links)
    }

    static func walk(_ folder: URL, prefix: String, links: inout Set<String>) -> [String] {
        var paths: [String] = []
        func visit(_ directory: String, _ relative: String) {
            guard let handle = opendir(directory) else { return }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name.hasPrefix(".") { continue }
                let full = directory + "/" + name
                let path = relative.isEmpty ? name : relative + "/" + name
                var isDirectory = Int32(entry.pointee.d_type) == Int32(DT_DIR)
                var isLink = Int32(entry.pointee.d_type) == Int32(DT_LNK)
                if Int32(entry.pointee.d_type) == Int32(DT_UNKNOWN) {
                    var info = stat()
                    let known = lstat(full, &info) == 0
                    isDirectory = known && (info.st_mode & S_IFMT) == S_IFDIR
                    isLink = known && (info.st_mode & S_IFMT) == S_IFLNK
                }
                if isLink { links.insert(path) }
                if isDirectory { visit(full, path) } else { paths.append(path) }
            }
        }
        visit(folder.standardizedFileURL.path, prefix)
        return paths.sorted()
    }
}
