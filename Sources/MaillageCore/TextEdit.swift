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
        /// The link context the documents' texts were decided with.
        var links: LinkContext
        /// The renderer, which holds the resolved site (one copy of it, changed in place).
        var renderer: SiteRenderer
        /// Every output file, by path.
        var files: [String: OutputFile]
        /// Paths of the search index's files.
        var indexFiles: [String]
        /// Every diagnostic but those of the anchor and address checks made on the rendered pages.
        var diagnostics: Diagnostics
        /// Position of each document in the site's documents, by source path.
        var documentAt: [String: Int]

        init(links: LinkContext, renderer: SiteRenderer, files: [OutputFile], indexFiles: [String], diagnostics: Diagnostics) {
            self.links = links
            self.renderer = renderer
            self.files = Dictionary(files.map { ($0.path, $0) }) { _, last in last }
            self.indexFiles = indexFiles
            self.diagnostics = diagnostics
            documentAt = Dictionary(renderer.site.documents.enumerated().map { ($1.document.path, $0) }) { first, _ in first }
        }
    }

    /// The build after an edit of `changed` (site-relative paths), or nil when the edit is not
    /// one of texts only, or anything else stands in the way: then a full build is needed.
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

        // Load and parse: each changed file must be a published page, without any diagnostic,
        // whose front matter (and so its header and the line its text starts at) is the same.
        var edited: [(index: Int, document: Document)] = []
        for path in changed {
            guard let index = state.documentAt[path], let before = report.sources[path],
                  !report.diagnostics.contains(where: { $0.location.file == path }),
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
            var resolved = state.renderer.site.documents[index]
            guard rendered.diagnostics.isEmpty, local.attachments.keys.sorted() == resolved.linkedFiles,
                  document.header.summary != nil || rendered.firstParagraph.map(Resolver.shorten) == resolved.link.summary
            else { return nil }
            resolved.document = document
            resolved.html = rendered.html
            resolved.plainText = rendered.plainText
            state.renderer.site.documents[index] = resolved
            state.renderer.site.pendingLinks.removeAll { $0.location.file == document.path }
            state.renderer.site.pendingLinks += local.pending
            // Web addresses of the text (those of the front matter stay), in the order of a full build.
            let fromText = { (link: Located<String>) in link.location.file == document.path && link.location.line >= document.body.firstLine }
            var external = state.renderer.site.externalLinks.filter { !fromText($0) }
            external += local.external.filter { URLPolicy.isWeb($0.value) }
            state.renderer.site.externalLinks = external.sorted { $0.location < $1.location }
        }
        phase("resolve")

        // Index: the search index, with the edited pages' new words.
        let site = state.renderer.site
        guard let index = SearchIndex.update(edited.map { SearchDocument.document(site.documents[$0.index], of: site) }, memo: cache.search)
        else { return nil }
        phase("index")

        // Render: the edited pages and the search page; then every anchor checked again.
        state.renderer.searchEntry = index.entry
        let renderer = state.renderer
        var made = edited.map { renderer.file(of: renderer.documentPage(site.documents[$0.index])) }
        made.append(renderer.file(of: renderer.searchPage()))
        // The index's files are named by their content: a name already written holds the same bytes.
        made += index.files.filter { state.files[$0.path] == nil }
        let produced = Set(index.files.map(\.path))
        let gone = state.indexFiles.filter { !produced.contains($0) }
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
        report.editedTexts = changed
        report.imagesProcessed = 0
        report.seconds = (ContinuousClock.now - clock).seconds
        report.phases = phases
        last.inputs = inputs
        last.report = report
        last.edit = state
        cache.remember(edit: last)
        return report
    }
}
