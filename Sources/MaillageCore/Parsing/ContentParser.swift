import Foundation

/// Parse stage: turns each source file into a typed value (Document, Structure, Person),
/// checking keys, types and dates. It looks at one file at a time; references between
/// files are the resolve stage's work.
public enum ContentParser {
    /// With a `cache`, a file whose text has not changed since the last build is not parsed again.
    public static func parse(_ site: LoadedSite, config: SiteConfig, cache: BuildCache? = nil) -> (SiteContent, [Diagnostic]) {
        var content = SiteContent(config: config, home: nil, documents: [], structures: [], people: [], files: site.files)
        var diagnostics: [Diagnostic] = []
        // Each file on its own, on every core; then gathered in file order.
        let parsed = concurrentMap(site.sources.count) { i in cache?.parse(site.sources[i]) ?? parse(site.sources[i]) }
        cache?.keepParses(of: site.sources)
        for (result, d) in parsed {
            diagnostics += d
            switch result {
            case .home(let home): content.home = home
            case .structure(let structure): content.structures.append(structure)
            case .person(let person): content.people.append(person)
            case .orientation(let tree): content.orientations.append(tree)
            case .document(let document): content.documents.append(document)
            case .none: break
            }
        }
        return (content, diagnostics)
    }

    // MARK: Markdown kinds

    /// What one file of `content/` holds.
    enum Parsed: Sendable {
        case home(HomePage?), structure(Structure), person(Person), orientation(OrientationTree), document(Document), none
    }

    static func parse(_ file: SourceFile) -> (Parsed, [Diagnostic]) {
        let parts = file.path.split(separator: "/")
        let name = String(parts.last!)
        let id = (name as NSString).deletingPathExtension
        if file.path == "content/index.md" {
            let (home, d) = parseHome(file)
            return (.home(home), d)
        }
        guard parts.count == 3, let kind = Kind.forFolder(String(parts[1])) else { return (.none, []) }
        var diagnostics: [Diagnostic] = []
        if !Slug.isSafe(id) {
            let slug = Slug.make(id)
            diagnostics.append(.warning(.unsafeId, at: SourceLocation(file: file.path),
                                        slug.isEmpty ? "le nom du fichier « \(name) » ne contient aucune lettre ni chiffre : il n’est pas publié"
                                            : "le nom du fichier « \(name) » contient des majuscules, des accents, des espaces ou les lettres d’un autre alphabet : son adresse sera « \(slug) »",
                                        help: "renommez-le « \(slug.isEmpty ? "mon-fichier" : slug)\((name as NSString).pathExtension.isEmpty ? "" : "." + (name as NSString).pathExtension) » : c’est son identifiant et son adresse"))
            if slug.isEmpty { return (.none, diagnostics) }
        }
        switch kind {
        case .structure:
            let (structure, d) = parseStructure(file, id: id)
            return (structure.map(Parsed.structure) ?? .none, diagnostics + d)
        case .person:
            let (person, d) = parsePerson(file, id: id)
            return (person.map(Parsed.person) ?? .none, diagnostics + d)
        case .orientation:
            let (tree, d) = OrientationParser.parse(file, id: id)
            return (tree.map(Parsed.orientation) ?? .none, diagnostics + d)
        default:
            let (document, d) = parseDocument(file, id: id, kind: kind)
            return (document.map(Parsed.document) ?? .none, diagnostics + d)
        }
    }

    static func parseHome(_ file: SourceFile) -> (HomePage?, [Diagnostic]) {
        let split: FrontMatterSplit
        switch FrontMatterSplit.split(file) {
        case .success(let s): split = s
        case .failure(let d): return (nil, [d])
        }
        var reader: FieldReader
        switch FieldReader.parse(split.yaml, file: file.path, firstLine: split.yamlFirstLine, origin: SourceLocation(file: file.path)) {
        case .success(let r): reader = r
        case .failure(let d): return (nil, [d])
        }
        let title = reader.string("title", required: "le titre de la page d’accueil")
        let summary = reader.string("summary")?.value
        let diagnostics = reader.finish(context: "dans l’en-tête de la page d’accueil")
        guard let title else { return (nil, diagnostics) }
        return (HomePage(path: file.path, title: title.value, summary: summary,
                         body: MarkdownText(text: split.body, file: file.path, firstLine: split.bodyFirstLine)), diagnostics)
    }

    static func parseDocument(_ file: SourceFile, id: String, kind: Kind) -> (Document?, [Diagnostic]) {
        let split: FrontMatterSplit
        switch FrontMatterSplit.split(file) {
        case .success(let s): split = s
        case .failure(let d): return (nil, [d])
        }
        var r: FieldReader
        switch FieldReader.parse(split.yaml, file: file.path, firstLine: split.yamlFirstLine, origin: SourceLocation(file: file.path)) {
        case .success(let reader): r = reader
        case .failure(let d): return (nil, [d])
        }
        let title = r.string("title", required: "le titre")
        let dateRequired: Set<Kind> = [.news, .minutes, .retex, .resource]
        let date = r.dateTime("date", required: dateRequired.contains(kind) ? "la date, au format AAAA-MM-JJ" : nil)
        let summary = r.string("summary")?.value
        let tags = r.strings("tags")
        let territories = r.strings("territories")
        let draft = r.bool("draft") ?? false
        let importedFrom = r.string("imported_from")?.value

        // A file with errors is still returned, so that its references are checked too:
        // any error stops the build before anything is written.
        var details = Document.Details.none
        switch kind {
        case .event:
            let start = r.dateTime("start", required: "le début, par exemple 2026-04-10T09:00")
            let end = r.dateTime("end")
            let location = r.string("location")?.value
            let registration = r.string("registration")
            let organizers = r.strings("organizers")
            var sessions: [Session] = []
            var sessionDiagnostics: [Diagnostic] = []
            for var s in r.mappings("sessions") {
                let sTitle = s.string("title", required: "le titre de la séance")
                let sStart = sessionTime(&s, "start", day: start?.value.date)
                let sEnd = sessionTime(&s, "end", day: start?.value.date)
                let session = Session(title: sTitle?.value ?? "", start: sStart, end: sEnd,
                                      room: s.string("room")?.value, speakers: s.strings("speakers"),
                                      summary: s.string("summary")?.value)
                sessionDiagnostics += s.finish(context: "dans une séance", group: "event.sessions")
                if sTitle != nil { sessions.append(session) }
            }
            r.appendDiagnostics(sessionDiagnostics)
            if let start, let end, end.value < start.value {
                r.appendDiagnostics([.error(.endBeforeStart, at: end.location, "l’événement finit avant de commencer",
                                            help: "vérifiez start (\(start.value)) et end (\(end.value))")])
            }
            if let registration { r.appendDiagnostics(URLPolicy.check(registration, key: "registration")) }
            let placeholder = Located(DateTime(date: LocalDate(year: 1970, month: 1, day: 1)!), at: r.origin)
            details = .event(Event(start: start ?? placeholder, end: end, location: location, registration: registration,
                                   organizers: organizers, sessions: sessions))
        case .minutes:
            details = .minutes(Minutes(location: r.string("location")?.value, event: r.string("event"),
                                       participants: r.strings("participants"), nextMeeting: r.dateTime("next_meeting")))
        case .retex:
            details = .retex(Retex(structures: r.strings("structures")))
        case .resource:
            details = .resource(Resource(file: r.string("file"), audience: r.string("audience")?.value,
                                         scanned: r.bool("scanned") ?? false))
        default:
            break
        }
        let diagnostics = r.finish(context: "pour une page de type « \(kind.singular.lowercased()) »", group: ContentModel.group(of: kind))
        let header = PageHeader(title: title?.value ?? id, date: date, summary: summary, tags: tags, territories: territories,
                                draft: draft, importedFrom: importedFrom)
        let document = Document(id: id, kind: kind, path: file.path, header: header,
                                body: MarkdownText(text: split.body, file: file.path, firstLine: split.bodyFirstLine),
                                details: details)
        return (document, diagnostics)
    }

    /// A session's time: `09:30` on the event's day, or a full date-time.
    static func sessionTime(_ r: inout FieldReader, _ key: String, day: LocalDate?) -> DateTime? {
        guard let text = r.string(key) else { return nil }
        if case .success(let time) = DateParser.parseTime(text.value) {
            guard let day else { return nil }
            return DateTime(date: day, time: time)
        }
        switch DateParser.parseDateTime(text.value) {
        case .success(let value):
            return value
        case .failure(let error):
            let (message, help) = DateParser.describe(text.value.count <= 5 ? .time : error, text: text.value)
            r.appendDiagnostics([.error(.invalidDate, at: text.location, message, help: help)])
            return nil
        }
    }

    // MARK: YAML kinds

    static func yamlReader(_ file: SourceFile) -> Result<FieldReader, Diagnostic> {
        FieldReader.parse(file.text, file: file.path, firstLine: 1, origin: SourceLocation(file: file.path))
    }

    static func parseStructure(_ file: SourceFile, id: String) -> (Structure?, [Diagnostic]) {
        var r: FieldReader
        switch yamlReader(file) {
        case .success(let reader): r = reader
        case .failure(let d): return (nil, [d])
        }
        let name = r.string("name", required: "le nom de la structure")
        let website = r.string("website")
        var structure = Structure(
            id: id, path: file.path, name: name?.value ?? id, kind: r.string("kind")?.value,
            territories: r.strings("territories"), address: r.string("address")?.value,
            phone: r.string("phone")?.value, email: r.string("email")?.value, website: website,
            missions: r.strings("missions").map(\.value), description: nil)
        if let text = r.markdown("description") {
            structure.description = MarkdownText(text: text.value, file: file.path, firstLine: text.location.line)
        }
        if let website { r.appendDiagnostics(URLPolicy.check(website, key: "website")) }
        let diagnostics = r.finish(context: "pour une structure de l’annuaire", group: "structure")
        return (structure, diagnostics)
    }

    static func parsePerson(_ file: SourceFile, id: String) -> (Person?, [Diagnostic]) {
        var r: FieldReader
        switch yamlReader(file) {
        case .success(let reader): r = reader
        case .failure(let d): return (nil, [d])
        }
        let name = r.string("name", required: "le nom de la personne")
        var person = Person(
            id: id, path: file.path, name: name?.value ?? id, role: r.string("role")?.value,
            structures: r.strings("structures"), territories: r.strings("territories"),
            photo: r.string("photo"), email: r.string("email")?.value, phone: r.string("phone")?.value,
            consent: r.bool("consent") ?? false, bio: nil)
        if let text = r.markdown("bio") {
            person.bio = MarkdownText(text: text.value, file: file.path, firstLine: text.location.line)
        }
        let diagnostics = r.finish(context: "pour une personne du trombinoscope", group: "person")
        return (person, diagnostics)
    }
}

extension FieldReader {
    mutating func appendDiagnostics(_ more: [Diagnostic]) {
        for d in more { appendDiagnostic(d) }
    }
}
