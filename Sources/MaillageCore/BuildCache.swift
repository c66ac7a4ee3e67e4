import Foundation

/// What a build keeps for the next build of the same site in the same process (`maillage serve`
/// rebuilds at every save): each step's result is reused only when that step's inputs are the
/// same, so an incremental build gives the output of a clean one, byte for byte (the
/// random-edit test checks it).
///
/// - The parse of each source file, reused when the file's text is the same.
/// - The Markdown of each text, reused when its text is the same and every link it holds
///   still leads where it led (links are decided again at each build, see `MarkdownMemo`).
/// - The search index: each page's analysed words when its fields are the same, and every
///   file of the index whose terms and pages are the same (`SearchIndex.Memo`).
/// - Each page, when its template and its whole model are the same (`RenderMemo`).
/// - The output folder, written in place: only the files that changed (`OutputManifest`).
/// - The whole build, when no input file changed since the last successful build and the
///   output is still there: same paths, and for each file the same size, modification date
///   and inode, or else the same content (a file saved without a change, `touch`).
/// - Everything but the edited pages, the search index and the search page, when the only
///   files changed are pages or entries that keep their place (`InPlaceEdit`).
public final class BuildCache: Sendable {
    /// What one build leaves for the next, shared by the threads of a build.
    private struct State {
        var parsed: [String: (text: String, result: (ContentParser.Parsed, [Diagnostic]))] = [:]
        var timezone: String?
        var last: LastBuild?
        /// The last snapshot of the input files, whatever became of its build.
        var snapshot: InputSnapshot?
    }
    private let state = Locked(State())
    let markdown = MarkdownMemo()
    let pages = RenderMemo()
    let search = SearchIndex.Memo()
    let manifest = OutputManifest()
    /// The time zone of the last build's site: the day a build without `buildDate` is made for.
    var timezone: String? {
        get { state.withLock { $0.timezone } }
        set { state.withLock { $0.timezone = newValue } }
    }

    public init() {}

    // MARK: Parse

    func parse(_ file: SourceFile) -> (ContentParser.Parsed, [Diagnostic]) {
        if let known = state.withLock({ $0.parsed[file.path] }), known.text == file.text { return known.result }
        let result = ContentParser.parse(file)
        state.withLock { $0.parsed[file.path] = (file.text, result) }
        return result
    }

    /// Forgets the files that are no longer part of the site.
    func keepParses(of sources: [SourceFile]) {
        let paths = Set(sources.map(\.path))
        state.withLock { $0.parsed = $0.parsed.filter { paths.contains($0.key) } }
    }

    // MARK: Input files

    /// The input files now: the last snapshot brought up to date for the files a watcher saw
    /// change since it was taken (`touched`, site-relative), or every file asked for its
    /// status when that is not known (no watcher, its queue overflowed, a folder came or went).
    func snapshot(root: URL, touched: Set<String>?) -> InputSnapshot {
        let previous = state.withLock { $0.snapshot }
        let now = touched.flatMap { touched in
            previous.flatMap { $0.root == InputSnapshot.canonical(root) ? $0.updated(touched) : nil }
        } ?? InputSnapshot(root: root)
        state.withLock { $0.snapshot = now }
        return now
    }

    // MARK: Whole build

    /// What the last successful build read and made.
    struct LastBuild {
        var inputs: InputSnapshot
        /// The build's options, as `Build.run` writes them.
        var options: String
        /// Its report, whose `sources` are the texts the build read.
        var report: BuildReport
        /// Hashes of the input files that are not source texts (attachments, layouts), where known.
        var hashes: [String: String]
        /// What an edit in place needs (`InPlaceEdit`).
        var edit: InPlaceEdit.State?
    }

    /// The input files whose content changed since the last build (site-relative, sorted); nil
    /// when it cannot be told: other options, a file added or removed, the output gone. A file
    /// whose size, date or inode moved, or that was written too recently to trust them, is
    /// compared by content: a source text with the text the build read, any other file by its hash.
    func changes(_ inputs: InputSnapshot, options: String, output: URL) -> [String]? {
        guard let last = state.withLock({ $0.last }), last.options == options, last.inputs.entries.count == inputs.entries.count,
              FileManager.default.fileExists(atPath: output.appendingPathComponent("index.html").path) else { return nil }
        var changed: [String] = []
        for (path, stamp) in inputs.entries where inputs.isRecent(path) || last.inputs.isRecent(path) || last.inputs.entries[path] != stamp {
            guard last.inputs.entries[path] != nil else { return nil }
            let url = inputs.root.appendingPathComponent(path)
            if let text = last.report.sources[path] {
                if case .success(let file)? = SiteLoader.read(url, path: path), file.text == text { continue }
            } else if let known = last.hashes[path], ContentHash.ofFile(url, fresh: true) == known {
                continue
            }
            changed.append(path)
        }
        return changed.sorted()
    }

    /// The last build's report, when `changes` found no change: its output stands.
    func unchanged(_ inputs: InputSnapshot) -> BuildReport? {
        state.withLock { state in
            state.last?.inputs = inputs
            return state.last?.report
        }
    }

    /// The last build, taken out of the cache: an edit in place changes what it holds in place,
    /// and gives it back (`remember(edit:)`).
    func takeLast() -> LastBuild? {
        state.withLock { state in
            defer { state.last = nil }
            return state.last
        }
    }

    /// Keeps a successful build's inputs and report for the next build. Files other than source
    /// texts are hashed now, unless they were written just before the build or since its
    /// snapshot (the content hashed may not be the one the build used).
    func remember(_ inputs: InputSnapshot, options: String, report: BuildReport, edit: InPlaceEdit.State?) {
        guard report.succeeded && report.wrote else {
            state.withLock { $0.last = nil }
            return
        }
        let others = inputs.entries.keys.filter { report.sources[$0] == nil && !inputs.isRecent($0) }.sorted()
        let hashes = concurrentMap(others.count) { i -> String? in
            let url = inputs.root.appendingPathComponent(others[i])
            guard let hash = ContentHash.ofFile(url) else { return nil }
            var info = stat()
            guard stat(url.path, &info) == 0, InputSnapshot.Stamp(info) == inputs.entries[others[i]] else { return nil }
            return hash
        }
        let made = LastBuild(inputs: inputs, options: options, report: report,
                             hashes: Dictionary(uniqueKeysWithValues: zip(others, hashes).compactMap { path, hash in hash.map { (path, $0) } }),
                             edit: edit)
        state.withLock { $0.last = made }
    }

    /// After an edit in place: the last build, with the new inputs, report and state (the
    /// other files' hashes stand).
    func remember(edit last: LastBuild) {
        state.withLock { $0.last = last }
    }
}

/// What tells that a file changed, without reading it: its size, modification time and inode.
public struct FileStamp: Hashable, Sendable {
    var size: Int, seconds: Int, nanoseconds: Int, inode: UInt

    init(_ info: stat) {
        size = Int(info.st_size)
        seconds = Int(info.st_mtim.tv_sec)
        nanoseconds = Int(info.st_mtim.tv_nsec)
        inode = UInt(info.st_ino)
    }

    /// The stamp of the file at `path` (stat(2)), nil when there is none.
    public static func of(_ path: String) -> FileStamp? {
        var info = stat()
        return stat(path, &info) == 0 ? FileStamp(info) : nil
    }

    var modified: Int { seconds * 1_000_000_000 + nanoseconds }
}

/// Every input file of a site (`maillage.yaml`, `content/`, `layouts/`) with its size,
/// modification time and inode: two equal snapshots mean nothing was edited, added or removed.
struct InputSnapshot {
    let root: URL
    typealias Stamp = FileStamp

    /// Each input file's stamp, by site-relative path.
    var entries: [String: Stamp] = [:]
    /// Files modified less than a tenth of a second before the snapshot: a second edit within
    /// the same clock tick could keep their size and date (the "racy git" problem).
    var recent = Set<String>()

    func isRecent(_ path: String) -> Bool { recent.contains(path) }

    /// Now, less a tenth of a second: a file modified after it is `recent`.
    private static func recentThreshold() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return (Int(now.tv_sec) * 1_000_000_000 + Int(now.tv_nsec)) - 100_000_000
    }

    /// This snapshot brought up to date for the files at `paths` (site-relative; a watcher saw
    /// them change since this snapshot was taken): each asked for its status again, the others
    /// kept. Nil when one of them is now a folder (a folder moved in: its files are unknown).
    func updated(_ paths: Set<String>) -> InputSnapshot? {
        let threshold = Self.recentThreshold()
        var next = self
        for path in paths {
            var info = stat()
            if stat(root.path + "/" + path, &info) != 0 {
                next.entries[path] = nil
            } else if (info.st_mode & S_IFMT) == S_IFDIR {
                return nil
            } else {
                next.entries[path] = Stamp(info)
            }
        }
        next.recent = Set(recent.union(paths).filter { next.entries[$0].map { $0.modified > threshold } ?? false })
        return next
    }

    /// The site folder as a snapshot names it (links followed).
    static func canonical(_ root: URL) -> URL { root.standardizedFileURL.resolvingSymlinksInPath() }

    init(root: URL) {
        let threshold = Self.recentThreshold()
        let root = Self.canonical(root)
        self.root = root
        // Folders read on every core; each entry's status asked relative to its open folder.
        let folders = ["content", "layouts"] + ((try? FileManager.default.contentsOfDirectory(atPath: root.path + "/content")) ?? [])
            .filter { !$0.hasPrefix(".") }.map { "content/" + $0 }
        let found = concurrentMap(folders.count) { i in Self.scan(root.path, folders[i], recursive: i >= 1) }
        var config = stat()
        if stat(root.path + "/" + SiteConfig.fileName, &config) == 0 { entries[SiteConfig.fileName] = Stamp(config) }
        entries.reserveCapacity(found.reduce(1) { $0 + $1.count })
        for part in found {
            for (path, stamp) in part {
                entries[path] = stamp
                if stamp.modified > threshold { recent.insert(path) }
            }
        }
        if let config = entries[SiteConfig.fileName], config.modified > threshold { recent.insert(SiteConfig.fileName) }
    }

    /// The files of `folder` (site-relative), and of its subfolders when `recursive` (the
    /// subfolders of `content/` are scanned each on their own); hidden names skipped.
    private static func scan(_ root: String, _ folder: String, recursive: Bool) -> [(String, Stamp)] {
        var found: [(String, Stamp)] = []
        guard let handle = opendir(root + "/" + folder) else { return found }
        defer { closedir(handle) }
        let fd = dirfd(handle)
        while let item = readdir(handle) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasPrefix(".") { continue }
            var info = stat()
            guard fstatat(fd, name, &info, 0) == 0 else { continue }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                if recursive { found += scan(root, folder + "/" + name, recursive: true) }
            } else {
                found.append((folder + "/" + name, Stamp(info)))
            }
        }
        return found
    }
}

/// Two 64-bit hashes of the same input, from two differently started hashers: a 128-bit key
/// for what a process keeps between builds (Swift's `Hasher` is seeded per process).
struct Fingerprint: Hashable {
    var first = 0
    var second = 0

    static let zero = Fingerprint()

    private init() {}

    init(_ feed: (inout Hasher) -> Void) {
        var pair = Pair()
        feed(&pair.a)
        feed(&pair.b)
        self = pair.finalize()
    }

    /// The two hashers, fed together (a value made of many parts is fed in one pass).
    struct Pair {
        var a = Hasher(), b = Hasher()

        init() {
            a.combine(0x4D41_494C as UInt32)
            b.combine(0x4C41_4745 as UInt32)
        }

        mutating func combine<T: Hashable>(_ value: T) {
            a.combine(value)
            b.combine(value)
        }

        mutating func combineBytes(of text: String) {
            a.combineBytes(of: text)
            b.combineBytes(of: text)
        }

        func finalize() -> Fingerprint {
            var f = Fingerprint()
            f.first = a.finalize()
            f.second = b.finalize()
            return f
        }
    }
}

extension Hasher {
    /// A string's UTF-8 bytes and length (a `String`'s own hash normalises it first: slower, and
    /// not needed where the same text is always written the same way).
    mutating func combineBytes(of text: String) {
        var copy = text
        copy.withUTF8 { combine(bytes: UnsafeRawBufferPointer($0)) }
        combine(text.utf8.count)
    }
}

/// Values kept from one build to the next, by key; what a build did not use is forgotten at
/// its end (`sweep`), so that a long `maillage serve` session does not grow.
final class Memo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var values: [Key: Value] = [:]
        var used = Set<Key>()
    }
    private let state = Locked(State())

    func value(_ key: Key) -> Value? {
        state.withLock { state in
            state.used.insert(key)
            return state.values[key]
        }
    }

    func store(_ value: Value, _ key: Key) {
        state.withLock { state in
            state.values[key] = value
            state.used.insert(key)
        }
    }

    func sweep() {
        state.withLock { state in
            state.values = state.values.filter { state.used.contains($0.key) }
            state.used.removeAll(keepingCapacity: true)
        }
    }

    func removeAll() {
        state.withLock { $0 = State() }
    }
}

/// Rendered Markdown by text, with the link decisions it was rendered with.
///
/// A render is reused only after asking again, for every link and image it holds, where that
/// link leads now (in the order a render asks, so the link checks and attachments it records
/// are the same); when one decision differs, the text is rendered again with the new
/// decisions (`Markdown.render(_:memo:resolve:)`).
typealias MarkdownMemo = Memo<MarkdownText.Key, MarkdownText.Rendering>

extension MarkdownText {
    struct Key: Hashable {
        var file: String
        var firstLine: Int
        var text: String
        /// The text's bytes hashed once (a `String`'s own hash normalises it, every time).
        var digest: Int

        init(file: String, firstLine: Int, text: String) {
            self.file = file
            self.firstLine = firstLine
            self.text = text
            var hasher = Hasher()
            hasher.combineBytes(of: text)
            digest = hasher.finalize()
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(digest)
            hasher.combine(firstLine)
        }

        static func == (a: Key, b: Key) -> Bool {
            a.digest == b.digest && a.firstLine == b.firstLine && a.file == b.file && a.text == b.text
        }
    }

    /// A text's rendering and the decisions its links got.
    struct Rendering {
        var rendered: RenderedMarkdown
        var links: [(url: String, location: SourceLocation, decision: LinkDecision)]
    }

    var key: Key { Key(file: file, firstLine: firstLine, text: text) }
}

/// Pages rendered by earlier builds, by template and a fingerprint of their whole model: a
/// page whose model has not changed is not put through the templates again. The theme's
/// files are part of the key (all pages are forgotten when `layouts/` changes).
final class RenderMemo: Sendable {
    struct Key: Hashable, Sendable {
        var template: String
        var model: Fingerprint
    }

    private let pages = Memo<Key, Data>()
    /// The hash of the theme's files the memo's pages were rendered with.
    private let theme = Locked<Int?>(nil)

    /// Starts a build with these theme files.
    func begin(theme layouts: [String: Data]) {
        var hasher = Hasher()
        for name in layouts.keys.sorted() {
            hasher.combine(name)
            layouts[name]!.withUnsafeBytes { hasher.combine(bytes: $0) }  // every byte, not Data's hash
        }
        let key = hasher.finalize()
        let changed = theme.withLock { known in
            defer { known = key }
            return known != key
        }
        if changed { pages.removeAll() }
    }

    /// The page, rendered now or before (`model` is the fingerprint of its model, `ModelWalk`).
    func page(_ template: String, _ model: Fingerprint, render: () -> Data) -> Data {
        let key = Key(template: template, model: model)
        if let known = pages.value(key) { return known }
        let data = render()
        pages.store(data, key)
        return data
    }

    /// Drops what the last build did not use.
    func sweep() { pages.sweep() }
}

/// What `maillage serve` last wrote in its output folder, file by file: a rebuild writes only
/// the files that changed and removes those that are gone, in place (the preview's folder is
/// its own; `maillage build` always writes a new folder and swaps it in).
final class OutputManifest: Sendable {
    /// A written file: its bytes' size and hash, or the source it was linked or copied from.
    enum Entry: Hashable {
        case data(Int, Int)
        case copy(String, InputSnapshot.Stamp)
    }

    struct State {
        /// The output folder it describes, and that folder's inode (a removed and re-created
        /// folder is written whole again).
        var folder: (path: String, inode: UInt)?
        var entries: [String: Entry] = [:]
    }
    let state = Locked(State())
}
