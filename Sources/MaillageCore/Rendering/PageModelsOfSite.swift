import Foundation

/// The model each template receives (`Models/PageModels.swift`), made from the resolved site.
extension SiteRenderer {
    // MARK: Home

    func homeModel() -> PageModel {
        let upcoming = site.documents.filter {
            if case .event(let e) = $0.document.details { return !isPast(e) } else { return false }
        }.sorted(by: Self.soonestFirst)
        var sections: [HomeSection] = []
        func section(_ id: String, _ heading: String, _ docs: [ResolvedDocument], more: String, moreLabel: String) {
            guard !docs.isEmpty else { return }
            sections.append(HomeSection(id: id, heading: heading, items: docs.prefix(3).map { card($0.link, draft: $0.document.header.draft) },
                                        url: url(more), moreLabel: moreLabel))
        }
        section("agenda", "Prochains événements", upcoming, more: "evenements/", moreLabel: "Tout l’agenda")
        section("actualites", "Dernières actualités", site.documents.filter { $0.document.kind == .news }, more: "actualites/", moreLabel: "Toutes les actualités")
        section("comptes-rendus", "Derniers comptes rendus", site.documents.filter { $0.document.kind == .minutes }, more: "comptes-rendus/", moreLabel: "Tous les comptes rendus")
        section("retex", "Retours d’expérience", site.documents.filter { $0.document.kind == .retex }, more: "retex/", moreLabel: "Tous les retours d’expérience")
        section("ressources", "Nouvelles ressources", site.documents.filter { $0.document.kind == .resource }, more: "ressources/", moreLabel: "Toutes les ressources")
        return PageModel(chrome: chrome(title: site.homeTitle, description: site.homeSummary, address: "", section: nil),
                         content: .home(HomeModel(html: site.homeHTML, sections: sections)))
    }

    // MARK: Documents

    func documentModel(_ d: ResolvedDocument) -> PageModel {
        let kind = d.document.kind
        let crumbs: [(String, String)] = kind == .page ? [("", "Accueil")] : [("", "Accueil"), ("\(kind.folder)/", kind.plural)]
        var doc = DocumentModel(title: d.link.title, kindLabel: kind.singular, html: d.html, draft: d.document.header.draft,
                                tags: terms(d.tags, folder: "etiquettes"), territories: terms(d.territories, folder: "territoires"))
        if kind != .event, kind != .page, let date = d.document.header.date?.value {
            doc.dateText = FrenchDates.long(date.date)
            doc.dateISO = FrenchDates.machine(date)
        }
        switch d.document.details {
        case .event(let e): doc.event = eventModel(e, d)
        case .minutes(let m): doc.minutes = minutesModel(m)
        case .retex(let r): doc.retex = RetexModel(structures: links(r.structures, .structure))
        case .resource(let r):
            var resource = ResourceModel(audience: r.audience)
            if let file = d.file {
                let name = (file.output as NSString).lastPathComponent
                resource.file = AttachedFile(url: url(LinkContext.percentEncode(file.output)), name: name, typeLabel: Format.fileType(name),
                                             sizeLabel: Format.size(file.size), isImage: Format.isImage(name))
                if let preview = previews[file.source] {
                    resource.preview = PreviewImage(url: url(preview.output), width: preview.width, height: preview.height)
                }
            }
            doc.resource = resource
        case .none: break
        }
        return PageModel(chrome: chrome(title: d.link.title, description: d.link.summary, address: d.link.address,
                                        section: kind == .page ? nil : kind.folder, breadcrumb: crumbs),
                         content: .document(doc))
    }

    func eventModel(_ e: Event, _ d: ResolvedDocument) -> EventModel {
        EventModel(when: FrenchDates.range(e.start.value, e.end?.value), startISO: FrenchDates.machine(e.start.value), past: isPast(e),
                   icsURL: url(d.link.address + "\(Slug.make(d.document.id)).ics"), organizers: links(e.organizers, .structure),
                   minutes: site.backlinks(to: .event, d.document.id, from: .minutes).map { linkItem($0) }, slots: slots(e),
                   location: e.location, registration: e.registration?.value, jsonLD: StructuredData.event(e, d, site: site))
    }

    /// Sessions grouped by start time: sessions of one slot run in parallel (side by side on wide screens).
    func slots(_ e: Event) -> [SessionSlot] {
        var order: [DateTime?] = []
        var bySlot: [DateTime?: [Session]] = [:]
        for s in e.sessions {
            if bySlot[s.start] == nil { order.append(s.start) }
            bySlot[s.start, default: []].append(s)
        }
        order.sort { ($0 ?? e.start.value) < ($1 ?? e.start.value) }
        return order.map { start in
            let sessions = bySlot[start]!.map { s in
                SessionModel(title: s.title, speakers: links(s.speakers, .person), endText: s.end?.time.map(FrenchDates.time),
                             room: s.room, summary: s.summary)
            }
            var slot = SessionSlot(parallel: sessions.count > 1, sessions: sessions, startISO: nil, startText: nil)
            if let start {
                slot.startISO = FrenchDates.machine(start)
                slot.startText = start.date == e.start.value.date ? start.time.map(FrenchDates.time) ?? "" : FrenchDates.long(start)
            }
            return slot
        }
    }

    func minutesModel(_ m: Minutes) -> MinutesModel {
        var minutes = MinutesModel(
            participants: m.participants.compactMap { ref in
                (site.link(.structure, ref.value) ?? site.link(.person, ref.value)).map { linkItem($0) }
            },
            location: m.location,
            event: m.event.flatMap { site.link(.event, $0.value) }.map { linkItem($0) })
        if let next = m.nextMeeting?.value {
            // The next meeting links to its event page when one is planned that day.
            minutes.nextMeeting = NextMeeting(text: FrenchDates.long(next), iso: FrenchDates.machine(next),
                                              url: eventsByDay[next.date].map { url($0.address) })
        }
        return minutes
    }

    // MARK: Structures and people

    /// A group of links on a structure's or a person's page, left out when empty.
    private func group(_ id: String, _ heading: String, _ links: [PageLink], dated: Bool = false,
                       detail: (PageLink) -> String? = { _ in nil }) -> LinkGroup? {
        links.isEmpty ? nil : LinkGroup(id: id, heading: heading, items: links.map {
            linkItem($0, detail: dated ? $0.date.map { FrenchDates.long($0.date) } : detail($0))
        })
    }

    func structureModel(_ s: ResolvedStructure) -> PageModel {
        let id = s.structure.id
        let people = site.backlinks(to: .structure, id, from: .person)
        let related = [
            group("personnes", "Personnes", people, detail: { $0.summary }),
            group("evenements", "Événements organisés", site.backlinks(to: .structure, id, from: .event), dated: true),
            group("comptes-rendus", "Comptes rendus", site.backlinks(to: .structure, id, from: .minutes), dated: true),
            group("retex", "Retours d’expérience", site.backlinks(to: .structure, id, from: .retex)),
            mentionGroup(.structure, id, heading: "Cette structure apparaît dans"),
        ].compactMap { $0 }
        let x = s.structure
        let structure = StructureModel(
            missions: x.missions, related: related, territories: terms(s.territories, folder: "territoires"),
            kind: x.kind, address: x.address, phone: x.phone, email: x.email, website: x.website?.value, descriptionHTML: s.descriptionHTML,
            vcardURL: url(s.link.address + VCard(site: site).vcfName(s.link)), jsonLD: StructuredData.structure(s, site: site),
            peopleURL: people.isEmpty ? nil : url("trombinoscope/structure/\(Slug.make(id))/"))
        return PageModel(chrome: chrome(title: s.link.title, description: x.kind.map { "\($0) — \(s.link.title)" },
                                        address: s.link.address, section: "annuaire", breadcrumb: [("", "Accueil"), ("annuaire/", "Annuaire")]),
                         content: .structure(structure))
    }

    func personModel(_ p: ResolvedPerson) -> PageModel {
        let id = p.person.id
        let related = [
            group("interventions", "Interventions", site.backlinks(to: .person, id, from: .event), dated: true),
            group("comptes-rendus", "Comptes rendus", site.backlinks(to: .person, id, from: .minutes)),
            mentionGroup(.person, id, heading: "Cette personne apparaît dans"),
        ].compactMap { $0 }
        var person = PersonModel(name: p.person.name, structures: links(p.person.structures, .structure), related: related,
                                 territories: terms(p.territories, folder: "territoires"), role: p.person.role, bioHTML: p.bioHTML,
                                 vcardURL: url(p.link.address + VCard(site: site).vcfName(p.link)),
                                 jsonLD: StructuredData.person(p, portrait: p.person.consent ? portraits[p.person.id] : nil, site: site))
        // Consent: photo, email and phone are published only with `consent: true`.
        if p.person.consent {
            person.portrait = portraitImage(p)
            person.email = p.person.email
            person.phone = p.person.phone
            person.hasContact = p.person.email != nil || p.person.phone != nil
        }
        return PageModel(chrome: chrome(title: p.link.title, description: p.person.role.map { "\(p.link.title), \($0)" },
                                        address: p.link.address, section: "trombinoscope",
                                        breadcrumb: [("", "Accueil"), ("trombinoscope/", "Trombinoscope")]),
                         content: .person(person))
    }

    /// `/annuaire/`, then one page per kind (`/annuaire/type/cpts/`) and per territory
    /// (`/annuaire/territoire/somme/`): filters that work without JavaScript. Each page is made
    /// when it is rendered (an edit in place makes only those that list, or name, what changed).
    func annuairePages() -> [ListPage] {
        // Structures by position in the site (copying each of them costs more than the lists).
        var byKind: [String: [Int]] = [:]
        var byTerritory: [Term: [Int]] = [:]
        for (i, s) in site.structures.enumerated() {
            byKind[s.structure.kind ?? "Autres structures", default: []].append(i)
            for t in s.territories { byTerritory[t, default: []].append(i) }
        }
        let kinds = byKind.keys.sorted { $0.localizedStandardCompare($1) == .orderedAscending }
        let territories = byTerritory.keys.sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
        let kindCounts = kinds.map { (kind: $0, count: byKind[$0]!.count) }
        let territoryCounts = territories.map { (term: $0, count: byTerritory[$0]!.count) }
        @Sendable func filters(current: String) -> [FilterGroup] {
            [filterGroup("Par type", current: current, home: "annuaire/", kindCounts.map { k in
                filter(k.kind, count: k.count, "annuaire/type/\(Slug.make(k.kind))/", current: current) }),
             filterGroup("Par territoire", current: current, home: "annuaire/", territoryCounts.map { t in
                filter(t.term.name, count: t.count, "annuaire/territoire/\(t.term.slug)/", current: current) })]
        }
        @Sendable func item(_ i: Int) -> DirectoryEntry { structureItems[site.structures[i].link.address] ?? structureItem(site.structures[i]) }
        @Sendable func groups(_ structures: [Int]) -> [ListGroup] {
            var grouped: [String: [Int]] = [:]
            for i in structures { grouped[site.structures[i].structure.kind ?? "Autres structures", default: []].append(i) }
            return grouped.keys.sorted { $0.localizedStandardCompare($1) == .orderedAscending }.map { kind in
                ListGroup(id: Slug.make(kind), heading: kind, count: grouped[kind]!.count, items: grouped[kind]!.map(item))
            }
        }
        let download = site.structures.isEmpty ? nil
            : LabelledLink(url: url("annuaire/annuaire.vcf"), label: "Télécharger tout l’annuaire (vCard, pour les contacts d’un téléphone)")
        func page(_ address: String, title: String, intro: String, structures: [Int], crumbs: [(String, String)]) -> ListPage {
            ListPage(address: address, shows: structures.map { site.structures[$0].link.address }) {
                PageModel(chrome: chrome(title: title, description: intro, address: address, section: "annuaire", breadcrumb: crumbs),
                          content: .list(ListModel(groups: groups(structures), style: "directory", intro: intro,
                                                   filters: filters(current: address), download: download)))
            }
        }
        let count = site.structures.count
        var pages = [page("annuaire/", title: "Annuaire des structures", intro: "\(count) structure\(count > 1 ? "s" : ""), classées par type.",
                          structures: Array(site.structures.indices), crumbs: [("", "Accueil")])]
        let crumbs = [("", "Accueil"), ("annuaire/", "Annuaire")]
        for k in kinds {
            pages.append(page("annuaire/type/\(Slug.make(k))/", title: "Annuaire : \(k)", intro: "Les structures de type \(k).",
                              structures: byKind[k]!, crumbs: crumbs))
        }
        for t in territories {
            pages.append(page("annuaire/territoire/\(t.slug)/", title: "Annuaire : \(t.name)", intro: "Les structures du territoire \(t.name).",
                              structures: byTerritory[t]!, crumbs: crumbs))
        }
        return pages
    }

    /// Filter groups longer than this are listed in full on the directory's first page only.
    static let filterLimit = 40

    /// A directory's filter: a page of it, with the number of entries there.
    func filter(_ label: String, count: Int, _ address: String, current: String, mentions: [String] = []) -> FilterItem {
        FilterItem(label: label, count: count, url: url(address), current: current == address, mentions: mentions)
    }

    /// A group of a directory's filters. A long one (hundreds of structures) is listed in full
    /// on the directory's first page (`home`) only; its filter pages show the current entry and
    /// a link to the full list (each page repeating every entry made the output quadratic).
    func filterGroup(_ heading: String, current: String, home: String, _ items: [FilterItem]) -> FilterGroup {
        guard current != home, items.count > Self.filterLimit else { return FilterGroup(heading: heading, items: items) }
        let shown = items.filter(\.current) + [FilterItem(label: "Toute la liste", count: items.count, url: url(home), current: false)]
        return FilterGroup(heading: heading, items: shown)
    }

    /// `/trombinoscope/`, then one page per structure (`/trombinoscope/structure/dac-02/`)
    /// and per territory (`/trombinoscope/territoire/somme/`), each made when it is rendered.
    func trombinoscopePages() -> [ListPage] {
        // People by position in the site (copying each of them costs more than the lists).
        var byStructure: [String: [Int]] = [:]
        var byTerritory: [Term: [Int]] = [:]
        let structureTerritories = Dictionary(site.structures.map { ($0.structure.id, $0.territories) }, uniquingKeysWith: { a, _ in a })
        for (i, p) in site.people.enumerated() {
            var seen = Set<String>()
            for ref in p.person.structures where site.link(.structure, ref.value) != nil && seen.insert(ref.value).inserted {
                byStructure[ref.value, default: []].append(i)
            }
            var terms = Set(p.territories)
            for ref in p.person.structures { terms.formUnion(structureTerritories[ref.value] ?? []) }
            for t in terms { byTerritory[t, default: []].append(i) }
        }
        // Structures in the site's order (by name), each with the address of its filter page.
        let structures = site.structures.compactMap { s in
            byStructure[s.structure.id] == nil ? nil : (link: s.link, page: "trombinoscope/structure/\(Slug.make(s.structure.id))/")
        }
        let territories = byTerritory.keys.sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
        let structureCounts = structures.map { (structure: $0, count: byStructure[$0.link.id]!.count) }
        let territoryCounts = territories.map { (term: $0, count: byTerritory[$0]!.count) }
        @Sendable func filters(current: String) -> [FilterGroup] {
            [filterGroup("Par structure", current: current, home: "trombinoscope/", structureCounts.map { s in
                filter(s.structure.link.title, count: s.count, s.structure.page, current: current, mentions: [s.structure.link.address]) }),
             filterGroup("Par territoire", current: current, home: "trombinoscope/", territoryCounts.map { t in
                filter(t.term.name, count: t.count, "trombinoscope/territoire/\(t.term.slug)/", current: current) })]
        }
        func page(_ address: String, title: String, intro: String, people: [Int], crumbs: [(String, String)],
                  mentions: [String] = []) -> ListPage {
            ListPage(address: address, shows: people.map { site.people[$0].link.address }) {
                let items: [DirectoryEntry] = people.enumerated().map { index, position in
                    var item = personItems[site.people[position].link.address] ?? personItem(site.people[position])
                    item.lazy = index >= 8  // the first rows load at once, the rest as they scroll in
                    return item
                }
                let groups = items.isEmpty ? [] : [ListGroup(id: "personnes", heading: "Personnes", count: items.count, items: items)]
                return PageModel(chrome: chrome(title: title, description: intro, address: address, section: "trombinoscope", breadcrumb: crumbs),
                                 content: .list(ListModel(groups: groups, style: "trombinoscope", intro: intro,
                                                          filters: filters(current: address), sortable: true)),
                                 mentions: mentions)  // a structure's name in the title
            }
        }
        var pages = [page("trombinoscope/", title: "Trombinoscope", intro: "Les coordinatrices et coordinateurs du réseau, par ordre alphabétique.",
                          people: Array(site.people.indices), crumbs: [("", "Accueil")])]
        let crumbs = [("", "Accueil"), ("trombinoscope/", "Trombinoscope")]
        for (s, address) in structures {
            pages.append(page(address, title: "Trombinoscope : \(s.title)", intro: "Les personnes de \(s.title).",
                              people: byStructure[s.id]!, crumbs: crumbs, mentions: [s.address]))
        }
        for t in territories {
            pages.append(page("trombinoscope/territoire/\(t.slug)/", title: "Trombinoscope : \(t.name)", intro: "Les personnes du territoire \(t.name).",
                              people: byTerritory[t]!, crumbs: crumbs))
        }
        return pages
    }

    /// A person's entry in the trombinoscope's lists (`lazy` is set by the page that lists it).
    func personItem(_ p: ResolvedPerson) -> DirectoryEntry {
        let memberOf = p.person.structures.compactMap { site.link(.structure, $0.value) }
        let names = memberOf.map(\.title)
        return DirectoryEntry(title: p.link.title, url: url(p.link.address), detail: ([p.person.role].compactMap { $0 } + names).joined(separator: " · "),
                              showPortrait: true,
                              filterText: ([p.person.name, p.person.role ?? ""] + names + p.territories.map(\.name)).joined(separator: " "),
                              initials: Format.initials(p.person.name), sortStructure: names.first ?? "", portrait: portraitImage(p),
                              mentions: memberOf.map(\.address))  // their names
    }

    /// A structure's entry in the annuaire's lists.
    func structureItem(_ s: ResolvedStructure) -> DirectoryEntry {
        DirectoryEntry(title: s.link.title, url: url(s.link.address), detail: s.territories.map(\.name).joined(separator: ", "),
                       showPortrait: false,
                       filterText: ([s.structure.name, s.structure.kind ?? ""] + s.territories.map(\.name) + s.structure.missions).joined(separator: " "))
    }

    // MARK: Lists

    /// A folder's list, paginated: `/actualites/`, `/actualites/page/2/`…
    func sectionPages(_ kind: Kind) -> [ListPage] {
        var groups: [ListSection] = []
        if kind == .event {
            var upcoming: [ListSection.Item] = []
            var past: [ListSection.Item] = []
            for i in site.documents.indices where site.documents[i].document.kind == kind {
                let item = ListSection.Item(link: site.documents[i].link, draft: site.documents[i].document.header.draft)
                if case .event(let e) = site.documents[i].document.details, isPast(e) { past.append(item) } else { upcoming.append(item) }
            }
            upcoming.sort { Self.soonestFirst($0.link, $1.link) }
            groups = [ListSection(id: "a-venir", heading: "À venir", items: upcoming), ListSection(id: "passes", heading: "Passés", items: past)]
        } else {
            var byYear: [Int: [ListSection.Item]] = [:]
            for i in site.documents.indices where site.documents[i].document.kind == kind {
                let link = site.documents[i].link
                byYear[link.date?.date.year ?? 0, default: []].append(ListSection.Item(link: link, draft: site.documents[i].document.header.draft))
            }
            groups = byYear.keys.sorted(by: >).map { year in
                ListSection(id: String(year), heading: year == 0 ? "Sans date" : String(year), items: byYear[year]!)
            }
        }
        let feeds = kind == .event && !agenda.isEmpty
            ? [LabelledLink(url: url("evenements/agenda.ics"), label: "S’abonner à l’agenda (fichier iCalendar des événements à venir et de l’année écoulée)")] : []
        return paginate(address: "\(kind.folder)/", title: kind.plural, description: "\(kind.plural) — \(site.config.title)",
                        section: kind.folder, feeds: feeds, groups: groups.filter { !$0.items.isEmpty })
    }

    func termsIndexModel(folder: String, label: String, terms: [Term: [PageLink]]) -> PageModel {
        let counts = terms.keys.sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
            .map { TermCount(name: $0.name, url: url("\(folder)/\($0.slug)/"), count: terms[$0]!.count) }
        return PageModel(chrome: chrome(title: label, description: "\(label) — \(site.config.title)", address: "\(folder)/", section: nil,
                                        breadcrumb: [("", "Accueil")]),
                         content: .terms(counts))
    }

    /// A tag's or territory's page: every kind of page that carries it, grouped by kind.
    func termPages(folder: String, label: String, term: Term, links: [PageLink]) -> [ListPage] {
        var byKind: [Kind: [PageLink]] = [:]
        for link in links { byKind[link.kind, default: []].append(link) }
        let groups = byKind.keys.sorted().map { kind in
            ListSection(id: kind.folder, heading: kind.plural, items: byKind[kind]!.sorted(by: Self.listOrder).map { ListSection.Item(link: $0, draft: false) })
        }
        return paginate(address: "\(folder)/\(term.slug)/", title: term.name, description: "\(label) : \(term.name)",
                        section: nil, groups: groups, crumbs: [("", "Accueil"), ("\(folder)/", label)])
    }

    static func listOrder(_ a: PageLink, _ b: PageLink) -> Bool {
        if a.date != b.date {
            guard let da = a.date else { return false }
            guard let db = b.date else { return true }
            return da > db
        }
        return a.title.localizedStandardCompare(b.title) == .orderedAscending
    }

    /// The page numbers a list's navigation shows: the first, the last, and two on each side of
    /// the current one; nil where numbers are left out (`1 … 7 8 9 10 11 … 40`). Listing them
    /// all made each page of a long list grow with the list (quadratic at 100,000 pages).
    static func pageWindow(_ current: Int, of count: Int) -> [Int?] {
        var shown: [Int?] = []
        for number in 1...count where number == 1 || number == count || abs(number - current) <= 2 {
            if let last = shown.last ?? nil, number > last + 1 {
                shown.append(number == last + 2 ? last + 1 : nil)
            }
            shown.append(number)
        }
        return shown
    }

    /// A page of a list: its address, the addresses of the pages it lists, and its model,
    /// made when the page is rendered (an edit in place makes only the pages that list it).
    struct ListPage: Sendable {
        let address: String
        let shows: [String]
        let model: @Sendable () -> PageModel
    }

    /// A group of a paginated list before it is cut into pages: its pages' links, and whether each is a draft.
    struct ListSection {
        struct Item {
            var link: PageLink
            var draft: Bool
        }
        var id: String
        var heading: String
        var items: [Item]
    }

    /// Cuts grouped items into pages of `perPage`, keeping the groups' order and headings.
    func paginate(address: String, title: String, description: String, section: String?, feeds: [LabelledLink] = [],
                  intro: String? = nil, groups: [ListSection], crumbs: [(String, String)] = [("", "Accueil")]) -> [ListPage] {
        let flat = groups.flatMap { g in g.items.map { (section: g, item: $0) } }
        let pageCount = max(1, (flat.count + perPage - 1) / perPage)
        @Sendable func pageAddress(_ n: Int) -> String { n == 1 ? address : "\(address)page/\(n)/" }
        return (1...pageCount).map { n in
            let slice = flat.dropFirst((n - 1) * perPage).prefix(perPage)
            return ListPage(address: pageAddress(n), shows: slice.map(\.item.link.address)) {
                var list = ListModel(groups: [], intro: intro, feeds: feeds)
                for entry in slice {
                    if list.groups.last?.id != entry.section.id {
                        list.groups.append(ListGroup(id: entry.section.id, heading: entry.section.heading, count: entry.section.items.count, items: []))
                    }
                    list.groups[list.groups.count - 1].items.append(self.card(entry.item.link, draft: entry.item.draft))
                }
                if pageCount > 1 {
                    list.pagination = Pagination(
                        pages: Self.pageWindow(n, of: pageCount).map { number in
                            PageNumber(number: number, url: number.map { self.url(pageAddress($0)) }, current: number.map { $0 == n })
                        },
                        previous: n > 1 ? self.url(pageAddress(n - 1)) : nil, next: n < pageCount ? self.url(pageAddress(n + 1)) : nil)
                }
                return PageModel(chrome: self.chrome(title: n == 1 ? title : "\(title) (page \(n))", description: description,
                                                     address: pageAddress(n), section: section, breadcrumb: crumbs),
                                 content: .list(list))
            }
        }
    }
}
