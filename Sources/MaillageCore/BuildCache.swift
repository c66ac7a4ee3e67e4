import Foundation

/// What a build keeps for the next build of the same site in the same process (`maillage serve`
/// rebuilds at every save): each step's result is reused only when that step's inputs are the
/// same, so an incremental build gives the output of a clean one, byte for byte (the
/// random-edit test checks it).
///
/// - The parse of each source file, reused when the file's text is the same.
/// - The Markdown of each text, reused when its text is the same and every link it holds
///   still leads where it led (links are decided again at each build, see `MarkdownMemo`).
/// - The whole build, when no input file changed since the last successful build (same
///   paths, sizes, modification dates and inodes) and the output is still there.
public final class BuildCache: @unchecked Sendable {
    private let lock = NSLock()
    private var parsed: [String: (text: String, result: (ContentParser.Parsed, [Diagnostic]))] = [:]
    let markdown = MarkdownMemo()
    private var last: (inputs: InputSnapshot, options: String, report: BuildReport)?

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
        guard let last, !last.inputs.racy, last.inputs == inputs, last.options == options,
              FileManager.default.fileExists(atPath: output.appendingPathComponent("index.html").path) else { return nil }
        return last.report
    }

    func remember(_ inputs: InputSnapshot, options: String, report: BuildReport) {
        lock.lock()
        last = report.succeeded && report.wrote ? (inputs, options, report) : nil
        lock.unlock()
    }
}

/// Every input file of a site (`maillage.yaml`, `content/`, `layouts/`) with its size,
/// modification time and inode: two equal snapshots mean nothing was edited, added or removed.
struct InputSnapshot: Equatable {
    var entries: [String: [Int]] = [:]
    /// A file was modified less than a tenth of a second before the snapshot: a second edit
    /// within the same clock tick could keep its size and date, so this snapshot proves nothing
    /// (the "racy git" problem).
    var racy = false

    static func == (a: InputSnapshot, b: InputSnapshot) -> Bool { a.entries == b.entries }

    init(root: URL) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let recent = (Int(now.tv_sec) * 1_000_000_000 + Int(now.tv_nsec)) - 100_000_000
        let root = root.standardizedFileURL.resolvingSymlinksInPath()
        var paths = ["maillage.yaml"]
        paths += SiteLoader.walk(root.appendingPathComponent("content"), prefix: "content")
        paths += SiteLoader.walk(root.appendingPathComponent("layouts"), prefix: "layouts")
        for path in paths {
            var info = stat()
            guard stat(root.path + "/" + path, &info) == 0 else { continue }
            entries[path] = [Int(info.st_size), Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec), Int(info.st_ino)]
            if Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec) > recent { racy = true }
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
