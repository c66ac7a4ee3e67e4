import Foundation
internal import Yams

/// A value read from a source file, with where it was written (for diagnostics).
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}

/// Reads a YAML mapping key by key into typed values. Every problem (wrong type, impossible
/// date, missing required key, unknown key) becomes a located diagnostic; reading goes on,
/// so that one build reports all of a file's problems.
struct FieldReader {
    let file: String
    /// Added to a YAML line to get the file line.
    let lineOffset: Int
    /// Where to report a missing key: the start of the mapping (line 1 for a front matter).
    let origin: SourceLocation
    private var values: [String: (key: Node, value: Node)] = [:]
    private var order: [String] = []
    private var asked: [String] = []
    private(set) var diagnostics: [Diagnostic] = []

    /// Parses YAML text whose first line is line `firstLine` of `file`.
    /// Yams' constructor, made once (it is only kept by the parser: nodes are composed, not constructed).
    nonisolated(unsafe) private static let constructor = Constructor.default

    static func parse(_ yaml: String, file: String, firstLine: Int, origin: SourceLocation? = nil) -> Result<FieldReader, Diagnostic> {
        let offset = firstLine - 1
        let node: Node?
        do {
            // Values are read as text by the typed reads below, so no implicit tag resolution
            // (a dozen regular expressions per scalar in Yams' default resolver).
            // The encoding and constructor given: Yams' defaults read the whole process
            // environment (`YAMS_DEFAULT_ENCODING`) and build a constructor at every call, a
            // quarter of the parse step. (A `String` is UTF-8.)
            node = try Yams.compose(yaml: yaml, .basic, Self.constructor, .utf8)
        } catch let error as YamlError {
            return .failure(YAMLErrorTranslation.diagnostic(for: error, file: file, lineOffset: offset))
        } catch {
            return .failure(.error(.yamlSyntax, at: SourceLocation(file: file, line: firstLine), "YAML illisible : \(SystemError.describe(error))"))
        }
        let start = origin ?? SourceLocation(file: file, line: firstLine)
        guard let node else {
            return .success(FieldReader(file: file, lineOffset: offset, origin: start))
        }
        guard case .mapping(let mapping) = node else {
            return .failure(.error(
                .yamlNotMapping, at: location(of: node, file: file, offset: offset) ?? start,
                "le YAML doit être une liste de clés et de valeurs (« clé: valeur » par ligne)",
                help: "par exemple :\ntitle: Mon titre\ndate: 2026-12-01"))
        }
        return .success(FieldReader(mapping: mapping, file: file, lineOffset: offset, origin: start))
    }

    private init(file: String, lineOffset: Int, origin: SourceLocation) {
        self.file = file
        self.lineOffset = lineOffset
        self.origin = origin
    }

    private init(mapping: Node.Mapping, file: String, lineOffset: Int, origin: SourceLocation) {
        self.init(file: file, lineOffset: lineOffset, origin: origin)
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                diagnostics.append(.error(.yamlKey, at: locate(key), "une clé doit être un simple mot (title, date…)"))
                continue
            }
            if values[name] != nil {
                diagnostics.append(.error(.duplicateKey, at: locate(key), "la clé « \(name) » apparaît deux fois",
                                          help: "gardez une seule ligne « \(name): … »"))
                continue
            }
            values[name] = (key, value)
            order.append(name)
        }
    }

    // MARK: Locations

    static func location(of node: Node, file: String, offset: Int) -> SourceLocation? {
        guard let mark = node.mark else { return nil }
        return SourceLocation(file: file, line: mark.line + offset, column: mark.column)
    }

    func locate(_ node: Node) -> SourceLocation {
        Self.location(of: node, file: file, offset: lineOffset) ?? origin
    }

    /// Where the value of `key` is written, or the mapping's start when the key is absent.
    func location(of key: String) -> SourceLocation {
        values[key].map { locate($0.value) } ?? origin
    }

    func has(_ key: String) -> Bool {
        guard let node = values[key]?.value else { return false }
        return !Self.isNull(node)
    }

    mutating func appendDiagnostic(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    // MARK: Typed reads

    private mutating func value(_ key: String) -> Node? {
        if !asked.contains(key) { asked.append(key) }
        guard let node = values[key]?.value, !Self.isNull(node) else { return nil }
        return node
    }

    private static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let s) = node else { return false }
        return s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    private mutating func missing(_ key: String, _ what: String) {
        diagnostics.append(.error(.missingKey, at: origin, "il manque « \(key) » (\(what))",
                                  help: "ajoutez une ligne « \(key): … » dans l’en-tête"))
    }

    private mutating func typeError(_ key: String, _ node: Node, expected: String, example: String) {
        diagnostics.append(.error(.wrongType, at: locate(node), "« \(key) » doit être \(expected)",
                                  help: "par exemple : \(key): \(example)"))
    }

    mutating func string(_ key: String, required what: String? = nil) -> Located<String>? {
        guard let node = value(key) else {
            if let what { missing(key, what) }
            return nil
        }
        guard case .scalar(let scalar) = node else {
            typeError(key, node, expected: "un texte sur une ligne", example: "Mon texte")
            return nil
        }
        let text = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            if let what { missing(key, what) }
            return nil
        }
        return Located(text, at: locate(node))
    }

    /// Markdown text (`description: |`), with the location of its first line.
    mutating func markdown(_ key: String) -> Located<String>? {
        guard let node = value(key) else { return nil }
        guard case .scalar(let scalar) = node else {
            typeError(key, node, expected: "un texte", example: "|\n  Un paragraphe en Markdown.")
            return nil
        }
        var location = locate(node)
        if scalar.style == .literal || scalar.style == .folded {
            location.line += 1
            location.column = 1
        }
        return Located(scalar.string, at: location)
    }

    /// A list of short texts; a single text is taken as a list of one.
    mutating func strings(_ key: String) -> [Located<String>] {
        guard let node = value(key) else { return [] }
        switch node {
        case .scalar(let scalar):
            let text = scalar.string.trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? [] : [Located(text, at: locate(node))]
        case .sequence(let sequence):
            var result: [Located<String>] = []
            for item in sequence {
                guard case .scalar(let scalar) = item else {
                    typeError(key, item, expected: "une liste de textes", example: "[premier, second]")
                    continue
                }
                let text = scalar.string.trimmingCharacters(in: .whitespaces)
                if !text.isEmpty, !Self.isNull(item) { result.append(Located(text, at: locate(item))) }
            }
            return result
        default:
            typeError(key, node, expected: "une liste de textes", example: "[premier, second]")
            return []
        }
    }

    mutating func bool(_ key: String) -> Bool? {
        guard let node = value(key) else { return nil }
        if case .scalar(let scalar) = node {
            switch scalar.string.lowercased() {
            case "true", "yes", "on", "oui", "vrai": return true
            case "false", "no", "off", "non", "faux": return false
            default: break
            }
        }
        typeError(key, node, expected: "true ou false", example: "true")
        return nil
    }

    mutating func dateTime(_ key: String, required what: String? = nil) -> Located<DateTime>? {
        guard let text = string(key, required: what) else { return nil }
        switch DateParser.parseDateTime(text.value) {
        case .success(let value):
            return Located(value, at: text.location)
        case .failure(let error):
            let (message, help) = DateParser.describe(error, text: text.value)
            diagnostics.append(.error(.invalidDate, at: text.location, message, help: help))
            return nil
        }
    }

    /// A list of mappings (an event's `sessions`), each read by its own reader.
    mutating func mappings(_ key: String) -> [FieldReader] {
        guard let node = value(key) else { return [] }
        guard case .sequence(let sequence) = node else {
            typeError(key, node, expected: "une liste d’éléments commençant chacun par « - »", example: "\n  - title: …")
            return []
        }
        var readers: [FieldReader] = []
        for item in sequence {
            guard case .mapping(let mapping) = item else {
                typeError(key, item, expected: "une liste d’éléments « clé: valeur »", example: "\n  - title: …\n    start: \"09:30\"")
                continue
            }
            readers.append(FieldReader(mapping: mapping, file: file, lineOffset: lineOffset, origin: locate(item)))
        }
        return readers
    }

    /// A mapping of named mappings (an orientation tree's `nodes`): each name, where it is
    /// written, and a reader for its keys. Names must be simple words, each used once.
    mutating func namedMappings(_ key: String, example: String) -> [(name: Located<String>, reader: FieldReader)] {
        guard let node = value(key) else { return [] }
        guard case .mapping(let mapping) = node else {
            typeError(key, node, expected: "une liste de noms suivis chacun de « : » et de leurs clés", example: example)
            return []
        }
        var result: [(name: Located<String>, reader: FieldReader)] = []
        var seen = Set<String>()
        for (name, item) in mapping {
            guard let text = name.scalar?.string.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
                diagnostics.append(.error(.yamlKey, at: locate(name), "un nom d’étape doit être un simple mot (accueil, cognition…)",
                                          help: "par exemple :\(example)"))
                continue
            }
            guard seen.insert(text).inserted else {
                diagnostics.append(.error(.duplicateKey, at: locate(name), "le nom « \(text) » apparaît deux fois dans « \(key) »",
                                          help: "donnez à chaque étape un nom différent"))
                continue
            }
            guard case .mapping(let keys) = item else {
                typeError(text, item, expected: "une liste de clés « clé: valeur », indentées sous le nom", example: example)
                continue
            }
            result.append((Located(text, at: locate(name)),
                           FieldReader(mapping: keys, file: file, lineOffset: lineOffset, origin: locate(name))))
        }
        return result
    }

    /// A nested mapping (`accessibilite:` in maillage.yaml), read by its own reader.
    mutating func mapping(_ key: String) -> FieldReader? {
        guard let node = value(key) else { return nil }
        guard case .mapping(let mapping) = node else {
            typeError(key, node, expected: "un bloc de clés indentées sous « \(key): »", example: "\n  clé: valeur")
            return nil
        }
        return FieldReader(mapping: mapping, file: file, lineOffset: lineOffset, origin: locate(node))
    }

    /// Warns about every key that nothing asked for, suggesting the closest known one.
    /// Returns all the diagnostics of this reader.
    mutating func finish(context: String) -> [Diagnostic] {
        finish(context: context, known: asked)
    }

    /// Warns of every key written but not `known` (the content model's keys of this group).
    mutating func finish(context: String, group: String, model: ContentModel = .standard) -> [Diagnostic] {
        Self.keysRead?.withLock { $0[group, default: []].formUnion(asked) }
        return finish(context: context, known: model.keys(group))
    }

    /// When set (by a test), the keys the parser asked for, by group of the content model: the
    /// parser and the model must name the same keys.
    @TaskLocal static var keysRead: Locked<[String: Set<String>]>?

    private mutating func finish(context: String, known: [String]) -> [Diagnostic] {
        for key in order where !known.contains(key) {
            let help = Suggestion.help(for: key, among: known,
                                       otherwise: "les clés connues ici sont : \(known.joined(separator: ", "))")
            diagnostics.append(.warning(.unknownKey, at: values[key].map { locate($0.key) } ?? origin,
                                        "clé inconnue « \(key) » \(context) : elle est ignorée", help: help))
        }
        return diagnostics
    }
}

/// libyaml's English messages, told again in words a communicator understands.
enum YAMLErrorTranslation {
    static func diagnostic(for error: YamlError, file: String, lineOffset: Int) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let (message, help) = explain(problem: problem, context: context?.text)
            var line = mark.line + lineOffset
            var column = mark.column
            // For an unterminated quote libyaml points at the end of the text; the quote's start is more useful.
            if problem.contains("end of stream"), let context, context.text.contains("quoted") {
                line = context.mark.line + lineOffset
                column = context.mark.column
            }
            return .error(.yamlSyntax, at: SourceLocation(file: file, line: line, column: column), message, help: help)
        case .reader:
            return .error(.yamlSyntax, at: SourceLocation(file: file, line: 1 + lineOffset),
                          "YAML illisible : le texte contient un caractère de contrôle ou mal encodé",
                          help: "enregistrez le fichier en UTF-8 et retirez les caractères invisibles (copiés d’un traitement de texte, par exemple)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .error(.duplicateKey, at: SourceLocation(file: file, line: context.mark.line + lineOffset, column: context.mark.column),
                          "clé en double : \(duplicates.joined(separator: ", "))", help: "gardez une seule ligne pour chaque clé")
        default:
            return .error(.yamlSyntax, at: SourceLocation(file: file, line: 1 + lineOffset), "YAML illisible",
                          help: "vérifiez les deux-points, les guillemets et l’indentation de l’en-tête")
        }
    }

    static func explain(problem: String, context: String?) -> (String, String) {
        let p = problem.lowercased()
        let c = context?.lowercased() ?? ""
        if c.contains("quoted scalar") || p.contains("end of stream") && c.contains("quot") {
            return ("guillemets ouverts mais jamais fermés", "fermez le texte par le même guillemet qu’au début (\" ou ')")
        }
        if p.contains("mapping values are not allowed") {
            return ("deux-points « : » inattendu dans une valeur",
                    "mettez la valeur entre guillemets, par exemple : title: \"Atelier 1 : retex\"")
        }
        if p.contains("cannot start any token") {
            return ("caractère interdit au début d’une valeur (tabulation, @ ou `)",
                    "indentez avec des espaces, pas des tabulations, et mettez entre guillemets une valeur qui commence par @ ou `")
        }
        if p.contains("did not find expected key") || p.contains("block end") || c.contains("block mapping") {
            return ("indentation ou structure YAML incorrecte",
                    "alignez les clés d’un même niveau avec le même nombre d’espaces, et les éléments de liste avec « - »")
        }
        if p.contains("did not find expected ',' or ']'") || p.contains("flow sequence") {
            return ("liste entre crochets mal fermée", "écrivez la liste ainsi : [premier, second] ; un élément qui contient une virgule va entre guillemets")
        }
        if p.contains("did not find expected ',' or '}'") {
            return ("accolades mal fermées", "fermez par } ou mettez la valeur entre guillemets")
        }
        if p.contains("nesting level") {
            return ("trop de crochets ou de niveaux imbriqués", "une liste s’écrit [premier, second] ; vérifiez qu’aucun crochet n’est répété")
        }
        if p.contains("tab") {
            return ("tabulation dans l’indentation", "indentez avec des espaces, pas des tabulations")
        }
        if p.contains("document start") || p.contains("document end") {
            return ("ligne inattendue : elle n’est ni une clé « nom: valeur » ni un élément de liste",
                    "écrivez « clé: valeur » (deux-points puis une espace), ou retirez cette ligne ; un texte long va après la ligne --- qui ferme l’en-tête")
        }
        if p.contains("node content") {
            return ("valeur manquante ou mal placée", "écrivez une valeur après les deux-points ou le tiret, ou mettez-la entre guillemets")
        }
        if p.contains("escape") {
            return ("barre oblique inverse « \\ » inattendue entre guillemets doubles", "doublez-la (\\\\) ou mettez le texte entre guillemets simples '…'")
        }
        if p.contains("alias") || p.contains("anchor") || p.contains("alphabetic or numeric") {
            return ("les signes & et * ne peuvent pas commencer une valeur", "mettez la valeur entre guillemets : \"* texte\"")
        }
        if p.contains("tag") || p.contains("directive") || p.contains("%") {
            return ("les signes ! et % ne peuvent pas commencer une valeur", "mettez la valeur entre guillemets : \"! texte\"")
        }
        if p.contains("':'") || p.contains("simple key") {
            return ("deux-points « : » manquant ou en trop", "écrivez « clé: valeur » sur une seule ligne, ou mettez la valeur entre guillemets")
        }
        if p.contains("end of stream") {
            return ("l’en-tête s’arrête au milieu d’une valeur", "fermez les guillemets, crochets ou accolades ouverts")
        }
        return ("syntaxe YAML incorrecte", "vérifiez les deux-points, les guillemets et l’indentation autour de cette ligne")
    }
}
