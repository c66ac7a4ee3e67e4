import Foundation

/// A file of the output, site-relative.
public struct OutputFile: Sendable {
    public enum Contents: Sendable {
        case data(Data)
        /// A file of the site copied as it is (attachments).
        case copy(URL)
    }

    public var path: String
    public var contents: Contents

    public init(path: String, contents: Contents) {
        self.path = path
        self.contents = contents
    }

    public init(path: String, text: String) {
        self.init(path: path, contents: .data(Data(text.utf8)))
    }
}

/// Render stage: turns the resolved site into output files through the theme's templates.
/// Pages are rendered on every core; the renderer is only read from once built.
struct SiteRenderer: Sendable {
    /// The site (changed in place by an edit, `InPlaceEdit`, before a renderer is made of it again).
    var site: ResolvedSite
    let theme: Theme
    let root: URL
    let perPage = 30
    /// Free pages listed in the footer (every page carries it: a site with hundreds of free
    /// pages would otherwise weigh on every page).
    static let footerPages = 12
    /// Footer links (free pages, then fixed entries), the same on every page.
    private(set) var footer: [FooterLink] = []
    /// Events by the day they start, to link a minutes' next meeting.
    private(set) var eventsByDay: [LocalDate: PageLink] = [:]
    /// What `/evenements/agenda.ics` holds (see `agendaEvents(of:)`).
    private(set) var agenda: [ResolvedDocument] = []
    /// The agenda's events as written there, kept for an edit in place.
    let agendaTexts = ICalendar.Memo()
    /// Names of structures and people by id, and the entities themselves (orientation outcomes).
    private(set) var contactNames: [String: String] = [:]
    private(set) var structuresByID: [String: ResolvedStructure] = [:]
    private(set) var peopleByID: [String: ResolvedPerson] = [:]
    /// Each orientation tree's overview diagram, by the tree's address (its page gives its size).
    private(set) var diagrams: [String: (text: String, width: Int, height: Int)] = [:]
    /// PDF previews by the resource file's source path.
    let previews: [String: Preview]
    /// Portraits of consenting people, by person id.
    let portraits: [String: Portrait]
    /// Each page's summary as a card shows it, cut once (a page is shown on many lists).
    private(set) var cardSummaries: [String: String] = [:]
    /// Each person's entry in the trombinoscope's lists (the page that lists it says whether its
    /// portrait loads at once or lazily), and each structure's in the annuaire's, by address: an
    /// entry is listed on several pages of its directory, and made once.
    private(set) var personItems: [String: DirectoryEntry] = [:]
    private(set) var structureItems: [String: DirectoryEntry] = [:]

    /// Site-relative path of the search index's entry file, named by the search page.
    var searchEntry: String?
    /// Pages rendered by earlier builds of the same site (`maillage serve`), or nil.
    let memo: RenderMemo?

    init(site: ResolvedSite, theme: Theme, root: URL, searchEntry: String? = nil,
         portraits: [String: Portrait] = [:], previews: [String: Preview] = [:], memo: RenderMemo? = nil) {
        self.memo = memo
        self.site = site
        self.searchEntry = searchEntry
        self.previews = previews
        self.portraits = portraits
        self.theme = theme
        self.root = root
        derive(Set(Kind.allCases))
        let summaries = Array(Set(site.documents.compactMap(\.link.summary) + site.structures.compactMap(\.link.summary)
                                  + site.people.compactMap(\.link.summary)))
        let cut = concurrentMap(summaries.count) { Format.excerpt(summaries[$0], Self.cardSummaryLength) }
        cardSummaries = Dictionary(uniqueKeysWithValues: zip(summaries, cut))
    }

    /// After an edit in place (`InPlaceEdit`) of pages and entries of these kinds, at these
    /// addresses, whose summaries are now these: what the renderer derives from them made again.
    mutating func refresh(_ kinds: Set<Kind>, edited: Set<String>, summaries: [String]) {
        derive(kinds, edited: edited)
        for summary in summaries where cardSummaries[summary] == nil {
            cardSummaries[summary] = Format.excerpt(summary, Self.cardSummaryLength)
        }
    }

    /// What the renderer derives from the site's pages and entries of these kinds (of those at
    /// the `edited` addresses only, where that is enough).
    private mutating func derive(_ kinds: Set<Kind>, edited: Set<String>? = nil) {
        if kinds.contains(.page) {
            let base = site.config.basePath
            footer = site.documents.filter { $0.document.kind == .page && $0.link.address != Self.accessibilityAddress }
                .sorted { $0.link.title.localizedStandardCompare($1.link.title) == .orderedAscending }
                .prefix(Self.footerPages)
                .map { FooterLink(url: base + $0.link.address, label: $0.link.title) }
            footer += [FooterLink(url: base + "etiquettes/", label: "Thèmes"), FooterLink(url: base + "territoires/", label: "Territoires"),
                       FooterLink(url: base + "recherche/", label: "Rechercher"),
                       FooterLink(url: base + Self.accessibilityAddress, label: Self.accessibilityFooterLabel(site.config.accessibility))]
        }
        if kinds.contains(.event) {
            var events: [LocalDate: PageLink] = [:]
            for d in site.documents {
                if case .event(let e) = d.document.details, events[e.start.value.date] == nil { events[e.start.value.date] = d.link }
            }
            eventsByDay = events
            agenda = Self.agendaEvents(of: site)
        }
        if kinds.contains(.structure) || kinds.contains(.person) {
            var names: [String: String] = [:]
            for p in site.people { names[p.person.id] = p.person.name }
            for s in site.structures { names[s.structure.id] = s.structure.name }
            contactNames = names
            structuresByID = Dictionary(site.structures.map { ($0.structure.id, $0) }) { first, _ in first }
            peopleByID = Dictionary(site.people.map { ($0.person.id, $0) }) { first, _ in first }
            deriveDirectoryItems(edited: edited)
        }
        if kinds.contains(.orientation) || kinds.contains(.structure) || kinds.contains(.person) {
            var diagrams: [String: (text: String, width: Int, height: Int)] = [:]
            for o in site.orientations { diagrams[o.link.address] = Flowchart(orientation: o, names: contactNames).svg() }
            self.diagrams = diagrams
        }
    }

    /// The directories' items of every structure and person, or of those at the `edited`
    /// addresses and the people of the structures there (a person's item names their structures).
    private mutating func deriveDirectoryItems(edited: Set<String>?) {
        let renderer = self
        let people: [Int], structures: [Int]
        if let edited {
            people = site.people.indices.filter { i in
                let p = site.people[i]
                return edited.contains(p.link.address)
                    || p.person.structures.contains { site.link(.structure, $0.value).map { edited.contains($0.address) } ?? false }
            }
            structures = site.structures.indices.filter { edited.contains(site.structures[$0].link.address) }
        } else {
            people = Array(site.people.indices)
            structures = Array(site.structures.indices)
            personItems = [:]
            structureItems = [:]
        }
        let madePeople = concurrentMap(people.count) { renderer.personItem(renderer.site.people[people[$0]]) }
        for (i, item) in zip(people, madePeople) { personItems[site.people[i].link.address] = item }
        let madeStructures = concurrentMap(structures.count) { renderer.structureItem(renderer.site.structures[structures[$0]]) }
        for (i, item) in zip(structures, madeStructures) { structureItems[site.structures[i].link.address] = item }
    }

    static let cardSummaryLength = 180

    var base: String { site.config.basePath }
    func url(_ address: String) -> SiteLink { SiteLink(base: base, address: address) }
    func absolute(_ address: String) -> String { site.config.baseURL + address }

    /// A page to render: its model is made when the page is rendered, on any core.
    struct PageJob: Sendable {
        let address: String
        let template: String
        let date: DateTime?
        /// For a page of a list, the addresses of the pages it lists.
        var shows: [String]? = nil
        let model: @Sendable () -> PageModel
    }

    /// Pages whose models are made together (a paginated list), or a single page, under a
    /// key that names them from one build to the next.
    struct PageBatch: Sendable {
        let key: String
        let make: @Sendable () -> [PageJob]
    }

    /// What a batch of pages made, and what they show of other pages: the addresses their
    /// models link to (`SiteLink`) or mention without a link, and their own. An edit of a
    /// page or an entry reaches exactly the batches that read its address (`InPlaceEdit`).
    struct BatchRecord: Sendable {
        struct Page: Sendable, Equatable {
            var path: String
            var reads: [String]
            var shows: [String]?
        }
        var pages: [Page]
        /// What all its pages read.
        var reads: Set<String> { Set(pages.flatMap(\.reads)) }
    }

    /// Every output file; with `recording`, also what each batch of pages reads.
    /// With `templates: false` every page's data is still computed (dates, excerpts, JSON-LD,
    /// links) but not put through the templates: the fuzz tests' cheaper path.
    /// With a `sink`, each file is also given to it as soon as it is made.
    func render(templates: Bool = true, recording: Bool = false, sink: (@Sendable ([OutputFile]) -> Void)? = nil)
        -> (files: [OutputFile], batches: [String: BatchRecord]) {
        let batches = pageBatches()
        let (pages, jobs, records) = render(batches, templates: templates, recording: recording, sink: sink)
        var others = otherFiles()
        others.append(OutputFile(path: "sitemap.xml", text: Feeds.sitemap(jobs.map { ($0.address, $0.date) }, site: site)))
        sink?(others)
        return (pages + others, records)
    }

    /// The pages of `batches`: batches are made on every core, then their pages rendered
    /// (through the memo, when there is one). `keeping` gives the record of a page that need
    /// not be rendered again (it is not among the files returned).
    func render(_ batches: [PageBatch], templates: Bool = true, recording: Bool = false,
                keeping: ((_ key: String, _ position: Int, _ job: PageJob) -> BatchRecord.Page?)? = nil,
                sink: (@Sendable ([OutputFile]) -> Void)? = nil)
        -> (pages: [OutputFile], jobs: [PageJob], records: [String: BatchRecord]) {
        let theme = self.theme
        let made = concurrentMap(batches.count) { batches[$0].make() }
        var kept = made.map { [BatchRecord.Page?](repeating: nil, count: $0.count) }
        var todo: [(batch: Int, position: Int)] = []
        for (b, jobs) in made.enumerated() {
            for (i, job) in jobs.enumerated() {
                if let page = keeping?(batches[b].key, i, job) { kept[b][i] = page } else { todo.append((b, i)) }
            }
        }
        let memo = self.memo
        // Pages that list the most cards first (the trombinoscope's home lists hundreds): the
        // longest page, started last, would be the only work left, on one core. The pages come
        // back in output order.
        func size(_ page: (batch: Int, position: Int)) -> Int { made[page.batch][page.position].shows?.count ?? 0 }
        let order = todo.indices.sorted { size(todo[$0]) > size(todo[$1]) }
        let queue = order.map { todo[$0] }
        let rendered = concurrentMap(queue.count) { index -> (OutputFile, [String]) in
            let job = made[queue[index].batch][queue[index].position]
            let model = job.model()
            let path = job.address + "index.html", template = job.template
            func render() -> Data { Data(theme.render(template, model).utf8) }
            // The model's fingerprint (for the memo) and the addresses it links to or mentions.
            var walk = ModelWalk(collecting: recording)
            if memo != nil || recording { walk.feed(model) }
            let file: OutputFile
            if templates, let memo {
                file = OutputFile(path: path, contents: .data(memo.page(template, walk.pair.finalize(), render: render)))
            } else {
                file = OutputFile(path: path, contents: .data(templates ? render() : Data()))
            }
            sink?([file])
            return (file, recording ? [job.address] + walk.addresses! : [])
        }
        var pages = rendered
        for (k, index) in order.enumerated() { pages[index] = rendered[k] }
        var records: [String: BatchRecord] = [:]
        if recording {
            for (index, (b, i)) in todo.enumerated() {
                kept[b][i] = BatchRecord.Page(path: pages[index].0.path, reads: Array(Set(pages[index].1)).sorted(), shows: made[b][i].shows)
            }
            for (b, batch) in batches.enumerated() { records[batch.key] = BatchRecord(pages: kept[b].map { $0! }) }
        }
        return (pages.map(\.0), made.flatMap { $0 }, records)
    }

    /// The site's pages, in output order: home, documents, structures, people, orientations,
    /// lists, directories, taxonomies, search, accessibility; or only those of the given keys.
    func pageBatches(only keys: Set<String>? = nil) -> [PageBatch] {
        var batches: [PageBatch] = []
        // Pages and entries are looked at by position: copying each of them costs more than
        // making the few pages an edit needs.
        func wanted(_ key: String) -> Bool { keys?.contains(key) ?? true }
        func page(_ address: String, _ template: String, _ model: @autoclosure @escaping @Sendable () -> PageModel, date: DateTime? = nil) {
            guard wanted(address) else { return }
            let job = PageJob(address: address, template: template, date: date, model: model)
            batches.append(PageBatch(key: address) { [job] })
        }
        func list(_ key: String, template: String = "list", _ make: @escaping @Sendable () -> [ListPage]) {
            guard wanted(key) else { return }
            batches.append(PageBatch(key: key) {
                make().map { PageJob(address: $0.address, template: template, date: nil, shows: $0.shows, model: $0.model) }
            })
        }

        page("", "home", homeModel())
        for i in site.documents.indices where wanted(site.documents[i].link.address) {
            let job = documentPage(site.documents[i])
            batches.append(PageBatch(key: job.address) { [job] })
        }
        for i in site.structures.indices where wanted(site.structures[i].link.address) {
            let s = site.structures[i]
            page(s.link.address, "structure", structureModel(s))
        }
        for i in site.people.indices where wanted(site.people[i].link.address) {
            let p = site.people[i]
            page(p.link.address, "person", personModel(p))
        }
        for o in site.orientations {
            page(o.link.address, "orientation", orientationModel(o, diagram: diagrams[o.link.address]!))
        }
        list("orientation/") { orientationListPages() }
        for kind in [Kind.news, .event, .minutes, .retex, .resource] {
            list("\(kind.folder)/") { sectionPages(kind) }
        }
        list("annuaire/", template: "directory") { annuairePages() }
        list("trombinoscope/", template: "directory") { trombinoscopePages() }
        for (folder, label, terms) in [("etiquettes", "Thèmes", site.tags), ("territoires", "Territoires", site.territories)] {
            page("\(folder)/", "terms", termsIndexModel(folder: folder, label: label, terms: terms))
            for (term, links) in terms {
                list("\(folder)/\(term.slug)/") { termPages(folder: folder, label: label, term: term, links: links) }
            }
        }
        let search = searchPage()
        if wanted(search.address) { batches.append(PageBatch(key: search.address) { [search] }) }
        // A free page `content/pages/accessibilite.md` replaces the generated statement.
        if !site.documents.contains(where: { $0.link.address == Self.accessibilityAddress }) {
            page(Self.accessibilityAddress, "accessibility", accessibilityModel())
        }
        return batches
    }

    /// Files that are not pages, made together, under a key (their page's address and a suffix), with
    /// the addresses whose pages they show (an edit in place makes again those that show an
    /// edited page or entry).
    struct FileJob: Sendable {
        let key: String
        let reads: @Sendable () -> [String]
        let make: @Sendable () -> [OutputFile]
    }

    /// Every output file that is not a page: diagrams, vCards, the 404 page, calendars, the
    /// theme's assets, images, attachments and the Atom feed (the sitemap lists the pages).
    func otherFiles() -> [OutputFile] {
        let jobs = fileJobs()
        return concurrentMap(jobs.count) { jobs[$0].make() }.flatMap { $0 }
    }

    /// The jobs of `otherFiles()`, or only those of the given keys.
    func fileJobs(only keys: Set<String>? = nil) -> [FileJob] {
        var jobs: [FileJob] = []
        func wanted(_ key: String) -> Bool { keys?.contains(key) ?? true }
        func job(_ key: String, _ reads: @escaping @Sendable () -> [String], _ make: @escaping @Sendable () -> [OutputFile]) {
            if wanted(key) { jobs.append(FileJob(key: key, reads: reads, make: make)) }
        }
        let site = self.site
        @Sendable func address(_ kind: Kind, _ refs: [Located<String>]) -> [String] { refs.compactMap { site.link(kind, $0.value)?.address } }
        let renderer = self
        for o in site.orientations {
            let outcomes = o.tree.nodes.compactMap(\.outcome)
            job(o.link.address + Self.diagramName, { [o.link.address] + outcomes.flatMap { address(.structure, $0.structures) + address(.person, $0.people) } }) {
                [OutputFile(path: o.link.address + Self.diagramName, text: renderer.diagrams[o.link.address]!.text)]
            }
        }
        let vcard = VCard(site: site)
        for i in site.structures.indices where wanted(site.structures[i].link.address + "#vcf") {
            let s = site.structures[i]
            job(s.link.address + "#vcf", { [s.link.address] }) {
                [OutputFile(path: s.link.address + vcard.vcfName(s.link), text: ContentLine.file(vcard.structure(s)))]
            }
        }
        if !site.structures.isEmpty {
            job("annuaire/annuaire.vcf", { site.structures.map(\.link.address) }) {
                [OutputFile(path: "annuaire/annuaire.vcf", text: ContentLine.file(renderer.site.structures.flatMap(vcard.structure)))]
            }
        }
        for i in site.people.indices where wanted(site.people[i].link.address + "#vcf") {
            let p = site.people[i]
            job(p.link.address + "#vcf", { [p.link.address] + address(.structure, Array(p.person.structures.prefix(1))) }) {
                [OutputFile(path: p.link.address + vcard.vcfName(p.link),
                            text: ContentLine.file(vcard.person(p, portrait: p.person.consent ? renderer.portraits[p.person.id] : nil)))]
            }
        }
        job("404.html", { [] }) {
            [OutputFile(path: "404.html", text: renderer.theme.render("not-found",
                        PageModel(chrome: renderer.chrome(title: "Page introuvable", description: nil, address: "404.html", section: nil),
                                  content: .plain)))]
        }
        let calendar = ICalendar(site: site)
        @Sendable func speakers(_ d: ResolvedDocument) -> [String] {
            guard case .event(let e) = d.document.details else { return [] }
            return e.sessions.flatMap { address(.person, $0.speakers) }
        }
        for i in site.documents.indices where site.documents[i].document.kind == .event && wanted(site.documents[i].link.address + "#ics") {
            let d = site.documents[i]
            job(d.link.address + "#ics", { [d.link.address] + speakers(d) }) {
                [OutputFile(path: d.link.address + "\(Slug.make(d.document.id)).ics", text: calendar.calendar(for: [d], name: d.link.title))]
            }
        }
        if !agenda.isEmpty {
            let agenda = self.agenda
            job("evenements/agenda.ics", { agenda.flatMap { [$0.link.address] + speakers($0) } }) {
                [OutputFile(path: "evenements/agenda.ics", text: calendar.calendar(for: renderer.agenda, name: "Agenda — \(renderer.site.config.title)",
                                                                                 memo: renderer.agendaTexts))]
            }
        }
        // Files an edit in place never changes (it keeps images and attached files).
        job("assets/", { [] }) {
            var files: [OutputFile] = []
            for (name, data) in renderer.theme.assets.sorted(by: { $0.key < $1.key }) {
                files.append(OutputFile(path: "assets/\(name)", contents: .data(data)))
            }
            for portrait in renderer.portraits.values {
                for file in portrait.files { files.append(OutputFile(path: file.output, contents: .copy(file.cached))) }
            }
            for preview in renderer.previews.values.sorted(by: { $0.output < $1.output }) {
                files.append(OutputFile(path: preview.output, contents: .copy(preview.file)))
            }
            for attachment in renderer.site.attachments {
                files.append(OutputFile(path: attachment.output, contents: .copy(renderer.root.appendingPathComponent(attachment.source))))
            }
            return files
        }
        job("atom.xml", { Feeds.atomEntries(site).map(\.0.link.address) }) { [renderer.atom()] }
        return jobs
    }

    func atom() -> OutputFile { OutputFile(path: "atom.xml", text: Feeds.atom(site)) }

    /// A document's page.
    func documentPage(_ d: ResolvedDocument) -> PageJob {
        let renderer = self
        return PageJob(address: d.link.address, template: d.document.kind == .page ? "page" : Self.template(for: d.document.kind),
                       date: d.document.header.date?.value ?? d.link.date, model: { renderer.documentModel(d) })
    }

    /// The search page, which names the index's entry file.
    func searchPage() -> PageJob {
        let renderer = self
        return PageJob(address: "recherche/", template: "search", date: nil, model: {
            PageModel(chrome: renderer.chrome(title: "Rechercher", description: "Rechercher sur \(renderer.site.config.title)",
                                              address: "recherche/", section: nil, isSearch: true),
                      content: .plain)
        })
    }

    /// A page put through its template now (no memo).
    func file(of job: PageJob) -> OutputFile {
        OutputFile(path: job.address + "index.html", contents: .data(Data(theme.render(job.template, job.model()).utf8)))
    }

    static func template(for kind: Kind) -> String {
        switch kind {
        case .news: "news"
        case .event: "event"
        case .minutes: "minutes"
        case .retex: "retex"
        case .resource: "resource"
        default: "page"
        }
    }

    // MARK: Shared parts

    /// What every page carries: the site, the page's title and address, the navigation (with
    /// the current section) and the footer.
    func chrome(title: String, description: String?, address: String, section: String?,
                breadcrumb: [(String, String)] = [], isSearch: Bool = false) -> Chrome {
        var sections = [
            ("actualites/", "Actualités"), ("evenements/", "Agenda"), ("comptes-rendus/", "Comptes rendus"),
            ("retex/", "Retex"), ("ressources/", "Ressources"), ("annuaire/", "Annuaire"), ("trombinoscope/", "Trombinoscope"),
        ]
        if !site.orientations.isEmpty { sections.append(("orientation/", "Orientation")) }
        let page = PageInfo(title: title, canonical: absolute(address), isHome: address.isEmpty, isSearch: isSearch,
                            breadcrumb: breadcrumb.map { LabelledLink(url: url($0.0), label: $0.1) },
                            description: description.flatMap { $0.isEmpty ? nil : $0 },
                            searchIndex: isSearch ? searchEntry.map(url) : nil)
        return Chrome(site: SiteInfo(title: site.config.title, base: base, language: site.config.language, description: site.config.description),
                      page: page,
                      nav: sections.map { NavItem(url: base + $0.0, label: $0.1, current: section.map { "\($0)/" } == $0.0) },
                      footer: footer)
    }

    func card(_ link: PageLink, draft: Bool = false) -> Card {
        var c = Card(title: link.title, url: url(link.address), kindLabel: kindLabel(link), draft: draft)
        if let date = link.date {
            c.dateText = link.kind == .event ? FrenchDates.long(date) : FrenchDates.long(date.date)
            c.dateISO = FrenchDates.machine(date)
        }
        c.summary = link.summary.map { cardSummaries[$0] ?? Format.excerpt($0, Self.cardSummaryLength) }
        return c
    }

    /// `<picture>` data of a person's portrait, only with consent.
    func portraitImage(_ p: ResolvedPerson) -> PortraitImage? {
        guard p.person.consent, let portrait = portraits[p.person.id] else { return nil }
        return PortraitImage(webp: "\(base + portrait.webpSmall) 1x, \(base + portrait.webpLarge) 2x", jpeg: url(portrait.jpegSmall),
                             size: Portrait.size)
    }

    func kindLabel(_ link: PageLink) -> String {
        if link.kind == .structure, let kind = link.summary { return kind }
        return link.kind.singular
    }

    func linkItem(_ link: PageLink, detail: String? = nil) -> LinkItem {
        LinkItem(title: link.title, url: url(link.address), detail: detail)
    }

    func terms(_ list: [Term], folder: String) -> [TermLink] {
        list.map { TermLink(name: $0.name, url: url("\(folder)/\($0.slug)/")) }
    }

    func links(_ refs: [Located<String>], _ kind: Kind) -> [LinkItem] {
        var seen = Set<String>()
        return refs.compactMap { ref in
            guard seen.insert(ref.value).inserted, let link = site.link(kind, ref.value) else { return nil }
            return linkItem(link)
        }
    }

    /// What `/evenements/agenda.ics` holds: upcoming events, and those of the last twelve months
    /// (so that a subscription keeps recent history), soonest first.
    static func agendaEvents(of site: ResolvedSite) -> [ResolvedDocument] {
        let horizon = LocalDate(daysSinceEpoch: site.buildDate.daysSinceEpoch - 365)
        return site.documents.filter {
            guard case .event(let e) = $0.document.details else { return false }
            return (e.end?.value.date ?? e.start.value.date) >= horizon
        }.sorted(by: soonestFirst)
    }

    /// Events in the order an agenda reads: soonest first (events always have a date).
    static func soonestFirst(_ a: ResolvedDocument, _ b: ResolvedDocument) -> Bool { soonestFirst(a.link, b.link) }

    static func soonestFirst(_ a: PageLink, _ b: PageLink) -> Bool { (a.date!, a.address) < (b.date!, b.address) }

    func isPast(_ event: Event) -> Bool {
        (event.end?.value.date ?? event.start.value.date) < site.buildDate
    }
}
