import Foundation

/// The data each template receives. Every list key is always present (possibly empty),
/// so that templates can test it with `{{^empty(key)}}`.
extension SiteRenderer {
    // MARK: Home

    func homeContext() -> [String: Any] {
        var context = common(title: site.homeTitle, description: site.homeSummary, address: "", section: nil)
        let upcoming = site.documents.filter {
            if case .event(let e) = $0.document.details { return !isPast(e) } else { return false }
        }.sorted(by: Self.soonestFirst)
        var sections: [[String: Any]] = []
        func section(_ id: String, _ heading: String, _ docs: [ResolvedDocument], more: String, moreLabel: String) {
            guard !docs.isEmpty else { return }
            sections.append(["id": id, "heading": heading, "items": docs.prefix(3).map { card($0.link, draft: $0.document.header.draft) },
                             "url": url(more), "moreLabel": moreLabel])
        }
        section("agenda", "Prochains événements", upcoming, more: "evenements/", moreLabel: "Tout l’agenda")
        section("actualites", "Dernières actualités", site.documents.filter { $0.document.kind == .news }, more: "actualites/", moreLabel: "Toutes les actualités")
        section("comptes-rendus", "Derniers comptes rendus", site.documents.filter { $0.document.kind == .minutes }, more: "comptes-rendus/", moreLabel: "Tous les comptes rendus")
        section("retex", "Retours d’expérience", site.documents.filter { $0.document.kind == .retex }, more: "retex/", moreLabel: "Tous les retours d’expérience")
        section("ressources", "Nouvelles ressources", site.documents.filter { $0.document.kind == .resource }, more: "ressources/", moreLabel: "Toutes les ressources")
        context["home"] = ["html": site.homeHTML, "sections": sections]
        return context
    }

    // MARK: Documents

    func documentContext(_ d: ResolvedDocument) -> [String: Any] {
        let kind = d.document.kind
        let crumbs: [(String, String)] = kind == .page ? [("", "Accueil")] : [("", "Accueil"), ("\(kind.folder)/", kind.plural)]
        var context = common(title: d.link.title, description: d.link.summary, address: d.link.address,
                             section: kind == .page ? nil : kind.folder, breadcrumb: crumbs)
        var doc: [String: Any] = [
            "title": d.link.title, "kindLabel": kind.singular, "html": d.html, "draft": d.document.header.draft,
            "tags": terms(d.tags, folder: "etiquettes"), "territories": terms(d.territories, folder: "territoires"),
            "hasTerms": !d.tags.isEmpty || !d.territories.isEmpty,
        ]
        if kind != .event, kind != .page, let date = d.document.header.date?.value {
            doc["dateText"] = FrenchDates.long(date.date)
            doc["dateISO"] = FrenchDates.machine(date)
        }
        switch d.document.details {
        case .event(let e): doc["event"] = eventContext(e, d)
        case .minutes(let m): doc["minutes"] = minutesContext(m)
        case .retex(let r): doc["retex"] = ["structures": links(r.structures, .structure)]
        case .resource(let r):
            var resource: [String: Any] = [:]
            if let audience = r.audience { resource["audience"] = audience }
            if let file = d.file {
                let name = (file.output as NSString).lastPathComponent
                resource["file"] = ["url": url(LinkContext.percentEncode(file.output)), "name": name,
                                    "typeLabel": Format.fileType(name), "sizeLabel": Format.size(file.size),
                                    "isImage": Format.isImage(name)]
                if let preview = previews[file.source] {
                    resource["preview"] = ["url": url(preview.output), "width": preview.width, "height": preview.height]
                }
            }
            doc["resource"] = resource
        case .none: break
        }
        context["doc"] = doc
        return context
    }

    func eventContext(_ e: Event, _ d: ResolvedDocument) -> [String: Any] {
        var event: [String: Any] = [
            "when": FrenchDates.range(e.start.value, e.end?.value),
            "startISO": FrenchDates.machine(e.start.value),
            "past": isPast(e),
            "icsURL": url(d.link.address + "\(Slug.make(d.document.id)).ics"),
            "organizers": links(e.organizers, .structure),
            "minutes": site.backlinks(to: .event, d.document.id, from: .minutes).map { linkItem($0) },
            "slots": slots(e),
        ]
        if let location = e.location { event["location"] = location }
        if let registration = e.registration { event["registration"] = registration.value }
        event["jsonLD"] = StructuredData.event(e, d, site: site)
        return event
    }

    /// Sessions grouped by start time: sessions of one slot run in parallel (side by side on wide screens).
    func slots(_ e: Event) -> [[String: Any]] {
        var order: [DateTime?] = []
        var bySlot: [DateTime?: [Session]] = [:]
        for s in e.sessions {
            if bySlot[s.start] == nil { order.append(s.start) }
            bySlot[s.start, default: []].append(s)
        }
        order.sort { ($0 ?? e.start.value) < ($1 ?? e.start.value) }
        return order.map { start in
            var slot: [String: Any] = [
                "parallel": (bySlot[start]?.count ?? 0) > 1,
                "sessions": bySlot[start]!.map { s -> [String: Any] in
                    var session: [String: Any] = ["title": s.title, "speakers": links(s.speakers, .person)]
                    if let end = s.end, let time = end.time { session["endText"] = FrenchDates.time(time) }
                    if let room = s.room { session["room"] = room }
                    if let summary = s.summary { session["summary"] = summary }
                    return session
                },
            ]
            if let start {
                slot["startISO"] = FrenchDates.machine(start)
                slot["startText"] = start.date == e.start.value.date ? start.time.map(FrenchDates.time) ?? "" : FrenchDates.long(start)
            }
            return slot
        }
    }

    func minutesContext(_ m: Minutes) -> [String: Any] {
        var minutes: [String: Any] = [
            "participants": m.participants.compactMap { ref -> [String: Any]? in
                (site.link(.structure, ref.value) ?? site.link(.person, ref.value)).map { linkItem($0) }
            },
        ]
        if let location = m.location { minutes["location"] = location }
        if let ref = m.event, let event = site.link(.event, ref.value) { minutes["event"] = linkItem(event) }
        if let next = m.nextMeeting?.value {
            var meeting: [String: Any] = ["text": FrenchDates.long(next), "iso": FrenchDates.machine(next)]
            // The next meeting links to its event page when one is planned that day.
            if let planned = eventsByDay[next.date] { meeting["url"] = url(planned.address) }
            minutes["nextMeeting"] = meeting
        }
        return minutes
    }

    // MARK: Structures and people

    func structureContext(_ s: ResolvedStructure) -> [String: Any] {
        var context = common(title: s.link.title, description: s.structure.kind.map { "\($0) — \(s.link.title)" },
                             address: s.link.address, section: "annuaire", breadcrumb: [("", "Accueil"), ("annuaire/", "Annuaire")])
        let id = s.structure.id
        let people = site.backlinks(to: .structure, id, from: .person)
        var related: [[String: Any]] = []
        func group(_ id: String, _ heading: String, _ links: [PageLink], detail: (PageLink) -> String? = { _ in nil }) {
            if !links.isEmpty { related.append(["id": id, "heading": heading, "items": links.map { linkItem($0, detail: detail($0)) }]) }
        }
        group("personnes", "Personnes", people, detail: { $0.summary })
        group("evenements", "Événements organisés", site.backlinks(to: .structure, id, from: .event),
              detail: { $0.date.map { FrenchDates.long($0.date) } })
        group("comptes-rendus", "Comptes rendus", site.backlinks(to: .structure, id, from: .minutes),
              detail: { $0.date.map { FrenchDates.long($0.date) } })
        group("retex", "Retours d’expérience", site.backlinks(to: .structure, id, from: .retex))
        let mentions = orientationMentions(.structure, id)
        if !mentions.isEmpty { related.append(["id": "orientation", "heading": "Cette structure apparaît dans", "items": mentions]) }
        var structure: [String: Any] = [
            "missions": s.structure.missions, "related": related, "tags": [[String: Any]](),
            "territories": terms(s.territories, folder: "territoires"), "hasTerms": !s.territories.isEmpty,
        ]
        if let kind = s.structure.kind { structure["kind"] = kind }
        if let address = s.structure.address { structure["address"] = address }
        if let phone = s.structure.phone { structure["phone"] = phone; structure["phoneURL"] = Format.telURL(phone) }
        if let email = s.structure.email { structure["email"] = email }
        if let website = s.structure.website { structure["website"] = website.value }
        if let html = s.descriptionHTML { structure["descriptionHTML"] = html }
        structure["vcardURL"] = url(s.link.address + VCard(site: site).vcfName(s.link))
        structure["jsonLD"] = StructuredData.structure(s, site: site)
        structure["peopleURL"] = people.isEmpty ? nil : url("trombinoscope/structure/\(Slug.make(id))/")
        context["structure"] = structure
        return context
    }

    func personContext(_ p: ResolvedPerson) -> [String: Any] {
        var context = common(title: p.link.title, description: p.person.role.map { "\(p.link.title), \($0)" },
                             address: p.link.address, section: "trombinoscope",
                             breadcrumb: [("", "Accueil"), ("trombinoscope/", "Trombinoscope")])
        let id = p.person.id
        var related: [[String: Any]] = []
        let talks = site.backlinks(to: .person, id, from: .event)
        if !talks.isEmpty {
            related.append(["id": "interventions", "heading": "Interventions",
                            "items": talks.map { linkItem($0, detail: $0.date.map { FrenchDates.long($0.date) }) }])
        }
        let minutes = site.backlinks(to: .person, id, from: .minutes)
        if !minutes.isEmpty {
            related.append(["id": "comptes-rendus", "heading": "Comptes rendus", "items": minutes.map { linkItem($0) }])
        }
        let mentions = orientationMentions(.person, id)
        if !mentions.isEmpty { related.append(["id": "orientation", "heading": "Cette personne apparaît dans", "items": mentions]) }
        var person: [String: Any] = [
            "name": p.person.name, "initials": Format.initials(p.person.name),
            "structures": links(p.person.structures, .structure), "related": related,
            "tags": [[String: Any]](), "territories": terms(p.territories, folder: "territoires"), "hasTerms": !p.territories.isEmpty,
        ]
        if let role = p.person.role { person["role"] = role }
        if let html = p.bioHTML { person["bioHTML"] = html }
        // Consent: photo, email and phone are published only with `consent: true`.
        if p.person.consent {
            if let portrait = portraitContext(p) { person["portrait"] = portrait }
            if let email = p.person.email { person["email"] = email }
            if let phone = p.person.phone { person["phone"] = phone; person["phoneURL"] = Format.telURL(phone) }
            person["hasContact"] = p.person.email != nil || p.person.phone != nil
        }
        person["vcardURL"] = url(p.link.address + VCard(site: site).vcfName(p.link))
        person["jsonLD"] = StructuredData.person(p, portrait: p.person.consent ? portraits[p.person.id] : nil, site: site)
        context["person"] = person
        return context
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
        func filters(current: String) -> [[String: Any]] {
            [filterGroup("Par type", current: current, home: "annuaire/", kinds.map { k in
                ["label": k, "count": byKind[k]!.count, "url": url("annuaire/type/\(Slug.make(k))/"), "current": current == "annuaire/type/\(Slug.make(k))/"] }),
             filterGroup("Par territoire", current: current, home: "annuaire/", territories.map { t in
                ["label": t.name, "count": byTerritory[t]!.count, "url": url("annuaire/territoire/\(t.slug)/"), "current": current == "annuaire/territoire/\(t.slug)/"] })]
        }
        func item(_ i: Int) -> [String: Any] { structureItems[site.structures[i].link.address] ?? structureItem(site.structures[i]) }
        func groups(_ structures: [Int]) -> [[String: Any]] {
            var grouped: [String: [Int]] = [:]
            for i in structures { grouped[site.structures[i].structure.kind ?? "Autres structures", default: []].append(i) }
            return grouped.keys.sorted { $0.localizedStandardCompare($1) == .orderedAscending }.map { kind in
                ["id": Slug.make(kind), "heading": kind, "count": grouped[kind]!.count, "items": grouped[kind]!.map(item)]
            }
        }
        func context(_ address: String, title: String, intro: String, structures: [Int], crumbs: [(String, String)]) -> [String: Any] {
            var context = common(title: title, description: intro, address: address, section: "annuaire", breadcrumb: crumbs)
            var list: [String: Any] = ["groups": groups(structures), "style": "directory", "intro": intro, "filters": filters(current: address)]
            if !site.structures.isEmpty {
                list["download"] = ["url": url("annuaire/annuaire.vcf"), "label": "Télécharger tout l’annuaire (vCard, pour les contacts d’un téléphone)"]
            }
            context["list"] = list
            return context
        }
        let count = site.structures.count
        func page(_ address: String, title: String, intro: String, structures: [Int], crumbs: [(String, String)]) -> ListPage {
            ListPage(address: address, shows: structures.map { site.structures[$0].link.address }) {
                context(address, title: title, intro: intro, structures: structures, crumbs: crumbs)
            }
        }
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

    /// A group of a directory's filters. A long one (hundreds of structures) is listed in full
    /// on the directory's first page (`home`) only; its filter pages show the current entry and
    /// a link to the full list (each page repeating every entry made the output quadratic).
    func filterGroup(_ heading: String, current: String, home: String, _ items: [[String: Any]]) -> [String: Any] {
        guard current != home, items.count > Self.filterLimit else { return ["heading": heading, "items": items] }
        let shown = items.filter { $0["current"] as? Bool == true }
            + [["label": "Toute la liste", "count": items.count, "url": url(home), "current": false]]
        return ["heading": heading, "items": shown]
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
        func filters(current: String) -> [[String: Any]] {
            [filterGroup("Par structure", current: current, home: "trombinoscope/", structures.map { s in
                ["label": s.link.title, "count": byStructure[s.link.id]!.count, "url": url(s.page),
                 "current": current == s.page, "reads": [s.link.address]] }),
             filterGroup("Par territoire", current: current, home: "trombinoscope/", territories.map { t in
                ["label": t.name, "count": byTerritory[t]!.count, "url": url("trombinoscope/territoire/\(t.slug)/"),
                 "current": current == "trombinoscope/territoire/\(t.slug)/"] })]
        }
        func context(_ address: String, title: String, intro: String, people: [Int], crumbs: [(String, String)]) -> [String: Any] {
            var context = common(title: title, description: intro, address: address, section: "trombinoscope", breadcrumb: crumbs)
            let items: [[String: Any]] = people.enumerated().map { index, position in
                let address = site.people[position].link.address
                let item = personItems[address] ?? personItem(site.people[position])
                return index >= 8 ? item.lazy : item.eager  // the first rows load at once, the rest as they scroll in
            }
            let groups: [[String: Any]] = items.isEmpty ? [] : [["id": "personnes", "heading": "Personnes", "count": items.count, "items": items]]
            context["list"] = ["groups": groups, "style": "trombinoscope", "intro": intro, "filters": filters(current: address), "sortable": true]
            return context
        }
        func page(_ address: String, title: String, intro: String, people: [Int], crumbs: [(String, String)],
                  reads: [String] = []) -> ListPage {
            ListPage(address: address, shows: people.map { site.people[$0].link.address }) {
                var page = context(address, title: title, intro: intro, people: people, crumbs: crumbs)
                if !reads.isEmpty { page["reads"] = reads }  // a structure's name in the title
                return page
            }
        }
        var pages = [page("trombinoscope/", title: "Trombinoscope", intro: "Les coordinatrices et coordinateurs du réseau, par ordre alphabétique.",
                          people: Array(site.people.indices), crumbs: [("", "Accueil")])]
        let crumbs = [("", "Accueil"), ("trombinoscope/", "Trombinoscope")]
        for (s, address) in structures {
            pages.append(page(address, title: "Trombinoscope : \(s.title)", intro: "Les personnes de \(s.title).",
                              people: byStructure[s.id]!, crumbs: crumbs, reads: [s.address]))
        }
        for t in territories {
            pages.append(page("trombinoscope/territoire/\(t.slug)/", title: "Trombinoscope : \(t.name)", intro: "Les personnes du territoire \(t.name).",
                              people: byTerritory[t]!, crumbs: crumbs))
        }
        return pages
    }

    /// A person's item in the trombinoscope's lists, as in the first rows (loaded at once) and as
    /// further down (loaded as they scroll in).
    func personItem(_ p: ResolvedPerson) -> (eager: [String: Any], lazy: [String: Any]) {
        let memberOf = p.person.structures.compactMap { site.link(.structure, $0.value) }
        let names = memberOf.map(\.title)
        var item = linkItem(p.link, detail: ([p.person.role].compactMap { $0 } + names).joined(separator: " · "))
        item["showPortrait"] = true
        item["initials"] = Format.initials(p.person.name)
        item["filterText"] = ([p.person.name, p.person.role ?? ""] + names + p.territories.map(\.name)).joined(separator: " ")
        item["sortStructure"] = names.first ?? ""
        item["reads"] = memberOf.map(\.address)  // their names
        if let portrait = portraitContext(p) { item["portrait"] = portrait }
        var lazy = item
        item["lazy"] = false
        lazy["lazy"] = true
        return (item, lazy)
    }

    /// A structure's item in the annuaire's lists.
    func structureItem(_ s: ResolvedStructure) -> [String: Any] {
        var item = linkItem(s.link, detail: s.territories.map(\.name).joined(separator: ", "))
        item["showPortrait"] = false
        item["filterText"] = ([s.structure.name, s.structure.kind ?? ""] + s.territories.map(\.name) + s.structure.missions).joined(separator: " ")
        return item
    }

    // MARK: Lists

    /// A folder's list, paginated: `/actualites/`, `/actualites/page/2/`…
    func sectionContexts(_ kind: Kind) -> [ListPage] {
        // Each page's card data taken by position (copying the pages themselves costs more).
        typealias Item = (link: PageLink, draft: Bool)
        var groups: [(id: String, heading: String, items: [Item])] = []
        if kind == .event {
            var upcoming: [Item] = []
            var past: [Item] = []
            for i in site.documents.indices where site.documents[i].document.kind == kind {
                let item = (site.documents[i].link, site.documents[i].document.header.draft)
                if case .event(let e) = site.documents[i].document.details, isPast(e) { past.append(item) } else { upcoming.append(item) }
            }
            upcoming.sort { Self.soonestFirst($0.link, $1.link) }
            groups = [("a-venir", "À venir", upcoming), ("passes", "Passés", past)]
        } else {
            var byYear: [Int: [Item]] = [:]
            for i in site.documents.indices where site.documents[i].document.kind == kind {
                let link = site.documents[i].link
                byYear[link.date?.date.year ?? 0, default: []].append((link, site.documents[i].document.header.draft))
            }
            groups = byYear.keys.sorted(by: >).map { year in (String(year), year == 0 ? "Sans date" : String(year), byYear[year]!) }
        }
        let feeds: [[String: Any]] = kind == .event && !agenda.isEmpty
            ? [["url": url("evenements/agenda.ics"), "label": "S’abonner à l’agenda (fichier iCalendar des événements à venir et de l’année écoulée)"]] : []
        return paginate(address: "\(kind.folder)/", title: kind.plural, description: "\(kind.plural) — \(site.config.title)",
                        section: kind.folder, feeds: feeds, groups: groups.filter { !$0.items.isEmpty }.map { ($0.id, $0.heading, $0.items) })
    }

    func termsIndexContext(folder: String, label: String, terms: [Term: [PageLink]]) -> [String: Any] {
        var context = common(title: label, description: "\(label) — \(site.config.title)", address: "\(folder)/", section: nil,
                             breadcrumb: [("", "Accueil")])
        context["terms"] = terms.keys.sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
            .map { ["name": $0.name, "url": url("\(folder)/\($0.slug)/"), "count": terms[$0]!.count] }
        return context
    }

    /// A tag's or territory's page: every kind of page that carries it, grouped by kind.
    func termContexts(folder: String, label: String, term: Term, links: [PageLink]) -> [ListPage] {
        var byKind: [Kind: [PageLink]] = [:]
        for link in links { byKind[link.kind, default: []].append(link) }
        let groups = byKind.keys.sorted().map { kind in
            (kind.folder, kind.plural, byKind[kind]!.sorted(by: Self.listOrder).map { ($0, false) })
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

    /// A page of a list: its address, the addresses of the pages it lists, and its context,
    /// made when the page is rendered (an edit in place makes only the pages that list it).
    struct ListPage {
        let address: String
        let shows: [String]
        let context: () -> [String: Any]
    }

    /// Cuts grouped items into pages of `perPage`, keeping the groups' order and headings.
    func paginate(address: String, title: String, description: String, section: String?, feeds: [[String: Any]] = [],
                  intro: String? = nil, groups: [(String, String, [(PageLink, Bool)])],
                  crumbs: [(String, String)] = [("", "Accueil")]) -> [ListPage] {
        let flat = groups.flatMap { g in g.2.map { (group: g.0, heading: g.1, total: g.2.count, item: $0) } }
        let pageCount = max(1, (flat.count + perPage - 1) / perPage)
        func pageAddress(_ n: Int) -> String { n == 1 ? address : "\(address)page/\(n)/" }
        return (1...pageCount).map { n in
            let slice = flat.dropFirst((n - 1) * perPage).prefix(perPage)
            return ListPage(address: pageAddress(n), shows: slice.map(\.item.0.address)) {
                self.listContext(n, of: pageCount, slice: slice, address: pageAddress, title: title, description: description,
                                 section: section, feeds: feeds, intro: intro, crumbs: crumbs)
            }
        }
    }

    private func listContext(_ n: Int, of pageCount: Int, slice: ArraySlice<(group: String, heading: String, total: Int, item: (PageLink, Bool))>,
                             address pageAddress: (Int) -> String, title: String, description: String, section: String?,
                             feeds: [[String: Any]], intro: String?, crumbs: [(String, String)]) -> [String: Any] {
        var pageGroups: [[String: Any]] = []
        for entry in slice {
            if pageGroups.last?["id"] as? String != entry.group {
                pageGroups.append(["id": entry.group, "heading": entry.heading, "count": entry.total, "items": [[String: Any]]()])
            }
            var items = pageGroups[pageGroups.count - 1]["items"] as! [[String: Any]]
            items.append(card(entry.item.0, draft: entry.item.1))
            pageGroups[pageGroups.count - 1]["items"] = items
        }
        let pageTitle = n == 1 ? title : "\(title) (page \(n))"
        var context = common(title: pageTitle, description: description, address: pageAddress(n), section: section, breadcrumb: crumbs)
        var list: [String: Any] = ["groups": pageGroups, "feeds": feeds]
        if let intro { list["intro"] = intro }
        if pageCount > 1 {
            var pagination: [String: Any] = [
                "pages": Self.pageWindow(n, of: pageCount).map { number -> [String: Any] in
                    guard let number else { return ["gap": true] }
                    return ["number": number, "url": url(pageAddress(number)), "current": number == n, "gap": false]
                },
            ]
            if n > 1 { pagination["previous"] = url(pageAddress(n - 1)) }
            if n < pageCount { pagination["next"] = url(pageAddress(n + 1)) }
            list["pagination"] = pagination
        }
        context["list"] = list
        return context
    }
}
