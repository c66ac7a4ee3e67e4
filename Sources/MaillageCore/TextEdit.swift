import Foundation

/// An edit of pages' texts only (`maillage serve`, the most common edit by far).
///
/// What a page's text reaches, and nothing else reaches it (the dependency graph of a text):
/// - its own page (the text's HTML);
/// - the search index (its headings and words), hence the search page, which names the index;
/// - its card on every list, home, feed and calendar, through its first paragraph when the page
///   has no `summary`;
/// - the files it links to, published with it;
/// - the anchors other pages link to, checked once pages are made.
///
/// So when every file changed since the last build is a Markdown page whose front matter is
/// the same, whose card is the same (same first paragraph, or a `summary`) and which links
/// the same files, only its page, the search index and the search page are made again, and
/// every anchor of the site checked again. Anything else (a front matter, a YAML file, a
/// layout, a file added or removed, a new first paragraph, a diagnostic) is a full
/// incremental build (`BuildCache`), whose output is the same as a clean build's; the
/// random-edit test checks that this one's is too.
enum TextEdit {
    /// What the last build leaves for an edit of texts.
    struct State {
        var site: ResolvedSite
        /// The link context the documents' texts were decided with.
        var links: LinkContext
        var renderer: SiteRenderer
        /// The search index's pages, in its order.
        var search: [SearchDocument]
        /// Every output file, by path.
        var files: [String: OutputFile]
        /// Paths of the search index's files.
        var indexFiles: [String]
        /// Every diagnostic but those of the anchor and address checks made on the rendered pages.
        var diagnostics: Diagnostics
        /// Position of each document in `site.documents` by source path, and of each page in `search` by address.
        var documentAt: [String: Int]
        var searchAt: [String: Int]

        init(site: ResolvedSite, links: LinkContext, renderer: SiteRenderer, search: [SearchDocument],
             files: [OutputFile], indexFiles: [String], diagnostics: Diagnostics) {
            self.site = site
            self.links = links
            self.renderer = renderer
            self.search = search
            self.files = Dictionary(files.map { ($0.path, $0) }) { _, last in last }
            self.indexFiles = indexFiles
            self.diagnostics = diagnostics
            documentAt = Dictionary(site.documents.enumerated().map { ($1.document.path, $0) }) { first, _ in first }
            searchAt = Dictionary(search.enumerated().map { ($1.address, $0) }) { first, _ in first }
        }
    }

    /// The build after an edit of `changed` (site-relative paths), or nil when the edit is not
    /// one of texts only, or anything else stands in the way: then a full build is needed.
    /// `started` is when the build started (its inputs' snapshot and comparison count in its time).
    static func rebuild(_ changed: [String], inputs: InputSnapshot, last: BuildCache.LastBuild,
                        options: BuildOptions, cache: BuildCache, started clock: ContinuousClock.Instant) -> BuildReport? {
        guard var state = last.edit, !changed.isEmpty else { return nil }
        var lap = ContinuousClock.now
        var phases: [(name: String, seconds: Double)] = [("changes", (lap - clock).seconds)]
        func phase(_ name: String) {
            let now = ContinuousClock.now
            phases.append((name, (now - lap).seconds))
            lap = now
        }
        var report = last.report

        // Load and parse: each changed file must be a published page, without any diagnostic,
        // whose front matter (and so its header and the line its text starts at) is the same.
        var edited: [(index: Int, document: Document)] = []
        for path in changed {
            guard let index = state.documentAt[path], let before = last.report.sources[path],
                  !last.report.diagnostics.contains(where: { $0.location.file == path }),
                  case .success(let file)? = SiteLoader.read(inputs.root.appendingPathComponent(path), path: path),
                  case .success(let old) = FrontMatterSplit.split(SourceFile(path: path, text: before)),
                  case .success(let new) = FrontMatterSplit.split(file),
                  old.yaml == new.yaml, old.bodyFirstLine == new.bodyFirstLine else { return nil }
            let (parsed, diagnostics) = cache.parse(file)
            guard diagnostics.isEmpty, case .document(let document) = parsed else { return nil }
            report.sources[path] = file.text
            edited.append((index, document))
        }
        phase("load")

        // Resolve: each text's links decided again as the full build decides them; the card
        // and the linked files must be the same.
        for (index, document) in edited {
            var local = state.links
            let rendered = Markdown.render(document.body, memo: cache.markdown) { local.decide($0, at: $1, from: document.path) }
            var resolved = state.site.documents[index]
            guard rendered.diagnostics.isEmpty, local.attachments.keys.sorted() == resolved.linkedFiles,
                  document.header.summary != nil || rendered.firstParagraph.map(Resolver.shorten) == resolved.link.summary
            else { return nil }
            resolved.document = document
            resolved.html = rendered.html
            resolved.plainText = rendered.plainText
            state.site.documents[index] = resolved
            state.site.pendingLinks.removeAll { $0.location.file == document.path }
            state.site.pendingLinks += local.pending
            // Web addresses of the text (those of the front matter stay), in the order of a full build.
            let fromText = { (link: Located<String>) in link.location.file == document.path && link.location.line >= document.body.firstLine }
            var external = state.site.externalLinks.filter { !fromText($0) }
            external += local.external.filter { ["http", "https"].contains(URLPolicy.scheme(of: $0.value)) }
            state.site.externalLinks = external.sorted { $0.location < $1.location }
        }
        phase("resolve")

        // Index: the search index, with the edited pages' new words.
        for (index, _) in edited {
            let page = SearchDocument.document(state.site.documents[index], of: state.site)
            guard let position = state.searchAt[page.address] else { return nil }
            state.search[position] = page
        }
        let index = SearchIndex.build(state.search, memo: cache.search)
        phase("index")

        // Render: the edited pages and the search page; then every anchor checked again.
        state.renderer.site = state.site
        state.renderer.searchEntry = index.entry
        let renderer = state.renderer
        var made = edited.map { renderer.file(of: renderer.documentPage(state.site.documents[$0.index])) }
        made.append(renderer.file(of: renderer.searchPage()))
        made += index.files
        let produced = Set(index.files.map(\.path))
        let gone = state.indexFiles.filter { !produced.contains($0) }
        for path in gone { state.files[path] = nil }
        for file in made { state.files[file.path] = file }
        state.indexFiles = index.files.map(\.path)
        var diagnostics = state.diagnostics
        diagnostics.append(contentsOf: LinkCheck.verify(state.site.pendingLinks, in: state.files))
        // A broken anchor: the full build reports it, and writes nothing.
        guard !diagnostics.hasErrors else { return nil }
        phase("render")

        // Write: in place, only what changed.
        guard (try? SiteWriter.patch(made, removing: gone, in: options.output.standardizedFileURL, manifest: cache.manifest)) == true
        else { return nil }
        phase("write")

        report.diagnostics = diagnostics.sorted
        report.externalLinks = state.site.externalLinks
        report.files = state.files.count
        report.unchanged = false
        report.editedTexts = changed
        report.imagesProcessed = 0
        report.seconds = (ContinuousClock.now - clock).seconds
        report.phases = phases
        cache.remember(edit: inputs, report: report, state: state)
        return report
    }
}
