import Foundation

/// Resolve stage: gives every page its address, checks every reference between files,
/// rewrites links between content files, publishes attachments, and computes reverse
/// links and taxonomies. It reads the file system only to confine paths to the site.
public struct Resolver: Sendable {
    let content: SiteContent
    let root: URL
    let includeDrafts: Bool
    let buildDate: LocalDate
    /// Markdown rendered by earlier builds of the same site (`maillage serve`), or nil.
    let markdown: MarkdownMemo?

    /// Addresses no free page may take: they belong to sections and generated pages.
    static let reservedAddresses: Set<String> = Set(Kind.allCases.map(\.folder) + ["etiquettes", "territoires", "recherche", "assets", "404", "atom.xml", "sitemap.xml"])

    init(content: SiteContent, root: URL, includeDrafts: Bool, buildDate: LocalDate, markdown: MarkdownMemo? = nil) {
        self.markdown = markdown
        self.content = content
        self.root = root
        self.includeDrafts = includeDrafts
        self.buildDate = buildDate
    }

    public func resolve() -> (ResolvedSite, [Diagnostic]) {
        let (site, diagnostics, _) = resolveKeepingLinks()
        return (site, diagnostics)
    }

    /// Also gives the link context the documents' texts were decided with (before any of
    /// them), so that an edited text can be decided again alone (`InPlaceEdit`).
    func resolveKeepingLinks() -> (ResolvedSite, [Diagnostic], LinkContext) {
        var diagnostics: [Diagnostic] = []
        let published = content.documents.filter { includeDrafts || !$0.header.draft }
        let trees = content.orientations.filter { includeDrafts || !$0.draft }
        let drafts = Set(content.documents.filter { !includeDrafts && $0.header.draft }.map(\.path)
                         + content.orientations.filter { !includeDrafts && $0.draft }.map(\.path))

        // Addresses and the table of links.
        var links: [Kind: [String: PageLink]] = [:]
        var byPath: [String: PageLink] = [:]
        var takenAddresses: [String: String] = [:]
        func register(_ link: PageLink, path: String) {
            if let other = takenAddresses[link.address] {
                diagnostics.append(.error(.duplicateAddress, at: SourceLocation(file: path),
                                          "cette page aurait la même adresse /\(link.address) que \(other)",
                                          help: "renommez l’un des deux fichiers"))
                return
            }
            takenAddresses[link.address] = path
            links[link.kind, default: [:]][link.id] = link
            byPath[path] = link
        }
        for d in published {
            let slug = Slug.forAddress(d.id)
            if d.kind == .page, Self.reservedAddresses.contains(slug) {
                diagnostics.append(.error(.reservedAddress, at: SourceLocation(file: d.path),
                                          "la page libre « \(d.id) » prendrait l’adresse /\(slug)/, réservée à une rubrique du site",
                                          help: "renommez le fichier, par exemple « \(slug)-informations.md »"))
                continue
            }
            let address = d.kind == .page ? "\(slug)/" : "\(d.kind.folder)/\(slug)/"
            let summary = d.header.summary
            register(PageLink(kind: d.kind, id: d.id, title: d.header.title, address: address,
                              date: Self.listingDate(d), summary: summary), path: d.path)
        }
        /// Sub-folders of the annuaire and trombinoscope that hold filter pages.
        func reservedEntity(_ slug: String, _ kind: Kind, path: String) -> Bool {
            let reserved: Set<String> = kind == .structure ? ["type", "territoire"] : ["structure", "territoire"]
            guard reserved.contains(slug) else { return false }
            diagnostics.append(.error(.reservedAddress, at: SourceLocation(file: path),
                                      "l’identifiant « \(slug) » est réservé aux pages de filtres de /\(kind.folder)/",
                                      help: "renommez le fichier, par exemple « \(slug)-\(kind == .structure ? "structure" : "personne").yaml »"))
            return true
        }
        for s in content.structures {
            let slug = Slug.forAddress(s.id)
            if reservedEntity(slug, .structure, path: s.path) { continue }
            register(PageLink(kind: .structure, id: s.id, title: s.name, address: "annuaire/\(slug)/",
                              date: nil, summary: s.kind), path: s.path)
        }
        for p in content.people {
            let slug = Slug.forAddress(p.id)
            if reservedEntity(slug, .person, path: p.path) { continue }
            register(PageLink(kind: .person, id: p.id, title: p.name, address: "trombinoscope/\(slug)/",
                              date: nil, summary: p.role), path: p.path)
        }

        for t in trees {
            let slug = Slug.forAddress(t.id)
            register(PageLink(kind: .orientation, id: t.id, title: t.title, address: "orientation/\(slug)/",
                              date: nil, summary: t.summary), path: t.path)
        }

        var attachments: [String: Attachment] = [:]
        var context = LinkContext(resolver: self, byPath: byPath, drafts: drafts)
        /// Markdown of a YAML entity (description, bio), its links resolved from its file.
        func render(_ text: MarkdownText?, from path: String) -> String? {
            guard let text else { return nil }
            let rendered = Markdown.render(text, memo: markdown) { context.decide($0, at: $1, from: path) }
            diagnostics += rendered.diagnostics
            return rendered.html
        }
        var backlinks: [Kind: [String: [PageLink]]] = [:]
        /// A reference by id: recorded as a backlink of its target, or reported.
        func reference(_ ref: Located<String>, to kind: Kind, from link: PageLink, what: String) {
            if links[kind]?[ref.value] != nil {
                backlinks[kind, default: [:]][ref.value, default: []].append(link)
            } else {
                diagnostics += unknown(ref, kinds: [kind], links: links, drafts: drafts, what: what)
            }
        }

        // Documents: references, Markdown, attachments.
        // Their Markdown first, on every core: each document with its own copy of the link
        // context, whose findings (attachments, pending links) are gathered below, in order.
        let shared = context
        // A resource's file is found there too (its path followed on the disk), and a summary
        // taken from the first paragraph.
        let renderedBodies = concurrentMap(published.count) { [byPath] i -> (RenderedMarkdown, LinkContext, summary: String?, file: Result<Attachment, Diagnostic>?) in
            let d = published[i]
            var local = shared
            let rendered = Markdown.render(d.body, memo: markdown) { local.decide($0, at: $1, from: d.path) }
            let summary = byPath[d.path]?.summary == nil ? rendered.firstParagraph.map(Self.shorten) : nil
            var file: Result<Attachment, Diagnostic>?
            if case .resource(let r) = d.details, let written = r.file {
                file = local.attachment(written.value, at: written.location, from: d.path, key: "file")
            }
            return (rendered, local, summary, file)
        }
        var documents: [ResolvedDocument] = []
        for (i, d) in published.enumerated() {
            guard var link = byPath[d.path] else { continue }
            let (rendered, local, summary, file) = renderedBodies[i]
            context.absorb(local, since: shared)
            diagnostics += rendered.diagnostics
            if link.summary == nil { link.summary = summary }
            var resolved = ResolvedDocument(document: d, link: link, html: rendered.html, plainText: rendered.plainText,
                                            tags: [], territories: [], file: nil, linkedFiles: local.attachments.keys.sorted())
            var refs: [(Kind, Located<String>)] = []
            switch d.details {
            case .event(let e):
                refs += e.organizers.map { (.structure, $0) }
                refs += e.sessions.flatMap { $0.speakers.map { (.person, $0) } }
            case .minutes(let m):
                if let event = m.event { refs.append((.event, event)) }
                for participant in m.participants {
                    if links[.structure]?[participant.value] != nil {
                        refs.append((.structure, participant))
                    } else if links[.person]?[participant.value] != nil {
                        refs.append((.person, participant))
                    } else {
                        diagnostics += unknown(participant, kinds: [.structure, .person], links: links, drafts: drafts, what: "participant inconnu")
                    }
                }
            case .retex(let r):
                refs += r.structures.map { (.structure, $0) }
            case .resource:
                switch file {
                case .success(let a)?:
                    resolved.file = a
                    attachments[a.source] = a
                case .failure(let diag)?: diagnostics.append(diag)
                case nil: break
                }
            case .none:
                break
            }
            for (kind, ref) in refs {
                reference(ref, to: kind, from: link, what: Self.noun(for: kind, in: d.details))
            }
            documents.append(resolved)
        }

        var structures: [ResolvedStructure] = []
        for s in content.structures {
            guard let link = byPath[s.path] else { continue }
            structures.append(ResolvedStructure(structure: s, link: link, descriptionHTML: render(s.description, from: s.path), territories: []))
        }

        var people: [ResolvedPerson] = []
        // Photos found on every core (each path followed on the disk); a photo is never
        // recorded as an attachment (`allowPrivate`), so the copies of the context add nothing.
        let photoContext = context
        let photos = concurrentMap(content.people.count) { i -> Result<Attachment, Diagnostic>? in
            var local = photoContext
            let p = content.people[i]
            return p.photo.map { local.attachment($0.value, at: $0.location, from: p.path, key: "photo", allowPrivate: true) }
        }
        for (p, found) in zip(content.people, photos) {
            guard let link = byPath[p.path] else { continue }
            let html = render(p.bio, from: p.path)
            for ref in p.structures { reference(ref, to: .structure, from: link, what: "structure inconnue") }
            var photo: Attachment?
            if let found {
                // The photo is checked in every case, but published only with consent.
                switch found {
                case .success(let a):
                    // Never published as is (it may carry EXIF and GPS data): the process
                    // phase makes stripped portraits of it.
                    if p.consent { photo = a }
                case .failure(let diag): diagnostics.append(diag)
                }
            }
            people.append(ResolvedPerson(person: p, link: link, bioHTML: html, territories: [], photo: photo))
        }

        var orientations: [ResolvedOrientation] = []
        for t in trees {
            guard var link = byPath[t.path] else { continue }
            var intro: String?
            if let text = t.intro {
                let rendered = Markdown.render(text, memo: markdown) { context.decide($0, at: $1, from: t.path) }
                diagnostics += rendered.diagnostics
                intro = rendered.html
                if link.summary == nil { link.summary = rendered.firstParagraph.map(Self.shorten) }
            }
            var nodeHTML: [Int: String] = [:]
            for (i, node) in t.nodes.enumerated() {
                switch node.step {
                case .question(let q):
                    nodeHTML[i] = render(q.help, from: t.path)
                case .outcome(let o):
                    nodeHTML[i] = render(o.text, from: t.path)
                    for ref in o.structures { reference(ref, to: .structure, from: link, what: "structure inconnue") }
                    for ref in o.people { reference(ref, to: .person, from: link, what: "personne inconnue") }
                }
            }
            let (steps, numbers) = ResolvedOrientation.steps(of: t)
            guard !steps.isEmpty else { continue }
            orientations.append(ResolvedOrientation(tree: t, link: link, introHTML: intro, nodeHTML: nodeHTML, tags: [],
                                                    territories: [], steps: steps, numbers: numbers))
        }

        // Taxonomies: one term per slug, named as first written (in file order).
        var tagIndex = TermIndex()
        var territoryIndex = TermIndex()
        for i in documents.indices {
            documents[i].tags = documents[i].document.header.tags.compactMap { tagIndex.add($0, link: documents[i].link, diagnostics: &diagnostics) }
            documents[i].territories = documents[i].document.header.territories.compactMap { territoryIndex.add($0, link: documents[i].link, diagnostics: &diagnostics) }
        }
        for i in structures.indices {
            structures[i].territories = structures[i].structure.territories.compactMap { territoryIndex.add($0, link: structures[i].link, diagnostics: &diagnostics) }
        }
        for i in orientations.indices {
            orientations[i].tags = orientations[i].tree.tags.compactMap { tagIndex.add($0, link: orientations[i].link, diagnostics: &diagnostics) }
            orientations[i].territories = orientations[i].tree.territories.compactMap { territoryIndex.add($0, link: orientations[i].link, diagnostics: &diagnostics) }
        }
        for i in people.indices {
            people[i].territories = people[i].person.territories.compactMap { territoryIndex.add($0, link: people[i].link, diagnostics: &diagnostics) }
        }

        var homeHTML = ""
        var homeSummary: String?
        if let home = content.home {
            let rendered = Markdown.render(home.body, memo: markdown) { context.decide($0, at: $1, from: home.path) }
            diagnostics += rendered.diagnostics
            homeHTML = rendered.html
            homeSummary = home.summary ?? rendered.firstParagraph.map(Self.shorten)
        } else if content.files.contains("content/index.md") == false {
            diagnostics.append(.warning(.missingHome, at: SourceLocation(file: "content/index.md"),
                                        "pas de page d’accueil content/index.md : une page d’accueil par défaut est publiée",
                                        help: "créez content/index.md avec un titre et un texte d’introduction"))
        }

        for (source, attachment) in context.attachments { attachments[source] = attachment }
        // Sorted through their positions (a document is a large value to move around).
        documents = documents.indices.sorted { Self.newestFirst(documents[$0], documents[$1]) }.map { documents[$0] }
        var site = ResolvedSite(
            config: content.config, buildDate: buildDate,
            homeTitle: content.home?.title ?? content.config.title, homeHTML: homeHTML, homeSummary: homeSummary ?? content.config.description,
            documents: documents,
            structures: Self.byName(Array(structures.enumerated()), name: \.element.link.title, position: \.offset).map(\.element),
            people: Self.byName(Array(people.enumerated()), name: \.element.person.name, position: \.offset).map(\.element),
            attachments: attachments.values.sorted { $0.output < $1.output },
            links: links, backlinks: backlinks.mapValues { $0.mapValues { Self.unique($0) } },
            tags: tagIndex.pages(), territories: territoryIndex.pages())
        site.orientations = orientations.sorted { $0.link.title.localizedStandardCompare($1.link.title) == .orderedAscending }
        site.pendingLinks = context.pending
        var external = context.external
        for d in documents { external += Self.webAddresses(of: d.document) }
        for s in content.structures { external += Self.webAddresses(of: s) }
        site.externalLinks = external.filter { URLPolicy.isWeb($0.value) }
            .sorted { $0.location < $1.location }
        return (site, diagnostics, shared)
    }

    // MARK: Helpers

    static func listingDate(_ d: Document) -> DateTime? {
        if case .event(let e) = d.details { return e.start.value }
        return d.header.date?.value
    }

    /// Structures and people as listed: by name, those of the same name in file order (`position`).
    /// Their names and positions are read once, and the items moved once: when they are in that
    /// order already, not at all. With `changed`, the items were in that order but for the names of
    /// those at these positions (a name edited in place, `InPlaceEdit`): only they are compared with
    /// their neighbours to know whether the order still holds.
    static func byName<T>(_ items: [T], name: (T) -> String, position: (T) -> Int, changed: [Int]? = nil) -> [T] {
        let names = items.map(name), positions = items.map(position)
        func before(_ i: Int, _ j: Int) -> Bool {
            let order = names[i].localizedStandardCompare(names[j])
            return order == .orderedSame ? positions[i] < positions[j] : order == .orderedAscending
        }
        // Each position that must come after the one before it.
        let seconds = changed.map { $0.flatMap { [$0, $0 + 1] } } ?? Array(items.indices)
        if seconds.allSatisfy({ $0 <= 0 || $0 >= items.count || before($0 - 1, $0) }) { return items }
        return items.indices.sorted(by: before).map { items[$0] }
    }

    /// Web addresses written in a page's front matter (an event's registration), or in an entry.
    static func webAddresses(of d: Document) -> [Located<String>] {
        if case .event(let e) = d.details, let registration = e.registration { return [registration] }
        return []
    }

    static func webAddresses(of s: Structure) -> [Located<String>] { s.website.map { [$0] } ?? [] }

    static func newestFirst(_ a: ResolvedDocument, _ b: ResolvedDocument) -> Bool {
        let da = a.link.date, db = b.link.date
        if da != db {
            guard let da else { return false }
            guard let db else { return true }
            return da > db
        }
        return a.link.address < b.link.address
    }

    static func unique(_ links: [PageLink]) -> [PageLink] {
        var seen = Set<String>()
        return links.filter { seen.insert($0.address).inserted }
    }

    /// A default summary: the first paragraph, at most about 300 characters.
    static func shorten(_ text: String) -> String { Format.excerpt(text, 300) }

    static func noun(for kind: Kind, in details: Document.Details) -> String {
        switch (kind, details) {
        case (.person, .event): "intervenant inconnu"
        case (.structure, .event): "organisateur inconnu"
        default: kind.unknownNoun
        }
    }

    static func sourcePaths(_ kind: Kind, _ id: String) -> [String] {
        kind.isMarkdown ? ["content/\(kind.folder)/\(id).md"] : ["content/\(kind.folder)/\(id).yaml", "content/\(kind.folder)/\(id).yml"]
    }

    func unknown(_ ref: Located<String>, kinds: [Kind], links: [Kind: [String: PageLink]], drafts: Set<String>, what: String) -> [Diagnostic] {
        let candidates = kinds.flatMap { Array(links[$0]?.keys ?? [:].keys) }
        let folders = kinds.map { "content/\($0.folder)/" }.joined(separator: " ou ")
        let isDraft = kinds.contains { kind in Self.sourcePaths(kind, ref.value).contains { drafts.contains($0) } }
        // A file that exists but could not be read has its own error; do not repeat it here.
        if !isDraft, kinds.contains(where: { kind in Self.sourcePaths(kind, ref.value).contains { content.files.contains($0) } }) {
            return []
        }
        if isDraft {
            return [.error(.draftReference, at: ref.location, "« \(ref.value) » est un brouillon (draft: true) : il n’est pas publié",
                          help: "publiez-le (retirez draft: true) ou retirez cette référence")]
        }
        let help = Suggestion.help(for: ref.value, among: candidates,
                                   otherwise: "l’identifiant est le nom du fichier sans extension, dans \(folders)")
        return [.error(.unknownReference, at: ref.location, "\(what) « \(ref.value) »", help: help)]
    }
}

/// Collects tags or territories: one term per slug.
struct TermIndex {
    private var terms: [String: Term] = [:]
    private var members: [String: [PageLink]] = [:]
    /// The addresses of each term's members, to add each page once.
    private var addresses: [String: Set<String>] = [:]
    /// Each term as written, made a slug once (the same few terms are written thousands of times).
    private var slugs: [String: String] = [:]

    mutating func add(_ raw: Located<String>, link: PageLink, diagnostics: inout [Diagnostic]) -> Term? {
        let slug: String
        if let known = slugs[raw.value] { slug = known } else {
            slug = Slug.make(raw.value)
            slugs[raw.value] = slug
        }
        guard !slug.isEmpty else {
            diagnostics.append(.warning(.emptyTerm, at: raw.location, "« \(raw.value) » ne contient aucune lettre ni chiffre : ignoré"))
            return nil
        }
        let term = terms[slug] ?? Term(name: raw.value, slug: slug)
        terms[slug] = term
        if addresses[slug, default: []].insert(link.address).inserted {
            members[slug, default: []].append(link)
        }
        return term
    }

    func pages() -> [Term: [PageLink]] {
        var result: [Term: [PageLink]] = [:]
        for (slug, term) in terms { result[term] = members[slug] ?? [] }
        return result
    }
}
