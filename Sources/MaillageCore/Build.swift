import Foundation

/// What to build, and how.
public struct BuildOptions: Sendable {
    /// The site folder (holding `maillage.yaml`).
    public var source: URL
    /// Where the site is written; `site/` inside the source by default.
    public var output: URL
    public var baseURL: String?
    public var includeDrafts: Bool
    /// Warnings count as errors.
    public var strict: Bool
    /// The day that tells past from upcoming events; today in the site's time zone by default
    /// (or the day of `SOURCE_DATE_EPOCH` when set), so that builds are reproducible.
    public var buildDate: LocalDate?
    /// What the previous build of this site in this process keeps for this one (`maillage serve`).
    public var cache: BuildCache?
    /// The input files (site-relative) a watcher saw change since the previous build with the
    /// same `cache`, when it knows them all: only those are asked for their status again.
    public var touched: Set<String>?
    /// The executable whose `__apercu` subcommand renders PDF previews in bounded worker
    /// processes (`PreviewWorker`); nil renders them in this process.
    public var previewWorker: URL?

    public init(source: URL, output: URL? = nil, baseURL: String? = nil, includeDrafts: Bool = false,
                strict: Bool = false, buildDate: LocalDate? = nil, cache: BuildCache? = nil, touched: Set<String>? = nil) {
        self.cache = cache
        self.touched = touched
        self.source = source
        self.output = output ?? source.appendingPathComponent("site")
        self.baseURL = baseURL
        self.includeDrafts = includeDrafts
        self.strict = strict
        self.buildDate = buildDate
    }
}

/// What a build did: its diagnostics (sorted), the sources to quote them, and counts.
public struct BuildReport: Sendable {
    public var diagnostics: [Diagnostic]
    /// Source texts by site-relative path, for `DiagnosticPrinter`.
    public var sources: [String: String]
    public var pages: Int = 0
    public var files: Int = 0
    public var structures: Int = 0
    public var people: Int = 0
    /// Derived images made by this build (0 when every one came from the cache).
    public var imagesProcessed: Int = 0
    public var seconds: Double = 0
    public var wrote: Bool = false
    /// Nothing changed since the previous build with the same cache: nothing was done.
    public var unchanged: Bool = false
    /// The files of an edit in place, after which only the pages that show them were made
    /// again (`InPlaceEdit`), and how many pages that was; empty for any other build.
    public var editedInPlace: [String] = []
    public var pagesRemade = 0
    /// Web addresses the content links to, where written (for `maillage check --external`).
    public var externalLinks: [Located<String>] = []
    /// Seconds spent in each phase, in order (for `--verbose` and benchmarks).
    public var phases: [(name: String, seconds: Double)] = []

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    public var succeeded: Bool { errors.isEmpty }
}

/// The build, phase by phase: load → parse → resolve → process → index → render → write.
/// Every phase adds its diagnostics; nothing is written unless there is no error at all.
public enum Build {
    /// `progress` is told, in French, what the build starts doing (for a terminal's progress line).
    public static func run(_ options: BuildOptions, write: Bool = true, progress: (@Sendable (String) -> Void)? = nil) -> BuildReport {
        run(options, write: write, depth: .pages, progress: progress)
    }

    /// How far a build goes; the fuzz tests stop early on most of their thousands of builds.
    enum Depth: Comparable {
        /// Every diagnostic of load, parse, resolve and process; nothing rendered.
        case processed
        /// Also every page's data (dates, excerpts, JSON-LD, iCalendar, vCard, feeds), but not the templates.
        case pageData
        /// The whole build, anchors checked.
        case pages
    }

    static func run(_ options: BuildOptions, write: Bool, depth: Depth, progress: (@Sendable (String) -> Void)? = nil) -> BuildReport {
        let templates = depth == .pages
        let clock = ContinuousClock.now
        var lap = clock
        var phases: [(name: String, seconds: Double)] = []
        let next = ["load": "analyse des fichiers", "parse": "vérification des liens et références", "resolve": "images",
                    "process": "index de recherche", "index": "mise en page", "render": "écriture du site"]
        func phase(_ name: String) {
            let now = ContinuousClock.now
            phases.append((name, (now - lap).seconds))
            lap = now
            if let step = next[name] { progress?(step) }
        }
        progress?("lecture des fichiers")
        var diagnostics = Diagnostics()

        // Nothing edited since the last build of this process: its output stands.
        let inputs = options.cache.map { $0.snapshot(root: options.source, touched: options.touched) }
        // The options a build's output depends on, its day included: today in the time zone of
        // the last build's site (a new day, or another time zone, is a full build).
        func fingerprint(_ day: LocalDate?) -> String {
            "\(options.output.standardizedFileURL.path)|\(options.baseURL ?? "")|\(options.includeDrafts)|\(options.strict)|\(day.map { "\($0)" } ?? "?")|\(write)|\(depth)"
        }
        let expected = fingerprint(options.buildDate ?? options.cache?.timezone.map { defaultBuildDate(timezone: $0) })
        if let cache = options.cache, let inputs, let changed = cache.changes(inputs, options: expected, output: options.output) {
            if changed.isEmpty, var report = cache.unchanged(inputs) {
                report.unchanged = true
                report.editedInPlace = []
                report.seconds = (ContinuousClock.now - clock).seconds
                report.phases = [("unchanged", report.seconds)]
                return report
            }
            // Pages and entries edited in place: only the pages that show them made again.
            if write && templates, let report = InPlaceEdit.rebuild(changed, inputs: inputs, options: options, cache: cache, started: clock) {
                return report
            }
        }

        // Load
        let (loaded, loadDiagnostics) = SiteLoader.load(root: options.source)
        diagnostics.append(contentsOf: loadDiagnostics)
        var sources: [String: String] = [:]
        for file in loaded.sources { sources[file.path] = file.text }
        if let config = loaded.config { sources[config.path] = config.text }
        var report = BuildReport(diagnostics: [], sources: sources)
        phase("load")

        // Parse
        var config: SiteConfig?
        if let file = loaded.config {
            let (parsed, d) = SiteConfig.parse(file, baseURLOverride: options.baseURL)
            config = parsed
            diagnostics.append(contentsOf: d)
        }
        // Without a usable maillage.yaml the content is still checked, to report every problem at once.
        let effectiveConfig = config ?? SiteConfig(title: "", baseURL: "https://example.org/")
        let (content, parseDiagnostics) = ContentParser.parse(loaded, config: effectiveConfig, cache: options.cache)
        diagnostics.append(contentsOf: parseDiagnostics)
        phase("parse")

        // Resolve
        let buildDate = options.buildDate ?? defaultBuildDate(timezone: effectiveConfig.timezone)
        let (site, resolveDiagnostics, links) = Resolver(content: content, root: loaded.root, includeDrafts: options.includeDrafts,
                                                         buildDate: buildDate, markdown: options.cache?.markdown).resolveKeepingLinks()
        options.cache?.markdown.sweep()
        diagnostics.append(contentsOf: resolveDiagnostics)
        phase("resolve")

        // Render
        let (theme, themeDiagnostics) = Theme.load(overrides: loaded.layouts)
        diagnostics.append(contentsOf: themeDiagnostics)

        let final = diagnostics.promotingWarnings(options.strict)
        report.diagnostics = final.sorted
        report.structures = site.structures.count
        report.externalLinks = site.externalLinks
        report.people = site.people.count
        guard !final.hasErrors, config != nil, let theme else {
            // Errors elsewhere: the pages that could be made are still made in memory, for the
            // errors only rendered pages show (anchors, addresses taken): all in one run, from
            // the command line as in `serve` (an incremental build reports what a clean one does).
            if final.hasErrors, depth == .pages, config != nil, let theme {
                var all = final
                let (files, _) = SiteRenderer(site: site, theme: theme, root: loaded.root).render()
                all.append(contentsOf: renderedChecks(files, of: site, missingPages: false))
                report.diagnostics = all.sorted
            }
            report.seconds = (ContinuousClock.now - clock).seconds
            report.phases = phases
            return report
        }
        // Process: derived images (portraits, PDF previews), cached between builds.
        // Both at once: rendering a PDF's page waits on the disk now and then, a portrait hardly.
        let root = loaded.root
        // The PDFs' previews and texts in the same bounded workers, as many as PDFs at once.
        let workers = options.previewWorker.map { PreviewWorkerPool(executable: $0, count: PreviewWorkerPool.width) }
        let (portraits, (previews, texts)) = concurrently(
            { PortraitMaker(root: root).make(for: site) },
            { (PreviewMaker(root: root, workers: workers).make(for: site), AttachedTextReader(root: root, workers: workers).read(for: site)) })
        var processed = Diagnostics()
        processed.append(contentsOf: portraits.diagnostics)
        processed.append(contentsOf: previews.diagnostics)
        processed.append(contentsOf: texts.diagnostics)
        processed = processed.promotingWarnings(options.strict)
        var withProcessing = final
        withProcessing.append(contentsOf: processed)
        report.diagnostics = withProcessing.sorted
        report.imagesProcessed = portraits.made + previews.made
        phase("process")
        guard !processed.hasErrors, depth > .processed else {
            report.seconds = (ContinuousClock.now - clock).seconds
            report.phases = phases
            return report
        }

        // Index: the search index, from the resolved pages.
        let search = SearchDocument.all(of: site, texts: texts.texts)
        let index = SearchIndex.build(search, vocabulary: site.config.searchVocabulary, memo: options.cache?.search)
        phase("index")

        options.cache?.pages.begin(theme: loaded.layouts)
        let renderer = SiteRenderer(site: site, theme: theme, root: loaded.root, searchEntry: index.entry,
                                    portraits: portraits.portraits, previews: previews.previews, memo: options.cache?.pages)
        let recording = options.cache != nil && write && templates
        // A build from the command line writes each file into a new folder as soon as it is
        // made; `serve` updates the folder it wrote before (its manifest) once all are made.
        var staging: SiteWriter.Staging?
        var writeError: (any Error)?
        if write && templates && options.cache == nil {
            do { staging = try SiteWriter.Staging(output: options.output.standardizedFileURL) } catch { writeError = error }
        }
        var sink: (@Sendable ([OutputFile]) -> Void)?
        if let staging { sink = { staging.send($0) } }
        var (files, batches) = renderer.render(templates: templates, recording: recording, sink: sink)
        if templates { options.cache?.pages.sweep() }
        files += index.files
        staging?.send(index.files)
        // Anchors and absolute links: their targets exist only now.
        if templates {
            var checked = withProcessing
            checked.append(contentsOf: renderedChecks(files, of: site, missingPages: true))
            report.diagnostics = checked.sorted
            if checked.hasErrors {
                staging?.discard()
                report.seconds = (ContinuousClock.now - clock).seconds
                report.phases = phases
                return report
            }
        }
        phase("render")
        report.pages = files.filter { $0.path.hasSuffix(".html") }.count
        report.files = files.count

        // Write: what is left to write, then the new folder in the output's place.
        if write && templates {
            do {
                if let writeError { throw writeError }
                if let staging {
                    try staging.finish()
                } else {
                    try SiteWriter.write(files, to: options.output.standardizedFileURL, manifest: options.cache?.manifest)
                }
                report.wrote = true
            } catch {
                report.diagnostics.append(.error(.writeFailed, at: SourceLocation(file: options.output.lastPathComponent),
                                                 SystemError.describe(error), help: "vérifiez l’espace disque et les droits d’écriture du dossier"))
            }
        }
        phase("write")
        report.seconds = (ContinuousClock.now - clock).seconds
        report.phases = phases
        if let cache = options.cache, let inputs {
            let edit = report.wrote && recording
                ? InPlaceEdit.State(links: links, renderer: renderer, files: files, indexFiles: index.files.map(\.path),
                                    attachedTexts: texts.texts, diagnostics: withProcessing, content: content, batches: batches) : nil
            cache.timezone = effectiveConfig.timezone
            cache.remember(inputs, options: fingerprint(buildDate), report: report, edit: edit)
        }
        return report
    }

    /// The checks only rendered files can answer: anchors and absolute links (`LinkCheck`), and
    /// attachments at generated addresses (`PublishPolicy.collisions`). For a site with errors
    /// (its pages rendered in memory, without images or search index), `missingPages` is false:
    /// a link to an address that does not exist may lead to a page whose file has an error.
    static func renderedChecks(_ files: [OutputFile], of site: ResolvedSite, missingPages: Bool) -> [Diagnostic] {
        LinkCheck.verify(site.pendingLinks, in: files, missingPages: missingPages)
            + PublishPolicy.collisions(files, attachments: site.attachments)
    }

    /// Today in the site's time zone, or the day of `SOURCE_DATE_EPOCH` when it is set.
    public static func defaultBuildDate(timezone: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> LocalDate {
        let tz = TimeZone(identifier: timezone) ?? TimeZone(identifier: "Europe/Paris")!
        var now = Date()
        if let epoch = environment["SOURCE_DATE_EPOCH"].flatMap(Double.init) {
            now = Date(timeIntervalSince1970: epoch)
        }
        return LocalDate.today(in: tz, at: now)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
