import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Decides what links and file paths written in content point to, and keeps them inside the site.
struct LinkContext: Sendable {
    let resolver: Resolver
    /// Page links by the site-relative path of their source file.
    let byPath: [String: PageLink]
    let drafts: Set<String>
    /// Files published because some content points to them, by source path.
    private(set) var attachments: [String: Attachment] = [:]
    /// Links whose target can only be checked once pages are rendered: `#anchors`, and
    /// absolute paths of the site (`/annuaire/`).
    private(set) var pending: [PendingLink] = []
    /// Web addresses linked from Markdown, for `maillage check --external`.
    private(set) var external: [Located<String>] = []

    init(resolver: Resolver, byPath: [String: PageLink], drafts: Set<String>) {
        self.resolver = resolver
        self.byPath = byPath
        self.drafts = drafts
    }

    var basePath: String { resolver.content.config.basePath }

    /// Takes what `other` (a copy of `base` that decided more links, on another core) found
    /// since: its attachments, pending links and web addresses.
    mutating func absorb(_ other: LinkContext, since base: LinkContext) {
        for (source, attachment) in other.attachments { attachments[source] = attachment }
        pending += other.pending.dropFirst(base.pending.count)
        external += other.external.dropFirst(base.external.count)
    }

    /// A Markdown link or image destination written in the file at `source`.
    mutating func decide(_ url: String, at location: SourceLocation, from source: String) -> LinkDecision {
        if url.hasPrefix("#") {
            if let own = pageAddress(of: source) {
                pending.append(PendingLink(written: url, location: location, page: own, fragment: String(url.dropFirst()), absolute: false))
            }
            return .keep
        }
        if let scheme = URLPolicy.scheme(of: url) {
            if scheme == "http" || scheme == "https" { external.append(Located(url, at: location)) }
            return .keep
        }
        if url.hasPrefix("//") { return .keep }
        var path = url
        var suffix = ""
        if let cut = path.utf8.firstIndex(where: { $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "?") }) {
            suffix = String(path[cut...])
            path = String(path[..<cut])
        }
        if path.isEmpty { return .keep }
        let fragment = suffix.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).dropFirst().first.map(String.init)
        if path.hasPrefix("/") {
            pending.append(PendingLink(written: url, location: location, page: String(path.dropFirst()), fragment: fragment, absolute: true))
            return .rewrite(basePath + path.dropFirst() + suffix)
        }
        let decoded = path.utf8.contains(UInt8(ascii: "%")) ? (path.removingPercentEncoding ?? path) : path
        guard let target = Self.normalize(Self.directory(of: source) + "/" + decoded) else {
            return .reject(.error(.pathEscape, at: location, "le lien « \(url) » sort du dossier du site",
                                  help: "un lien vers un fichier du site part du dossier de la page : ../evenements/mon-evenement.md"))
        }
        if let link = byPath[target] {
            if let fragment {
                pending.append(PendingLink(written: url, location: location, page: link.address, fragment: fragment, absolute: false))
            }
            return .rewrite(basePath + link.address + suffix)
        }
        if target.hasPrefix("content/"), let kind = Kind.forFolder(String(target.dropFirst("content/".count))), kind != .page {
            return .rewrite(basePath + kind.folder + "/" + suffix)
        }
        if target == "content" || target == "content/index.md" {
            if let fragment {
                pending.append(PendingLink(written: url, location: location, page: "", fragment: fragment, absolute: false))
            }
            return .rewrite(basePath + suffix)
        }
        if drafts.contains(target) {
            return .reject(.error(.draftLink, at: location, "le lien « \(url) » mène à un brouillon (draft: true), qui n’est pas publié",
                                  help: "publiez la page liée (retirez draft: true) ou retirez le lien"))
        }
        let ext = (target as NSString).pathExtension.lowercased()
        if ["md", "yaml", "yml"].contains(ext), resolver.content.files.contains(target) {
            // The target exists but could not be read: its own error says why.
            return .keep
        }
        if ["md", "yaml", "yml"].contains(ext) {
            let folder = Self.directory(of: target)
            let siblings = byPath.keys.filter { Self.directory(of: $0) == folder }.map { ($0 as NSString).lastPathComponent }
            let name = (target as NSString).lastPathComponent
            let help = Suggestion.help(for: name, among: siblings,
                                       otherwise: "vérifiez le nom du fichier et le dossier (../evenements/, ../annuaire/…) ; le chemin part du dossier de la page")
            return .reject(.error(.brokenLink, at: location, "lien vers un fichier qui n’existe pas : « \(url) »", help: help))
        }
        switch attachment(decoded, at: location, from: source, key: nil) {
        case .success(let a): return .rewrite(basePath + Self.percentEncode(a.output) + suffix)
        case .failure(let d): return .reject(d)
        }
    }

    /// The address of the page a content file becomes (`""` for the home page).
    func pageAddress(of source: String) -> String? {
        source == "content/index.md" ? "" : byPath[source]?.address
    }

    /// A file named in content (`file:`, `photo:`, a link to a PDF): confined to `content/`, existing, published as is.
    /// With `allowPrivate`, files of the trombinoscope may be named (a person's own photo).
    mutating func attachment(_ written: String, at location: SourceLocation, from source: String, key: String?, allowPrivate: Bool = false) -> Result<Attachment, Diagnostic> {
        let label = key.map { "« \($0) »" } ?? "le lien"
        if written.hasPrefix("/") || written.hasPrefix("~") || (written.count > 1 && written.dropFirst().hasPrefix(":\\")) {
            return .failure(.error(.absolutePath, at: location, "\(label) donne un chemin absolu « \(written) » : seuls les fichiers du site peuvent être publiés",
                                   help: "placez le fichier à côté de la page et écrivez seulement son nom, par exemple flyer.pdf"))
        }
        guard let target = Self.normalize(Self.directory(of: source) + "/" + written), target.hasPrefix("content/") else {
            return .failure(.error(.pathEscape, at: location, "\(label) « \(written) » mène hors du dossier content/ du site",
                                   help: "placez le fichier à côté de la page (dans content/) et écrivez seulement son nom, par exemple flyer.pdf"))
        }
        guard resolver.content.files.contains(target) else {
            let folder = Self.directory(of: target)
            let siblings = resolver.content.files.filter { Self.directory(of: $0) == folder && !$0.hasSuffix(".md") && !$0.hasSuffix(".yaml") }
                .map { ($0 as NSString).lastPathComponent }
            let name = (target as NSString).lastPathComponent
            return .failure(.error(.missingFile, at: location, "fichier introuvable : « \(written) » (cherché dans \(folder)/)",
                                   help: Suggestion.help(for: name, among: siblings,
                                                         otherwise: "ajoutez le fichier \(name) dans \(folder)/, ou corrigez son nom (majuscules et accents comptent)")))
        }
        // Where the file really is (symbolic links followed), judged as if that path were written.
        let url = resolver.root.appendingPathComponent(target)
        let rootPath = resolver.root.path + "/"
        guard let realPath = Self.realPath(url) else {
            return .failure(.error(.symlinkEscape, at: location, "\(label) « \(written) » est un lien symbolique qui ne mène à aucun fichier",
                                   help: "remplacez le lien symbolique par une copie du fichier"))
        }
        let real = realPath.hasPrefix(rootPath) ? String(realPath.dropFirst(rootPath.count)) : "/"
        if let refusal = PublishPolicy.refusal(written: target, real: real, allowPrivate: allowPrivate) {
            return .failure(.error(refusal.code, at: location, "\(label) « \(written) » : \(refusal.message)", help: refusal.help))
        }
        var info = stat()
        guard stat(realPath, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            return .failure(.error(.notAFile, at: location, "\(label) « \(written) » désigne un dossier ou un fichier spécial, pas un document",
                                   help: "indiquez le nom d’un fichier (PDF, image…) rangé dans content/"))
        }
        if let refusal = PublishPolicy.contentRefusal(at: realPath, written: target, stamp: InputSnapshot.Stamp(info), allowPrivate: allowPrivate) {
            return .failure(.error(refusal.code, at: location, "\(label) « \(written) » : \(refusal.message)", help: refusal.help))
        }
        if let existing = attachments[target] { return .success(existing) }
        let attachment = Attachment(source: target, output: String(target.dropFirst("content/".count)), size: Int(info.st_size), location: location)
        if !allowPrivate { attachments[target] = attachment }
        return .success(attachment)
    }

    /// The file a path finally designates, following every symbolic link; nil when a link dangles.
    static func realPath(_ url: URL) -> String? {
        var current = url.standardizedFileURL
        for _ in 0..<40 {
            guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current.path) else {
                // Not a link: resolve the links of its folders, and make sure it exists.
                let resolved = current.resolvingSymlinksInPath().path
                return FileManager.default.fileExists(atPath: resolved) ? resolved : nil
            }
            current = destination.hasPrefix("/") ? URL(fileURLWithPath: destination)
                : current.deletingLastPathComponent().appendingPathComponent(destination).standardizedFileURL
        }
        return nil
    }

    static func directory(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return String(path[..<slash])
    }

    /// Resolves `.` and `..`; nil when the path climbs above the site folder.
    static func normalize(_ path: String) -> String? {
        // Over bytes (`/` and `.` are never part of a longer UTF-8 sequence).
        var parts: [Substring.UTF8View] = []
        for part in path.utf8.split(separator: 0x2F, omittingEmptySubsequences: true) {
            if part.elementsEqual([0x2E]) { continue }
            if part.elementsEqual([0x2E, 0x2E]) {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.map { String(Substring($0)) }.joined(separator: "/")
    }

    static func percentEncode(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%;")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }
}
