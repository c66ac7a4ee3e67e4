import Foundation

/// `maillage.yaml`: the site's settings.
public struct SiteConfig: Sendable {
    public static let fileName = "maillage.yaml"

    public var title: String
    /// Absolute URL of the published site, always ending with `/`.
    public var baseURL: String {
        didSet { basePath = Self.path(of: baseURL) }
    }
    public var language: String
    public var timezone: String
    public var description: String?
    /// The accessibility statement published at `/accessibilite/`.
    public var accessibility = AccessibilityStatement()
    /// The search's synonyms and question words: the built-in ones and the site's (`recherche:`).
    public var searchVocabulary = SearchVocabulary.builtIn

    /// The path part of `baseURL` (`/` or `/reseau/`): every internal link starts with it.
    public private(set) var basePath: String

    private static func path(of baseURL: String) -> String {
        guard let url = URL(string: baseURL) else { return "/" }
        let path = url.path
        if path.isEmpty || path == "/" { return "/" }
        return path.hasSuffix("/") ? path : path + "/"
    }

    /// The site's host, for stable identifiers (calendar UIDs, feed ids).
    public var host: String { URL(string: baseURL)?.host ?? "localhost" }

    public init(title: String, baseURL: String, language: String = "fr", timezone: String = "Europe/Paris", description: String? = nil) {
        self.title = title
        self.baseURL = baseURL
        self.basePath = Self.path(of: baseURL)
        self.language = language
        self.timezone = timezone
        self.description = description
    }

    /// Reads and checks `maillage.yaml`; `baseURLOverride` comes from the command line.
    static func parse(_ file: SourceFile, baseURLOverride: String?) -> (SiteConfig?, [Diagnostic]) {
        var reader: FieldReader
        switch FieldReader.parse(file.text, file: file.path, firstLine: 1) {
        case .success(let r): reader = r
        case .failure(let d): return (nil, [d])
        }
        var diagnostics: [Diagnostic] = []
        let title = reader.string("title", required: "le nom du site")
        let base = reader.string("base_url", required: "l’adresse du site publié, par exemple https://coordos.example.org/")
        let language = reader.string("language")?.value ?? "fr"
        let timezone = reader.string("timezone")
        let description = reader.string("description")?.value
        var accessibility = AccessibilityStatement()
        if var nested = reader.mapping("accessibilite") {
            accessibility = AccessibilityStatement.read(&nested)
            diagnostics += nested.finish(context: "dans accessibilite:")
        }
        var vocabulary = SearchVocabulary.builtIn
        if var nested = reader.mapping("recherche") {
            let written = nested.strings("synonymes")
            let groups = written.map { group in
                group.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            let ignored = nested.strings("ignores").map(\.value)
            for group in written where !group.value.contains(",") {
                nested.appendDiagnostic(.error(.invalidSynonyms, at: group.location,
                                               "un groupe de synonymes a au moins deux termes : « \(group.value) » n’en a qu’un",
                                               help: "séparez les termes par des virgules, par exemple « PASA, pôle d’activités et de soins adaptés »"))
            }
            vocabulary = vocabulary.adding(synonyms: groups, ignored: ignored)
            diagnostics += nested.finish(context: "dans recherche:")
        }
        diagnostics += reader.finish(context: "dans maillage.yaml")

        if let timezone, TimeZone(identifier: timezone.value) == nil {
            diagnostics.append(.error(.invalidTimezone, at: timezone.location, "fuseau horaire inconnu « \(timezone.value) »",
                                      help: "écrivez un fuseau de la base IANA, par exemple Europe/Paris ou America/Cayenne"))
        }
        if !["fr"].contains(language) {
            diagnostics.append(.warning(.unsupportedLanguage, at: reader.location(of: "language"),
                                        "la langue « \(language) » n’est pas encore traduite : le site sera en français",
                                        help: "écrivez language: fr"))
        }
        var baseURL = baseURLOverride ?? base?.value
        if let raw = baseURL {
            if let normalized = normalizeBaseURL(raw) {
                baseURL = normalized
            } else {
                let location = baseURLOverride == nil ? (base?.location ?? reader.origin) : SourceLocation(file: file.path)
                diagnostics.append(.error(.invalidBaseUrl, at: location, "adresse du site invalide « \(raw) »",
                                          help: "écrivez une adresse complète qui commence par https://, par exemple https://coordos.example.org/"))
                baseURL = nil
            }
        }
        guard let title, let baseURL else { return (nil, diagnostics) }
        var config = SiteConfig(title: title.value, baseURL: baseURL, language: language,
                                timezone: timezone?.value ?? "Europe/Paris", description: description)
        config.accessibility = accessibility
        config.searchVocabulary = vocabulary
        return (config, diagnostics)
    }

    static func normalizeBaseURL(_ raw: String) -> String? {
        guard let url = URL(string: raw.trimmingCharacters(in: .whitespaces)),
              let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
              let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil else { return nil }
        let text = url.absoluteString
        return text.hasSuffix("/") ? text : text + "/"
    }
}
