import Foundation
internal import CCmarkGFM

/// What to do with a link or image destination found in Markdown.
public enum LinkDecision: Sendable, Equatable {
    /// Leave it as written (external links, anchors).
    case keep
    /// Replace it (a content file's page address, an attachment's published path).
    case rewrite(String)
    /// The link is wrong: report it, and drop the destination.
    case reject(Diagnostic)
}

/// Markdown rendered to HTML by cmark-gfm, in safe mode: raw HTML is omitted and
/// `javascript:`-like URLs are emptied, so content cannot inject scripts.
public struct RenderedMarkdown: Sendable {
    public var html: String
    /// The first paragraph as plain text: the default summary.
    public var firstParagraph: String?
    /// The whole text without markup (for search and descriptions).
    public var plainText: String
    public var diagnostics: [Diagnostic]
}

public enum Markdown {
    /// The extensions every parser uses.
    static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter"]

    private static let extensionsRegistered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    /// cmark-gfm keeps the inline parser's special characters (`~` for strikethrough…) in a
    /// process-wide table that each parser fills when it starts on inlines (and table rows)
    /// and empties when it is done: two parsers at once corrupt each other. (Filling it once
    /// for good is not possible: strikethrough then never closes.) Parsing goes through this
    /// lock; rendering the tree to HTML and text, and everything Maillage does with it, runs
    /// on every core.
    private static let parsing = NSLock()

    static let options: Int32 = CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_FOOTNOTES | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES

    /// Renders `source`; `resolve` decides each link and image destination, given where it is written.
    /// With a `memo`, an earlier render of the same text is reused when every link still gets
    /// the same decision (`resolve` is asked about each of them, in order, either way).
    static func render(_ source: MarkdownText, memo: MarkdownMemo?, resolve: (String, SourceLocation) -> LinkDecision) -> RenderedMarkdown {
        guard let memo else { return render(source, resolve: resolve) }
        let key = source.key
        var links: [(url: String, location: SourceLocation, decision: LinkDecision)] = []
        if let known = memo.value(key) {
            links = known.links.map { ($0.url, $0.location, resolve($0.url, $0.location)) }
            if links.map(\.decision) == known.links.map(\.decision) { return known.rendered }
        }
        // Rendered again: the decisions just asked for are used rather than asked twice.
        var replay = links[...]
        var recorded: [(url: String, location: SourceLocation, decision: LinkDecision)] = []
        let rendered = render(source) { url, location in
            let decision: LinkDecision
            if let next = replay.first, next.url == url, next.location == location {
                decision = next.decision
                replay = replay.dropFirst()
            } else {
                decision = resolve(url, location)
            }
            recorded.append((url, location, decision))
            return decision
        }
        memo.store(MarkdownText.Rendering(rendered: rendered, links: recorded), key)
        return rendered
    }

    /// Renders `source`; `resolve` decides each link and image destination, given where it is written.
    public static func render(_ source: MarkdownText, resolve: (String, SourceLocation) -> LinkDecision) -> RenderedMarkdown {
        _ = extensionsRegistered
        guard let parser = cmark_parser_new(options) else {
            return RenderedMarkdown(html: "", firstParagraph: nil, plainText: "", diagnostics: [])
        }
        defer { cmark_parser_free(parser) }
        for name in extensionNames {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        let bytes = Array(source.text.utf8)
        parsing.lock()
        bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { $0.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_parser_feed(parser, $0, buffer.count) } }
        }
        let finished = cmark_parser_finish(parser)
        parsing.unlock()
        guard let document = finished else {
            return RenderedMarkdown(html: "", firstParagraph: nil, plainText: "", diagnostics: [])
        }
        defer { cmark_node_free(document) }

        // The source's lines, to locate link destinations: split only when a link is found.
        var splitLines: [Substring]?
        func lines() -> [Substring] {
            if let splitLines { return splitLines }
            // Over bytes: line ends are `\n` alone once read (see `SourceFile`).
            let split = source.text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
            splitLines = split
            return split
        }
        var diagnostics: [Diagnostic] = []
        var headings: [OpaquePointer] = []
        var hasLevelOne = false
        var firstParagraph: OpaquePointer?
        // How deep blocks and inlines nest: cmark's plain-text renderer indents each line by its
        // depth, which costs the square of it (20,000 nested `- `: 8 s for 80 KB).
        var depth = 0, deepest = 0

        let iterator = cmark_iter_new(document)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            if event == CMARK_EVENT_EXIT { depth -= 1; continue }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if !leaves.contains(type) {
                depth += 1
                deepest = max(deepest, depth)
            }
            switch type {
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                guard !url.isEmpty else { continue }
                let location = locate(url, near: node, lines: lines(), source: source)
                if let scheme = URLPolicy.scheme(of: url), !URLPolicy.allowedSchemes.contains(scheme) {
                    diagnostics.append(.warning(.unsafeLink, at: location, "lien « \(scheme): » retiré : ce type de lien n’est pas publié",
                                                help: "seuls les liens https://, http://, mailto: et tel: et les liens vers d’autres fichiers du site sont publiés"))
                    cmark_node_set_url(node, "")
                    continue
                }
                switch resolve(url, location) {
                case .keep: break
                case .rewrite(let newURL): cmark_node_set_url(node, newURL)
                case .reject(let diagnostic):
                    diagnostics.append(diagnostic)
                    cmark_node_set_url(node, "")
                }
            case CMARK_NODE_HEADING:
                headings.append(node)
                if cmark_node_get_heading_level(node) == 1 { hasLevelOne = true }
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                let literal = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
                // Comments are harmless and common; anything else is dropped, and said.
                if !literal.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("<!--") {
                    let line = source.firstLine + max(0, Int(cmark_node_get_start_line(node)) - 1)
                    diagnostics.append(.warning(.rawHtml, at: SourceLocation(file: source.file, line: blockLine(node, source: source) ?? line),
                                                "le HTML écrit dans le texte n’est pas publié : « \(literal.prefix(40).trimmingCharacters(in: .whitespacesAndNewlines)) »",
                                                help: "écrivez en Markdown (**gras**, [lien](https://…), listes avec -) ; le HTML est retiré pour la sécurité du site"))
                }
            case CMARK_NODE_PARAGRAPH:
                if firstParagraph == nil, cmark_node_parent(node) == document { firstParagraph = node }
            default:
                break
            }
        }
        // The page title is the only h1: a body that uses `#` headings is shifted one level down.
        if hasLevelOne {
            for heading in headings {
                cmark_node_set_heading_level(heading, min(6, cmark_node_get_heading_level(heading) + 1))
            }
        }

        let html = scrollableTables(alignmentClasses(addHeadingIDs(takeString(cmark_render_html(document, options, cmark_parser_get_syntax_extensions(parser))))))
        let plain = deepest > maximumRenderedDepth ? flatPlainText(document) : takeString(cmark_render_plaintext(document, options, 0))
        let summary = firstParagraph.map { collapse(takeString(cmark_render_plaintext($0, options, 0))) }
        return RenderedMarkdown(html: html, firstParagraph: summary.flatMap { $0.isEmpty ? nil : $0 },
                                plainText: collapse(plain), diagnostics: diagnostics)
    }

    /// Table cell alignment as classes rather than `style` attributes, which the pages'
    /// Content-Security-Policy (`style-src 'self'`) does not allow.
    static func alignmentClasses(_ html: String) -> String {
        guard contains(html, "<table") else { return html }  // (alignments are those of table cells)
        return html.replacing([(" style=\"text-align: left\"", " class=\"align-left\""),
                               (" style=\"text-align: center\"", " class=\"align-center\""),
                               (" style=\"text-align: right\"", " class=\"align-right\"")])
    }

    /// A wide table scrolls inside its own box on a small screen (the page itself never
    /// scrolls sideways), keeping `display: table` and so its semantics for screen readers;
    /// the box can take the focus, so that it scrolls with the keyboard too.
    static func scrollableTables(_ html: String) -> String {
        guard contains(html, "<table") else { return html }
        return html.replacing([("<table>", "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Tableau\"><table>"),
                               ("</table>", "</table></div>")])
    }

    /// Whether `text` holds `pattern`, compared byte for byte.
    static func contains(_ text: String, _ pattern: StaticString) -> Bool {
        var text = text
        return text.withUTF8 { bytes in pattern.withUTF8Buffer { byteOffset(of: $0, in: bytes) != nil } }
    }

    /// Ids the theme uses on its own elements: a heading never takes one of them.
    static let themeIDs: Set<String> = ["contenu", "seances", "comptes-rendus-lies", "recherche", "recherche-site"]

    /// An id the theme may give one of its own elements (a heading never takes one).
    static func isThemeID(_ id: String) -> Bool {
        themeIDs.contains(id) || id.hasPrefix("lies-") || id.hasPrefix("groupe-") || id.hasPrefix("accueil-")
    }

    /// Gives each `<h2>`…`<h6>` an id made from its text (`## Informations pratiques` →
    /// `id="informations-pratiques"`), so that `page.md#informations-pratiques` links work.
    static func addHeadingIDs(_ html: String) -> String {
        let headings = HTMLHeadings.find(in: html)
        guard !headings.isEmpty else { return html }
        let bytes = Array(html.utf8)
        var used = Set<String>()
        // The next number to try for each base: many headings of the same text stay linear.
        var next: [String: Int] = [:]
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 32 * headings.count)
        var copied = 0
        for h in headings where h.attributes.isEmpty {
            var base = Slug.make(plainText(of: h.innerHTML[...]))
            if base.isEmpty { base = "section" }
            if isThemeID(base) { base += "-texte" }
            var id = base
            var n = next[base] ?? 2
            while !used.insert(id).inserted { id = "\(base)-\(n)"; n += 1 }
            next[base] = n
            out += bytes[copied..<h.start]
            out += Array("<h\(h.level) id=\"\(id)\">".utf8)
            copied = h.contentStart
        }
        out += bytes[copied...]
        return String(decoding: out, as: UTF8.self)
    }

    /// The node types cmark's iterator enters without exiting.
    private static let leaves: Set<cmark_node_type> = [CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE, CMARK_NODE_SOFTBREAK,
                                                       CMARK_NODE_LINEBREAK, CMARK_NODE_CODE_BLOCK, CMARK_NODE_HTML_BLOCK, CMARK_NODE_THEMATIC_BREAK]
    /// Beyond this depth a document's plain text is made by `flatPlainText` (no real text nests so deep).
    static let maximumRenderedDepth = 48

    /// The words of a document, in order, in time linear in its size whatever its depth (its
    /// blocks' markers and indentation left out: the text is collapsed afterwards anyway).
    private static func flatPlainText(_ document: OpaquePointer) -> String {
        var text = ""
        let iterator = cmark_iter_new(document)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if event == CMARK_EVENT_EXIT {
                if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING || type == CMARK_NODE_ITEM { text += "\n" }
                continue
            }
            switch type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
                if let literal = cmark_node_get_literal(node) { text += String(cString: literal) }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text += "\n"
            default:
                break
            }
        }
        return text
    }

    /// The text of an HTML fragment: tags dropped, the common entities decoded.
    static func plainText(of html: Substring) -> String {
        // Over bytes: `<` and `>` are never part of a longer UTF-8 sequence.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(html.utf8.count)
        var inTag = false
        for byte in html.utf8 {
            if byte == UInt8(ascii: "<") { inTag = true } else if byte == UInt8(ascii: ">") { inTag = false } else if !inTag { bytes.append(byte) }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard bytes.contains(UInt8(ascii: "&")) else { return text }
        return text.replacing([("&amp;", "&"), ("&quot;", "\""), ("&lt;", "<"), ("&gt;", ">"), ("&#39;", "'")])
    }

    private static func takeString(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// Runs of spaces, tabs and line feeds made one space, none at either end (over bytes).
    static func collapse(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            if byte == 0x20 || byte == 0x0A || byte == 0x09 {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Where `pattern` first occurs in `bytes`, counted in bytes.
    private static func byteOffset(of pattern: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = pattern.first else { return 0 }
        guard bytes.count >= pattern.count else { return nil }
        var i = 0
        while i <= bytes.count - pattern.count {
            if bytes[i] == first && memcmp(bytes.baseAddress! + i, pattern.baseAddress!, pattern.count) == 0 { return i }
            i += 1
        }
        return nil
    }

    private static func blockLine(_ node: OpaquePointer, source: MarkdownText) -> Int? {
        var current: OpaquePointer? = node
        while let n = current {
            let line = Int(cmark_node_get_start_line(n))
            if line > 0 { return source.firstLine + line - 1 }
            current = cmark_node_parent(n)
        }
        return nil
    }

    /// The file location of a link destination: the line that holds `](url` (or `<url>`) near the node.
    private static func locate(_ url: String, near node: OpaquePointer, lines: [Substring], source: MarkdownText) -> SourceLocation {
        var block: OpaquePointer? = node
        var startLine = 0
        while let n = block, startLine == 0 {
            startLine = Int(cmark_node_get_start_line(n))
            block = cmark_node_parent(n)
        }
        let first = max(0, startLine - 1)
        let patterns = [Array(("](" + url).utf8), Array(("]( " + url).utf8), Array(("<" + url).utf8), Array(url.utf8)]
        for index in first..<lines.count {
            var line = lines[index]
            for (p, pattern) in patterns.enumerated() {
                let at = line.withUTF8 { bytes in pattern.withUnsafeBufferPointer { byteOffset(of: $0, in: bytes) } }
                guard let found = at else { continue }
                let start = line.utf8.index(line.startIndex, offsetBy: found)
                let column = line.distance(from: line.startIndex, to: start) + 1
                let offset = p < 2 ? 2 : (p == 2 ? 1 : 0)
                return SourceLocation(file: source.file, line: source.firstLine + index, column: column + offset)
            }
            if index > first + 200 { break }
        }
        return SourceLocation(file: source.file, line: source.firstLine + first)
    }
}
