import Foundation

/// An edit of pages and entries that keeps each of them in its place (`maillage serve`, the most
/// common edit by far: a text, a title, a summary, a role, a phone number).
///
/// The dependency graph: a page, a structure or a person reaches
/// - its own page, and the pages that show it: every page whose model links to its address
///   or names it (`SiteRenderer.BatchRecord`, recorded by the last build, page by page);
/// - the search index (its words, and the names other pages' entries show), hence the search
///   page, which names the index;
/// - the files made from it: vCards, calendars, the Atom feed;
/// - the files its text links to, published with it, and the anchors other pages link to.
///
/// What would move it, or others, is its place: its address, draft state, dates, tags and
/// territories, references to other entries, attached files, a structure's type, a person's
/// structures and consent. So when every file changed since the last build is a page or an
/// entry whose place is the same, which links the same files and has no diagnostic, only the
/// pages that read it are made again, the index updated, every anchor checked again, and only
/// the files that changed written. Anything else (a place changed, a file added or removed,
/// `maillage.yaml`, a layout, the home page, an orientation tree) is a full incremental build
/// (`BuildCache`), whose output is the same as a clean build's; the random-edit test checks
/// that this one's is too.
enum InPlaceEdit {
    /// Where a page or an entry is in the resolved site.
    enum Unit {
        case document(Int), structure(Int), person(Int)
    }

    /// What the last build leaves for an edit in place.
    struct State {
        /// The link context the texts were decided with.
        var links: LinkContext
        /// The renderer, which holds the resolved site (one copy of it, changed in place).
        var renderer: SiteRenderer
        /// Every output file, by path.
        var files: [String: OutputFile]
        /// Paths of the search index's files.
        var indexFiles: [String]
        /// The text of the files pages publish, by source path (an edit in place links the same files).
        var attachedTexts: [String: AttachedText]
        /// Every diagnostic but those of the anchor and address checks made on the rendered pages.
        var diagnostics: Diagnostics
        /// Each page and entry by source path, and its position among the content's entries of
        /// its kind (a structure's or a person's place among those of the same name).
        var units: [String: Unit]
        var contentOrder: [String: Int]
        /// The source path of each page and entry, by address.
        var paths: [String: String]
        /// What each batch of pages made and reads, by key, and the batches that read each address.
        var batches: [String: SiteRenderer.BatchRecord]
        var readers: [String: [String]]
        /// The other files' jobs (`SiteRenderer.FileJob`) that read each address.
        var fileReaders: [String: [String]]

        init(links: LinkContext, renderer: SiteRenderer, files: [OutputFile], indexFiles: [String],
             attachedTexts: [String: AttachedText], diagnostics: Diagnostics, content: SiteContent, batches: [String: SiteRenderer.BatchRecord]) {
            self.links = links
            self.renderer = renderer
            self.files = Dictionary(files.map { ($0.path, $0) }) { _, last in last }
            self.indexFiles = indexFiles
            self.attachedTexts = attachedTexts
            self.diagnostics = diagnostics
            var units: [String: Unit] = [:]
            let site = renderer.site
            for (i, d) in site.documents.enumerated() where units[d.document.path] == nil { units[d.document.path] = .document(i) }
            for (i, s) in site.structures.enumerated() { units[s.structure.path] = .structure(i) }
            for (i, p) in site.people.enumerated() { units[p.person.path] = .person(i) }
            self.units = units
            var paths: [String: String] = [:]
            for d in site.documents { paths[d.link.address] = d.document.path }
            for s in site.structures { paths[s.link.address] = s.structure.path }
            for p in site.people { paths[p.link.address] = p.person.path }
            self.paths = paths
            var order: [String: Int] = [:]
            for (i, s) in content.structures.enumerated() { order[s.path] = i }
            for (i, p) in content.people.enumerated() { order[p.path] = i }
            contentOrder = order
            var fileReaders: [String: [String]] = [:]
            for job in renderer.fileJobs() {
                for address in job.reads() { fileReaders[address, default: []].append(job.key) }
            }
            self.fileReaders = fileReaders
            self.batches = [:]
            readers = [:]
            for (key, record) in batches { remember(record, as: key) }
        }

        /// Keeps what a batch made and reads, and which batches read each address.
        mutating func remember(_ record: SiteRenderer.BatchRecord, as key: String) {
            // (most edits leave what each page reads as it was: then nothing is counted again)
            if let known = batches[key], known.pages.count == record.pages.count,
               zip(known.pages, record.pages).allSatisfy({ $0.reads == $1.reads }) {
                batches[key] = record
                return
            }
            let reads = record.reads, before = batches[key]?.reads ?? []
            for address in before.subtracting(reads) { readers[address]?.removeAll { $0 == key } }
            for address in reads.subtracting(before) { readers[address, default: []].append(key) }
            batches[key] = record
        }
    }

    /// The build after an edit of `changed` (site-relative paths), or nil when the edit is not
    /// one in place, or anything else stands in the way: then a full build is needed.
    /// `started` is when the build started (its inputs' snapshot and comparison count in its time).
    static func rebuild(_ changed: [String], inputs: InputSnapshot, options: BuildOptions, cache: BuildCache,
                        started clock: ContinuousClock.Instant) -> BuildReport? {
        // The last build, taken out of the cache: what it holds is changed in place, and given
        // back at the end (a full build follows any failure, and keeps its own).
        guard !changed.isEmpty, var last = cache.takeLast(), var state = last.edit else { return nil }
        last.edit = nil
        var report = last.report
        last.report.sources = [:]
        var lap = ContinuousClock.now
        var phases: [(name: String, seconds: Double)] = [("changes", (lap - clock).seconds)]
        func phase(_ name: String) {
            let now = ContinuousClock.now
            phases.append((name, (now - lap).seconds))
            lap = now
        }

        // Load and parse: each changed file must be a published page or entry, without any
        // diagnostic before or after.
        var edits: [(unit: Unit, parsed: ContentParser.Parsed)] = []
        for path in changed {
            guard let unit = state.units[path], report.sources[path] != nil,
                  !report.diagnostics.contains(where: { $0.location.file == path }),
                  !SiteLoader.isSymbolicLink(inputs.root.appendingPathComponent(path)),
                  case .success(let file)? = SiteLoader.read(inputs.root.appendingPathComponent(path), path: path) else { return nil }
            let (parsed, diagnostics) = cache.parse(file)
            guard diagnostics.isEmpty else { return nil }
            report.sources[path] = file.text
            edits.append((unit, parsed))
        }
        phase("load")

        // Resolve: each edited page or entry resolved again alone, its links decided as the
        // full build decides them; its place must be the same. Its link (title, summary) is
        // replaced wherever the site holds it.
        var edited: [String] = []
        /// Addresses whose pages are not the only ones to change: other pages show the link of a
        /// page (its card: title, summary), and more of an entry (a person's role, a structure's missions).
        var shown: [String] = []
        /// Structures and people whose name changed, by position.
        var renamed: (structures: [Int], people: [Int]) = ([], [])
        var kinds = Set<Kind>(), summaries: [String] = []
        for (unit, parsed) in edits {
            var local = state.links
            func render(_ text: MarkdownText?, from path: String) -> RenderedMarkdown? {
                text.map { text in Markdown.render(text, memo: cache.markdown) { local.decide($0, at: $1, from: path) } }
            }
            let before: PageLink, after: PageLink, path: String
            var external: [Located<String>] = []
            switch (unit, parsed) {
            case (.document(let i), .document(let document)):
                var resolved = state.renderer.site.documents[i]
                guard place(of: resolved.document) == place(of: document), let rendered = render(document.body, from: document.path),
                      rendered.diagnostics.isEmpty, local.attachments.keys.sorted() == resolved.linkedFiles else { return nil }
                before = resolved.link
                var link = before
                link.title = document.header.title
                link.summary = document.header.summary ?? rendered.firstParagraph.map(Resolver.shorten)
                resolved.document = document
                resolved.link = link
                resolved.html = rendered.html
                resolved.plainText = rendered.plainText
                state.renderer.site.documents[i] = resolved
                after = link
                path = document.path
                external = Resolver.webAddresses(of: document)
            case (.structure(let i), .structure(let structure)):
                var resolved = state.renderer.site.structures[i]
                let rendered = render(structure.description, from: structure.path)
                guard place(of: resolved.structure) == place(of: structure), rendered?.diagnostics.isEmpty ?? true,
                      local.attachments.isEmpty else { return nil }
                before = resolved.link
                resolved.link.title = structure.name
                resolved.structure = structure
                resolved.descriptionHTML = rendered?.html
                state.renderer.site.structures[i] = resolved
                after = resolved.link
                path = structure.path
                external = Resolver.webAddresses(of: structure)
            case (.person(let i), .person(let person)):
                var resolved = state.renderer.site.people[i]
                let rendered = render(person.bio, from: person.path)
                guard place(of: resolved.person) == place(of: person), rendered?.diagnostics.isEmpty ?? true,
                      local.attachments.isEmpty else { return nil }
                before = resolved.link
                resolved.link.title = person.name
                resolved.link.summary = person.role
                resolved.person = person
                resolved.bioHTML = rendered?.html
                state.renderer.site.people[i] = resolved
                after = resolved.link
                path = person.path
            default:
                return nil
            }
            if before != after { state.renderer.site.replace(before, with: after) }
            let isDocument = if case .document = unit { true } else { false }
            if before != after || !isDocument { shown.append(after.address) }
            if before.title != after.title {
                if case .structure(let i) = unit { renamed.structures.append(i) }
                if case .person(let i) = unit { renamed.people.append(i) }
            }
            state.renderer.site.pendingLinks.removeAll { $0.location.file == path }
            state.renderer.site.pendingLinks += local.pending
            // Web addresses, in the order of a full build.
            external += local.external
            var all = state.renderer.site.externalLinks.filter { $0.location.file != path }
            all += external.filter { URLPolicy.isWeb($0.value) }
            state.renderer.site.externalLinks = all.sorted { $0.location < $1.location }
            edited.append(after.address)
            kinds.insert(after.kind)
            if let summary = after.summary { summaries.append(summary) }
        }
        // Structures and people are listed by name (those of the same name in file order).
        let order = state.contentOrder
        if !renamed.structures.isEmpty {
            state.renderer.site.structures = Resolver.byName(state.renderer.site.structures, name: \.link.title,
                                                             position: { order[$0.structure.path]! }, changed: renamed.structures)
            for (i, s) in state.renderer.site.structures.enumerated() { state.units[s.structure.path] = .structure(i) }
        }
        if !renamed.people.isEmpty {
            state.renderer.site.people = Resolver.byName(state.renderer.site.people, name: \.person.name,
                                                         position: { order[$0.person.path]! }, changed: renamed.people)
            for (i, p) in state.renderer.site.people.enumerated() { state.units[p.person.path] = .person(i) }
        }
        let old = state.renderer
        state.renderer.refresh(kinds, edited: Set(edited), summaries: summaries)
        let renderer = state.renderer
        let site = renderer.site
        phase("resolve")

        // The batches of pages that read an edited address (its own page among them); every
        // batch when the footer, on every page, changed.
        var affected = Set(edited)
        for address in shown { affected.formUnion(state.readers[address] ?? []) }
        let footerChanged = ModelWalk.fingerprint(old.footer) != ModelWalk.fingerprint(renderer.footer)
        if footerChanged { affected = Set(state.batches.keys) }

        // Index: the search index, with the new entries of the pages that read an edited
        // address (an event's entry holds its speakers' names, a structure's its members').
        var entries: [SearchDocument] = []
        for key in affected.sorted() {
            switch state.paths[key].flatMap({ state.units[$0] }) {
            case .document(let i)?: entries.append(SearchDocument.document(site.documents[i], of: site, texts: state.attachedTexts))
            case .structure(let i)?: entries.append(SearchDocument.structure(site.structures[i], of: site))
            case .person(let i)?: entries.append(SearchDocument.person(site.people[i], of: site))
            case nil: break
            }
        }
        guard let index = SearchIndex.update(entries, of: old.searchEntry, memo: cache.search) else { return nil }
        if index.entry != old.searchEntry {
            state.renderer.searchEntry = index.entry
            affected.insert(renderer.searchPage().address)
        }
        phase("index")

        // Render: the affected batches, which must make the same pages as before; the other
        // files made again, and those that changed kept.
        // A page of a list (a section, a tag, the annuaire or the trombinoscope and their filter
        // pages) that lists the same pages as before, and read none of those whose card changed
        // (what it reads holds what it lists: each card links to its page), is the same (unless
        // the footer, on every page, changed).
        let known = state.batches, changedCards = Set(shown)
        let (pages, _, records) = state.renderer.render(state.renderer.pageBatches(only: affected), recording: true) { key, position, job in
            guard !footerChanged, let shows = job.shows, let pages = known[key]?.pages, position < pages.count, pages[position].shows == shows,
                  !pages[position].reads.contains(where: changedCards.contains) else { return nil }
            return pages[position]
        }
        for (key, record) in records {
            guard known[key]?.pages.map(\.path) == record.pages.map(\.path) else { return nil }
            state.remember(record, as: key)
        }
        guard records.count == affected.count else { return nil }
        // The files that show an edited page or entry (all of them when the footer changed).
        let keys = Set((edited + shown).flatMap { state.fileReaders[$0] ?? [] })
        // The agenda's events written anew: those whose page is made again (the edited ones among them).
        state.renderer.agendaTexts.forget(affected)
        let jobs = state.renderer.fileJobs(only: footerChanged ? nil : keys)
        let others = concurrentMap(jobs.count) { jobs[$0].make() }.flatMap { $0 }
        guard others.allSatisfy({ state.files[$0.path] != nil }) else { return nil }
        var made: [OutputFile] = []
        for file in pages + others where !same(file, state.files[file.path]) { made.append(file) }
        let produced = Set(index.files.map(\.path))
        let gone = state.indexFiles.filter { !produced.contains($0) }
        // The index's files are named by their content: a name already written holds the same bytes.
        made += index.files.filter { state.files[$0.path] == nil }
        for path in gone { state.files[path] = nil }
        for file in made { state.files[file.path] = file }
        state.indexFiles = index.files.map(\.path)
        var diagnostics = state.diagnostics
        diagnostics.append(contentsOf: LinkCheck.verify(site.pendingLinks, in: state.files))
        // A broken anchor: the full build reports it, and writes nothing.
        guard !diagnostics.hasErrors else { return nil }
        phase("render")

        // Write: in place, only what changed.
        guard (try? SiteWriter.patch(made, removing: gone, in: options.output.standardizedFileURL, manifest: cache.manifest)) == true
        else { return nil }
        phase("write")

        report.diagnostics = diagnostics.sorted
        report.externalLinks = site.externalLinks
        report.files = state.files.count
        report.unchanged = false
        report.editedInPlace = changed
        report.pagesRemade = pages.count
        report.imagesProcessed = 0
        report.seconds = (ContinuousClock.now - clock).seconds
        report.phases = phases
        last.inputs = inputs
        last.report = report
        last.edit = state
        cache.remember(edit: last)
        return report
    }

    /// What places a page among others: an edit that changes it is a full build.
    static func place(of d: Document) -> [String] {
        var place = [d.kind.folder, d.id, "\(d.header.draft)", d.header.date.map { "\($0.value)" } ?? "-"]
        place += ["tags"] + d.header.tags.map(\.value) + ["territories"] + d.header.territories.map(\.value)
        switch d.details {
        case .none:
            place.append("page")
        case .event(let e):
            place += ["event", "\(e.start.value)", e.end.map { "\($0.value)" } ?? "-", "organizers"] + e.organizers.map(\.value)
            for session in e.sessions { place += ["speakers"] + session.speakers.map(\.value) }
        case .minutes(let m):
            place += ["minutes", m.event?.value ?? "-", "participants"] + m.participants.map(\.value)
        case .retex(let r):
            place += ["retex"] + r.structures.map(\.value)
        case .resource(let r):
            place += ["resource", r.file?.value ?? "-"]
        }
        return place
    }

    static func place(of s: Structure) -> [String] {
        [s.id, s.kind ?? "-", "territories"] + s.territories.map(\.value)
    }

    static func place(of p: Person) -> [String] {
        [p.id, "\(p.consent)", p.photo?.value ?? "-", "structures"] + p.structures.map(\.value) + ["territories"] + p.territories.map(\.value)
    }

    /// Whether a file made now is the one already written.
    static func same(_ file: OutputFile, _ known: OutputFile?) -> Bool {
        switch (file.contents, known?.contents) {
        case (.data(let a), .data(let b)?): a == b
        case (.copy(let a), .copy(let b)?): a == b
        default: false
        }
    }
}

extension ResolvedSite {
    /// Puts `new` wherever the site holds `old` (the same page, with another title or summary).
    mutating func replace(_ old: PageLink, with new: PageLink) {
        links[new.kind]?[new.id] = new
        // A page is known by its address.
        func replaced(_ links: inout [PageLink]) {
            for i in links.indices where links[i].address == old.address { links[i] = new }
        }
        for kind in Array(backlinks.keys) {
            for id in Array(backlinks[kind]!.keys) where backlinks[kind]![id]!.contains(where: { $0.address == old.address }) {
                replaced(&backlinks[kind]![id]!)
            }
        }
        for term in Array(tags.keys) where tags[term]!.contains(where: { $0.address == old.address }) { replaced(&tags[term]!) }
        for term in Array(territories.keys) where territories[term]!.contains(where: { $0.address == old.address }) {
            replaced(&territories[term]!)
        }
    }
}
