import Foundation
internal import Mustache

/// The templates and assets pages are rendered with: the built-in theme, where each file
/// can be replaced by a file of the same name in the site's `layouts/`.
struct Theme: Sendable {
    let library: MustacheLibrary
    /// Files that are not templates (CSS, icons…), published under `assets/`.
    let assets: [String: Data]

    /// The built-in theme, shipped inside the package (`Sources/MaillageCore/Theme/`).
    static let builtIn: [String: [UInt8]] = [
        "accessibility.mustache": PackageResources.accessibility_mustache,
        "base.mustache": PackageResources.base_mustache,
        "card.mustache": PackageResources.card_mustache,
        "directory.mustache": PackageResources.directory_mustache,
        "document.mustache": PackageResources.document_mustache,
        "event.mustache": PackageResources.event_mustache,
        "home.mustache": PackageResources.home_mustache,
        "list.mustache": PackageResources.list_mustache,
        "minutes.mustache": PackageResources.minutes_mustache,
        "news.mustache": PackageResources.news_mustache,
        "not-found.mustache": PackageResources.not_found_mustache,
        "orientation.mustache": PackageResources.orientation_mustache,
        "orientation-contact.mustache": PackageResources.orientation_contact_mustache,
        "orientation-outline.mustache": PackageResources.orientation_outline_mustache,
        "page.mustache": PackageResources.page_mustache,
        "person.mustache": PackageResources.person_mustache,
        "resource.mustache": PackageResources.resource_mustache,
        "retex.mustache": PackageResources.retex_mustache,
        "search.mustache": PackageResources.search_mustache,
        "structure.mustache": PackageResources.structure_mustache,
        "terms-meta.mustache": PackageResources.terms_meta_mustache,
        "terms.mustache": PackageResources.terms_mustache,
        "style.css": PackageResources.style_css,
        "favicon.svg": PackageResources.favicon_svg,
        "directory.js": PackageResources.directory_js,
        "search.js": PackageResources.search_js,
        "orientation.js": PackageResources.orientation_js,
    ]

    /// The built-in theme alone, parsed once per process (a site without `layouts/`, every
    /// rebuild of `maillage serve`, every test site).
    private static let builtInOnly: (Theme?, [Diagnostic]) = parse(overrides: [:])

    /// Built-in files overlaid with `layouts/`; a template that does not parse is a located error.
    static func load(overrides: [String: Data]) -> (Theme?, [Diagnostic]) {
        overrides.isEmpty ? builtInOnly : parse(overrides: overrides)
    }

    private static func parse(overrides: [String: Data]) -> (Theme?, [Diagnostic]) {
        var files: [String: (data: Data, path: String)] = [:]
        for (name, bytes) in builtIn { files[name] = (Data(bytes), "(thème intégré) \(name)") }
        for (name, data) in overrides { files[name] = (data, "layouts/\(name)") }

        var library = MustacheLibrary()
        var assets: [String: Data] = [:]
        var diagnostics: [Diagnostic] = []
        for name in files.keys.sorted() {
            let (data, path) = files[name]!
            guard name.hasSuffix(".mustache") else {
                assets[name] = data
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                diagnostics.append(.error(.invalidUtf8, at: SourceLocation(file: path), "ce modèle n’est pas encodé en UTF-8"))
                continue
            }
            do {
                library.register(try MustacheTemplate(string: text), named: String(name.dropLast(".mustache".count)))
            } catch let error as MustacheTemplate.ParserError {
                diagnostics.append(.error(.templateSyntax, at: SourceLocation(file: path, line: error.context.lineNumber, column: error.context.columnNumber + 1),
                                          "modèle illisible : \(describe(error.error))",
                                          help: "vérifiez que chaque {{#section}} est fermée par {{/section}} avec le même nom"))
            } catch {
                diagnostics.append(.error(.templateSyntax, at: SourceLocation(file: path), "modèle illisible : \(describe(error))"))
            }
        }
        if diagnostics.isEmpty == false { return (nil, diagnostics) }
        return (Theme(library: library, assets: assets), [])
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect: "une section est fermée sous un autre nom que celui de son ouverture"
        case .unfinishedName: "une balise {{ … }} n’est pas fermée"
        case .expectedSectionEnd: "une section ouverte n’est jamais fermée"
        default: "syntaxe Mustache incorrecte"
        }
    }

    func render(_ template: String, _ model: PageModel) -> String {
        library.render(model, withTemplate: template) ?? ""
    }

    func has(_ template: String) -> Bool { library.getTemplate(named: template) != nil }
}
