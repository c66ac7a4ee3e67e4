import Foundation

/// What the search index knows of one published page, field by field. Every kind of page
/// turns into one here (`SearchDocument.all(of:)`), and only here: a new kind of page is
/// made searchable by adding its case.
public struct SearchDocument: Sendable, Equatable {
    /// The weighted fields, most important first.
    public enum Field: Int, CaseIterable, Sendable {
        case title, names, summary, headings, body
        /// The text of the files the page publishes (`attached`): half a word of the page's own.
        case attached

        /// How much one occurrence counts (BM25F-like field weights).
        var weight: Double {
            switch self {
            case .title: 10
            case .names: 5
            case .summary: 3
            case .headings: 2
            case .body: 1
            case .attached: 0.5
            }
        }
    }

    public var address: String
    public var kind: Kind
    public var title: String
    /// A date to show with the result, in French.
    public var dateLabel: String?
    public var fields: [Field: [String]]
    /// The text the result's excerpt is cut from (summary, then body), without markup.
    public var text: String
    public var tags: [String]
    public var territories: [String]
    /// Recent news and upcoming events rank slightly higher (1 = no boost).
    public var boost: Double
    /// The page's day (days since 1970-01-01): an event's first day, a dated document's date.
    public var day: Int? = nil
    /// The text of the files the page publishes (its resource file, the PDFs its text links to):
    /// indexed in its own field, and kept in part for an excerpt that names the file and the page.
    public var attached: [AttachedText] = []

    /// The index's order: by kind, then the latest first (so that the dates file holds small
    /// gaps), the undated last, then by address.
    func isBefore(_ other: SearchDocument) -> Bool {
        if kind != other.kind { return kind < other.kind }
        let (a, b) = (day ?? Int.min, other.day ?? Int.min)
        return a != b ? a > b : address < other.address
    }

    /// Every published page that a search can find, in a stable order (`isBefore`):
    /// documents, orientation trees, structures and people. Drafts are not in a resolved site unless the build
    /// asked for them; a person's contacts are never indexed, and their biography only with consent.
    public static func all(of site: ResolvedSite, texts: [String: AttachedText] = [:]) -> [SearchDocument] {
        // Made on every core, then sorted through their positions (an entry is a large value to move).
        let (d, o, s) = (site.documents.count, site.orientations.count, site.structures.count)
        let docs = concurrentMap(d + o + s + site.people.count) { i -> SearchDocument in
            if i < d { return document(site.documents[i], of: site, texts: texts) }
            if i < d + o { return orientation(site.orientations[i - d], of: site) }
            if i < d + o + s { return structure(site.structures[i - d - o], of: site) }
            return person(site.people[i - d - o - s], of: site)
        }
        var all = docs
        if let statement = accessibilityStatement(of: site) { all.append(statement) }
        return all.indices.sorted { all[$0].isBefore(all[$1]) }.map { all[$0] }
    }

    /// An orientation tree, a structure, a person or a document as the search index knows it: its
    /// own text, and the names of what it refers to (a structure's entry holds its members').
    static func orientation(_ o: ResolvedOrientation, of site: ResolvedSite) -> SearchDocument {
        func name(_ kind: Kind, _ id: String) -> String? { site.links[kind]?[id]?.title }
        // Each node once (the page repeats a step reached by two paths).
        var headings: [String] = [], names: [String] = [], body: [String] = []
        for (i, node) in o.tree.nodes.enumerated() {
            headings.append(node.text)
            switch node.step {
            case .question(let q):
                body += q.answers.map(\.label)
            case .outcome(let outcome):
                names += outcome.structures.compactMap { name(.structure, $0.value) }
                    + outcome.people.compactMap { name(.person, $0.value) }
                if let delay = outcome.delay { body.append(delay) }
            }
            if let html = o.nodeHTML[i] { body.append(Markdown.plainText(of: html[...])) }
        }
        let intro = o.introHTML.map { Markdown.plainText(of: $0[...]) } ?? ""
        return SearchDocument(
            address: o.link.address, kind: .orientation, title: o.tree.title, dateLabel: nil,
            fields: [.title: [o.tree.title], .names: Self.unique(names),
                     .summary: [Kind.orientation.singular, o.tree.summary ?? ""] + o.tags.map(\.name) + o.territories.map(\.name),
                     .headings: headings, .body: [intro] + body],
            text: Self.joined([o.tree.summary ?? "", intro, headings.joined(separator: " · ")]),
            tags: o.tags.map(\.name), territories: o.territories.map(\.name), boost: 1)
    }

    static func structure(_ s: ResolvedStructure, of site: ResolvedSite) -> SearchDocument {
        let members = Self.unique((site.backlinks[.structure]?[s.structure.id] ?? []).filter { $0.kind == .person }.map(\.title))
        let description = s.descriptionHTML.map { Markdown.plainText(of: $0[...]) } ?? ""
        let summary = [Kind.structure.singular, s.structure.kind ?? ""] + s.territories.map(\.name) + s.structure.missions

        return SearchDocument(
            address: s.link.address, kind: .structure, title: s.structure.name, dateLabel: nil,
            fields: [.title: [s.structure.name], .names: members, .summary: summary, .headings: [],
                     .body: [description, s.structure.address ?? ""]],
            text: Self.joined([s.structure.kind ?? "", s.structure.missions.joined(separator: ", "), description]),
            tags: [], territories: s.territories.map(\.name), boost: 1)
    }

    static func person(_ p: ResolvedPerson, of site: ResolvedSite) -> SearchDocument {
        let structures = p.person.structures.compactMap { site.links[.structure]?[$0.value]?.title }
        let bio = p.person.consent ? (p.bioHTML.map { Markdown.plainText(of: $0[...]) } ?? "") : ""
        let role = p.person.role ?? ""
        return SearchDocument(
            address: p.link.address, kind: .person, title: p.person.name, dateLabel: nil,
            fields: [.title: [p.person.name], .names: structures, .summary: [Kind.person.singular, role] + p.territories.map(\.name),
                     .headings: [], .body: [bio]],
            text: Self.joined([role, structures.joined(separator: ", "), bio]),
            tags: [], territories: p.territories.map(\.name), boost: 1)
    }

    static func document(_ d: ResolvedDocument, of site: ResolvedSite, texts: [String: AttachedText] = [:]) -> SearchDocument {
        let today = site.buildDate.daysSinceEpoch
        func name(_ kind: Kind, _ id: String) -> String? { site.links[kind]?[id]?.title }
        var names: [String] = []
        var summary: [String] = [d.document.header.summary ?? ""]
        var headings = Self.headings(in: d.html)
        var body = [d.plainText]
        var boost = 1.0
        var dateLabel = d.link.date.map { FrenchDates.long($0.date) }
        switch d.document.details {
        case .event(let e):
            names += e.organizers.compactMap { name(.structure, $0.value) }
            for session in e.sessions {
                headings.append(session.title)
                names += session.speakers.compactMap { name(.person, $0.value) }
                if let s = session.summary { body.append(s) }
            }
            if let location = e.location { summary.append(location) }
            dateLabel = FrenchDates.long(e.start.value)
            let days = e.start.value.date.daysSinceEpoch - today
            if days >= 0 { boost = days <= 90 ? 1.1 : 1.05 }
        case .minutes(let m):
            names += m.participants.compactMap { name(.structure, $0.value) ?? name(.person, $0.value) }
            if let event = m.event.flatMap({ name(.event, $0.value) }) { summary.append(event) }
            if let location = m.location { summary.append(location) }
        case .retex(let r):
            names += r.structures.compactMap { name(.structure, $0.value) }
        case .resource(let r):
            if let audience = r.audience { summary.append(audience) }
        case .none:
            if d.document.kind == .news, let date = d.link.date {
                let age = today - date.date.daysSinceEpoch
                if (0...60).contains(age) { boost = 1.1 }
            }
        }
        var day = d.link.date?.date.daysSinceEpoch
        if case .event(let e) = d.document.details { day = e.start.value.date.daysSinceEpoch }
        if d.document.kind == .page { dateLabel = nil; day = nil }
        summary += [d.document.kind.singular, dateLabel ?? ""] + d.tags.map(\.name) + d.territories.map(\.name)
        names = Self.unique(names)
        let attached = ((d.file.map { [$0.source] } ?? []) + d.linkedFiles).compactMap { texts[$0] }.filter { !$0.isEmpty }
        return SearchDocument(
            address: d.link.address, kind: d.document.kind, title: d.link.title, dateLabel: dateLabel,
            fields: [.title: [d.link.title], .names: names, .summary: summary, .headings: headings, .body: body,
                     .attached: attached.flatMap(\.pages)],
            text: Self.joined([d.document.header.summary ?? "", d.plainText]),
            tags: d.tags.map(\.name), territories: d.territories.map(\.name), boost: boost, day: day, attached: attached)
    }

    /// The accessibility statement the site generates (`/accessibilite/`), unless a free page
    /// takes its address: what a reader asking about accessibility or the RGAA looks for.
    static func accessibilityStatement(of site: ResolvedSite) -> SearchDocument? {
        let address = SiteRenderer.accessibilityAddress
        guard !site.documents.contains(where: { $0.link.address == address }) else { return nil }
        let statement = site.config.accessibility
        let title = "Déclaration d’accessibilité"
        let summary = "Le site \(site.config.title) est \(statement.status.rawValue) avec le référentiel général d’amélioration "
            + "de l’accessibilité (RGAA), version 4.1."
        let body = ["État de conformité, résultats des tests, contenus non accessibles, retour d’information et contact, "
            + "voies de recours (Défenseur des droits)."] + statement.nonAccessible
        return SearchDocument(
            address: address, kind: .page, title: title, dateLabel: nil,
            fields: [.title: [title], .names: [], .summary: [summary], .headings: [], .body: body],
            text: summary, tags: [], territories: [], boost: 1)
    }

    /// Each name once, in order (a speaker of three sessions is named once).
    static func unique(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    static func joined(_ parts: [String]) -> String {
        parts.filter { !$0.isEmpty }.joined(separator: " — ")
    }

    /// The text of the `<h2>`…`<h6>` headings of rendered Markdown.
    static func headings(in html: String) -> [String] {
        HTMLHeadings.find(in: html).map { Markdown.plainText(of: $0.innerHTML[...]) }
    }
}
