import Foundation

/// What a build keeps for the next build of the same site in the same process (`maillage serve`
/// rebuilds at every save): each step's result is reused only when that step's inputs are the
/// same, so an incremental build gives the output of a clean one, byte for byte (the
/// random-edit test checks it).
///
/// - The parse of each source file, reused when the file's text is the same.
/// - The Markdown of each text, reused when its text is the same and every link it holds
///   still leads where it led (links are decided again at each build, see `MarkdownMemo`).
/// - The whole build, when no input file changed since the last successful build and the
///   output is still there: same paths, and for each file the same size, modification date
///   and inode, or else the same content (a file saved without a change, `touch`).
public final class BuildCache: @unchecked Sendable {
    private let lock = NSLock()
    private var parsed: [String: (text: String, result: (ContentParser.Parsed, [Diagnostic]))] = [:]
    let markdown = MarkdownMemo()
    private var last: (inputs: InputSnapshot, hashes: [String: String], options: String, report: BuildReport)?

    public init() {}

    // MARK: Parse

    func parse(_ file: SourceFile) -> (ContentParser.Parsed, [Diagnostic]) {
        lock.lock()
        let known = parsed[file.path]
        lock.unlock()
        if let known, known.text == file.text { return known.result }
        let result = ContentParser.parse(file)
        lock.lock()
        parsed[file.path] = (file.text, result)
        lock.unlock()
        return result
    }

    /// Forgets the files that are no longer part of the site.
    func keepParses(of sources: [SourceFile]) {
        let paths = Set(sources.map(\.path))
        lock.lock()
        parsed = parsed.filter { paths.contains($0.key) }
        lock.unlock()
    }

    // MARK: Whole build

    /// The last report, when nothing it was built from has changed.
    func unchangedReport(_ inputs: InputSnapshot, options: String, output: URL) -> BuildReport? {
        lock.lock()
        defer { lock.unlock() }
        guard var last, last.options == options, Set(last.inputs.entries.keys) == Set(inputs.entries.keys),
              FileManager.default.fileExists(atPath: output.appendingPathComponent("index.html").path) else { return nil }
        // Files whose size, date or inode moved, or that were written too recently to trust
        // them: compared by content.
        for (path, entry) in inputs.entries where inputs.isRecent(path) || last.inputs.isRecent(path) || last.inputs.entries[path] != entry {
            guard let hash = ContentHash.ofFile(inputs.root.appendingPathComponent(path), fresh: true), hash == last.hashes[path] else { return nil }
        }
        last.inputs = inputs
        self.last = last
        return last.report
    }

    /// Keeps the build's inputs, unless a file was written just before the build or while it ran
    /// (its content may not be the one the build read).
    func remember(_ inputs: InputSnapshot, options: String, report: BuildReport) {
        guard report.succeeded && report.wrote && inputs.recent.isEmpty else {
            lock.lock()
            last = nil
            lock.unlock()
            return
        }
        let paths = inputs.entries.keys.sorted()
        let hashes = concurrentMap(paths.count) { ContentHash.ofFile(inputs.root.appendingPathComponent(paths[$0])) }
        let after = InputSnapshot(root: inputs.root)
        lock.lock()
        defer { lock.unlock() }
        guard after.entries == inputs.entries else {
            last = nil
            return
        }
        last = (inputs, Dictionary(uniqueKeysWithValues: zip(paths, hashes).compactMap { path, hash in hash.map { (path, $0) } }), options, report)
    }
}

/// Every input file of a site (`maillage.yaml`, `content/`, `layouts/`) with its size,
/// modification time and inode: two equal snapshots mean nothing was edited, added or removed.
struct InputSnapshot {
    let root: URL
    /// Size, modification time (seconds, nanoseconds) and inode, by site-relative path.
    var entries: [String: [Int]] = [:]
    /// Files modified less than a tenth of a second before the snapshot: a second edit within
    /// the same clock tick could keep their size and date (the "racy git" problem).
    var recent = Set<String>()

    func isRecent(_ path: String) -> Bool { recent.contains(path) }

    init(root: URL) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let threshold = (Int(now.tv_sec) * 1_000_000_000 + Int(now.tv_nsec)) - 100_000_000
        let root = root.standardizedFileURL.resolvingSymlinksInPath()
        self.root = root
        var paths = ["maillage.yaml"]
        paths += SiteLoader.walk(root.appendingPathComponent("content"), prefix: "content")
        paths += SiteLoader.walk(root.appendingPathComponent("layouts"), prefix: "layouts")
        for path in paths {
            var info = stat()
            guard stat(root.path + "/" + path, &info) == 0 else { continue }
            entries[path] = [Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec), Int(info.st_ino)]
            if Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec) > threshold { recent.insert(path) }
        }
    }
}

/// Rendered Markdown by text, with the link decisions it was rendered with.
///
/// A render is reused only after asking again, for every link and image it holds, where that
/// link leads now (in the order a render asks, so the link checks and attachments it records
/// are the same); when one decision differs, the text is rendered again with the new
/// decisions. Texts not used by a build are forgotten at its end.
final class MarkdownMemo: @unchecked Sendable {
    struct Key: Hashable {
        var file: String
        var firstLine: Int
        var text: String
    }

    struct Entry {
        var rendered: RenderedMarkdown
        var links: [(url: String, location: SourceLocation, decision: LinkDecision)]
    }

    private let lock = NSLock()
    private var entries: [Key: Entry] = [:]
    private var used = Set<Key>()

    func entry(_ key: Key) -> Entry? {
        lock.lock()
        defer { lock.unlock() }
        used.insert(key)
        return entries[key]
    }

    func store(_ entry: Entry, _ key: Key) {
        lock.lock()
        entries[key] = entry
        used.insert(key)
        lock.unlock()
    }

    /// Drops what the last build did not use.
    func sweep() {
        lock.lock()
        entries = entries.filter { used.contains($0.key) }
        used.removeAll(keepingCapacity: true)
        lock.unlock()
    }
}
