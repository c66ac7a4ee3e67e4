import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What content may publish, and where. Every file a link, a `file:` or a `photo:` names goes
/// through here (`LinkContext.attachment`), and every output path through `collisions`:
/// - a file is followed to where it really is (symbolic links resolved), and that place is
///   judged by the rules of a path written there: inside `content/`, not hidden, not a content
///   source (Markdown, YAML), not a file of the trombinoscope unless it is a person's own photo;
/// - types a browser runs (HTML, XML, scripts, style sheets…) are never published; an SVG
///   image is published only when it holds nothing active (scripts, event attributes, links
///   to other hosts, embedded documents);
/// - an attachment never takes the address of a file the site generates (a page, the search
///   script, the agenda, the directory's cards…): that is an error at its link.
enum PublishPolicy {
    /// Extensions of the types a browser may run or render as a document of the site's origin.
    static let activeExtensions: Set<String> = [
        "html", "htm", "shtml", "xhtml", "xht", "mht", "mhtml", "hta",
        "xml", "xsl", "xslt", "xsd", "dtd", "rss", "atom", "rdf", "mml", "xul", "svgz",
        "js", "mjs", "cjs", "jsx", "ts", "css", "wasm", "swf", "jar", "class",
        "php", "phtml", "php3", "php4", "php5", "asp", "aspx", "jsp", "cgi", "pl", "py", "rb", "sh",
        "exe", "msi", "bat", "cmd", "com", "scr", "ps1", "vbs", "appcache", "manifest", "webmanifest",
        "htaccess", "htpasswd",
    ]

    static func pathExtension(_ path: String) -> String {
        (path as NSString).pathExtension.lowercased()
    }

    /// Why a file named `written` (its real site-relative place being `real`) may not be published; nil when it may.
    static func refusal(written: String, real: String, allowPrivate: Bool) -> (code: DiagnosticCode, message: String, help: String)? {
        for name in Set([written, real]) {
            let ext = pathExtension(name)
            if activeExtensions.contains(ext) {
                return (.activeFile, "un fichier .\(ext) ne se publie pas : le navigateur l’exécuterait comme une partie du site",
                        "joignez plutôt un PDF ou une image (PNG, JPEG) ; pour montrer une page web, mettez un lien vers son adresse (https://…)")
            }
        }
        let parts = real.split(separator: "/")
        guard parts.first == "content", parts.count >= 2 else {
            return (.symlinkEscape, "ce fichier est un lien symbolique qui mène hors du dossier content/ du site",
                    "remplacez le lien symbolique par une copie du fichier, rangée dans content/")
        }
        if parts.contains(where: { $0.hasPrefix(".") }) {
            return (.hiddenFile, "ce fichier mène à un fichier caché (dont le nom commence par un point), qui ne se publie pas",
                    "renommez le fichier sans point au début, ou retirez le lien")
        }
        if ["md", "yaml", "yml"].contains(pathExtension(real)) {
            return (.sourceFile, "ce fichier est la source d’une page ou d’une fiche du site : elle ne se publie pas telle quelle",
                    "liez la page elle-même (son fichier .md ou .yaml), pas une copie ou un lien symbolique vers elle")
        }
        if !allowPrivate, parts.count >= 3, parts[1] == Substring(Kind.person.folder) {
            return (.privateFile, "les fichiers du trombinoscope (photos) ne se publient pas par un lien",
                    "liez la fiche de la personne (../trombinoscope/son-identifiant.yaml) : sa photo s’affiche si elle a donné son accord")
        }
        return nil
    }

    /// Raster images a page shows as they are (published files, not portraits).
    static let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "gif", "webp", "avif", "tif", "tiff", "heic", "heif", "bmp"]

    /// Why the content of the regular file at `path` (its real place), published under the name
    /// `written`, may not be: an SVG that holds something active (by either name: the published
    /// name gives the type a browser sees), an image with more pixels than a phone can show.
    /// Nil when it may. A photo (`allowPrivate`) is measured by the portraits instead.
    static func contentRefusal(at path: String, written: String, stamp: InputSnapshot.Stamp, allowPrivate: Bool) -> (code: DiagnosticCode, message: String, help: String)? {
        let ext = pathExtension(path)
        if ext == "svg" || pathExtension(written) == "svg", let problem = svgProblem(at: path) {
            return (.activeFile, "cette image SVG ne se publie pas, car \(problem)",
                    "enregistrez l’image en PNG, ou en SVG simple (sans script, sans lien vers un autre site), par exemple avec Inkscape : « SVG simple »")
        }
        if !allowPrivate, imageExtensions.contains(ext), let size = ImageHeader.size(at: path, stamp: stamp),
           size.width * size.height > ImageHeader.maximumPixels {
            // An image libvips cannot read is published as it is (it may be a format it lacks).
            return (.imageTooLarge, "elle mesure \(size.width) × \(size.height) pixels : c’est trop grand pour être affiché (\(ImageHeader.maximumPixels / 1_000_000) millions de pixels au plus)",
                    "réduisez l’image à 2000 pixels de côté environ, puis remplacez le fichier")
        }
        return nil
    }

    /// The content of an SVG image that a browser would run or fetch; nil when it holds none.
    static func svgProblem(at path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return "fichier illisible" }
        // Entities are refused before parsing (libxml2 may expand them without telling).
        if data.range(of: Data("<!ENTITY".utf8)) != nil || data.range(of: Data("<!entity".utf8)) != nil {
            return "il déclare des entités XML (<!ENTITY>)"
        }
        let checker = SVGChecker()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = checker
        if !parser.parse(), checker.problem == nil { return "ce n’est pas un fichier SVG lisible (XML mal formé)" }
        return checker.problem
    }

    /// Attachments whose address is the address of another output file, or of a folder of one
    /// (or the reverse): each an error at the attachment's first link.
    static func collisions(_ files: [OutputFile], attachments: [Attachment]) -> [Diagnostic] {
        guard !attachments.isEmpty else { return [] }
        // Every output path, with how many files have it (an attachment is one of them).
        var count: [String: Int] = [:]
        for file in files { count[file.path, default: 0] += 1 }
        let folders = SiteWriter.folders(of: count.keys)
        return attachments.compactMap { a in
            let taken = count[a.output, default: 0] > 1 || folders.contains(a.output)
                || SiteWriter.folders(of: [a.output]).contains { count[$0] != nil }
            guard taken else { return nil }
            return .error(.reservedAddress, at: a.location,
                          "le fichier « \(a.source) » serait publié à l’adresse /\(a.output), que le site utilise déjà pour un fichier qu’il produit",
                          help: "renommez le fichier (par exemple « \(renamedExample(a.output)) ») ou rangez-le dans un autre dossier, puis corrigez le lien")
        }
    }

    private static func renamedExample(_ output: String) -> String {
        let name = (output as NSString).lastPathComponent
        let ext = (name as NSString).pathExtension
        let stem = (name as NSString).deletingPathExtension
        return ext.isEmpty ? "\(stem)-document" : "\(stem)-document.\(ext)"
    }
}

/// Walks an SVG document and notes the first thing in it a browser would run or fetch.
private final class SVGChecker: NSObject, XMLParserDelegate {
    var problem: String?
    private static let activeElements: Set<String> = ["script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "set", "animate", "animatemotion", "animatetransform"]
    private static let xhtml = "http://www.w3.org/1999/xhtml"

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        guard problem == nil else { return }
        let name = elementName.lowercased()
        if Self.activeElements.contains(name) || namespaceURI == Self.xhtml {
            note("il contient un élément <\(elementName)>", parser)
            return
        }
        for (key, value) in attributes {
            let attribute = key.lowercased()
            let local = attribute.split(separator: ":").last.map(String.init) ?? attribute
            let folded = value.lowercased().filter { !$0.isWhitespace && !$0.isNewline }
            if local.hasPrefix("on") {
                note("il contient un attribut d’événement « \(key) »", parser)
            } else if local == "href" || local == "src", !(value.hasPrefix("#") || Self.isInlineImage(folded)) {
                note("il contient un lien « \(key) » vers « \(value.prefix(60)) » (seuls les liens internes #… sont permis)", parser)
            } else if folded.contains("javascript:") || folded.contains("url(") && !Self.onlyInternalURLs(folded) || folded.contains("@import") {
                note("l’attribut « \(key) » contient une adresse ou un script", parser)
            }
            if problem != nil { return }
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard problem == nil else { return }
        let folded = string.lowercased().filter { !$0.isWhitespace && !$0.isNewline }
        if folded.contains("@import") || folded.contains("javascript:") || folded.contains("url(") && !Self.onlyInternalURLs(folded) {
            note("son style charge une adresse ou un script", parser)
        }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        self.parser(parser, foundCharacters: String(decoding: CDATABlock, as: UTF8.self))
    }

    func parser(_ parser: XMLParser, foundProcessingInstructionWithTarget target: String, data: String?) {
        if problem == nil, target.lowercased() == "xml-stylesheet" { note("il appelle une feuille de style externe", parser) }
    }

    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        if problem == nil { note("il déclare des entités XML (<!ENTITY>)", parser) }
    }

    func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
        if problem == nil { note("il déclare des entités XML (<!ENTITY>)", parser) }
    }

    private func note(_ what: String, _ parser: XMLParser) {
        problem = "\(what), ligne \(parser.lineNumber)"
        parser.abortParsing()
    }

    private static func isInlineImage(_ value: String) -> Bool {
        ["data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp"].contains { value.hasPrefix($0) }
    }

    /// Every `url(…)` of a style names an element of the image (`url(#gradient)`).
    private static func onlyInternalURLs(_ folded: String) -> Bool {
        var rest = folded[...]
        while let range = rest.range(of: "url(") {
            rest = rest[range.upperBound...]
            let target = rest.drop { $0 == "'" || $0 == "\"" }
            if !target.hasPrefix("#") { return false }
        }
        return true
    }
}
