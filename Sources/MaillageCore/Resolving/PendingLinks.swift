import Foundation

/// A link whose target is known only once pages are rendered: an anchor (`#informations-pratiques`,
/// `../evenements/campus.md#programme`) or an absolute path of the site (`/annuaire/`).
public struct PendingLink: Sendable {
    /// As written in the content.
    public var written: String
    public var location: SourceLocation
    /// Site-relative address of the target (`evenements/campus/`, `""` for home, `annuaire/`).
    public var page: String
    public var fragment: String?
    /// Written as `/…`: the target page itself must be checked too.
    public var absolute: Bool
}

/// Checks pending links against the rendered pages: the page exists, and so does the element
/// the anchor names (a heading's id, or an id of the theme). A broken one is an error at the link.
enum LinkCheck {
    /// With `missingPages` false, only anchors of pages that exist are checked.
    static func verify(_ links: [PendingLink], in files: [OutputFile], missingPages: Bool = true) -> [Diagnostic] {
        guard !links.isEmpty else { return [] }
        var byPath: [String: OutputFile] = [:]
        for file in files { byPath[file.path] = file }
        return verify(links, in: byPath, missingPages: missingPages)
    }

    /// The same, with the output files by path.
    static func verify(_ links: [PendingLink], in byPath: [String: OutputFile], missingPages: Bool = true) -> [Diagnostic] {
        var ids: [String: Set<String>] = [:]
        var diagnostics: [Diagnostic] = []
        /// The site's page addresses, for suggestions (listed once, at the first link to a missing page).
        var addresses: [String]?
        for link in links {
            let page = link.page.removingPercentEncoding ?? link.page
            guard let path = target(page, in: byPath) else {
                if link.absolute && missingPages {
                    if addresses == nil { addresses = byPath.keys.filter { $0.hasSuffix("index.html") }.map { "/" + $0.dropLast("index.html".count) } }
                    diagnostics.append(.error(.brokenLink, at: link.location, "lien vers une adresse du site qui n’existe pas : « \(link.written) »",
                                              help: Suggestion.help(for: "/" + page, among: addresses ?? [],
                                                                    otherwise: "écrivez l’adresse d’une page du site (/annuaire/, /evenements/) ou le chemin du fichier : ../annuaire/ma-structure.yaml")))
                }
                continue
            }
            guard let raw = link.fragment, path.hasSuffix(".html") else { continue }
            let fragment = raw.removingPercentEncoding ?? raw
            if fragment.isEmpty || fragment == "top" { continue }
            if ids[path] == nil, case .data(let data)? = byPath[path]?.contents {
                ids[path] = elementIDs(in: String(decoding: data, as: UTF8.self))
            }
            let known = ids[path] ?? []
            if known.contains(fragment) { continue }
            let shown = "/" + (path.hasSuffix("index.html") ? String(path.dropLast("index.html".count)) : path)
            let sections = known.filter { !Markdown.isThemeID($0) }
                .sorted().prefix(10).map { "#" + $0 }
            let rule = "une ancre est le titre d’une section en minuscules, sans accents, avec des tirets : « ## Informations pratiques » donne #informations-pratiques"
            let help = Suggestion.help(for: fragment, among: Array(known).sorted(),
                                       otherwise: sections.isEmpty ? rule : "les sections de cette page sont : \(sections.joined(separator: ", ")) ; \(rule)")
            diagnostics.append(.error(.brokenAnchor, at: link.location, "ancre introuvable : la page \(shown) n’a pas de section « #\(fragment) »", help: help))
        }
        return diagnostics
    }

    /// The output file an address designates: a folder's `index.html`, or the file itself.
    static func target(_ page: String, in files: [String: OutputFile]) -> String? {
        if page.isEmpty || page.hasSuffix("/") { return files[page + "index.html"] != nil ? page + "index.html" : nil }
        if files[page] != nil { return page }
        if files[page + "/index.html"] != nil { return page + "/index.html" }
        return nil
    }

    /// Every `id="…"` of an HTML page.
    static func elementIDs(in html: String) -> Set<String> {
        var ids = Set<String>()
        var rest = html[...]
        while let start = rest.range(of: " id=\"") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            ids.insert(String(rest[..<end]))
            rest = rest[end...]
        }
        return ids
    }
}
