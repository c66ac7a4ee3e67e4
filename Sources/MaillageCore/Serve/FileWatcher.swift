import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Watches a site's sources (`maillage.yaml`, `content/`, `layouts/`) with Linux inotify and
/// counts changes; `maillage serve` rebuilds when the count moves and the edits have settled.
public final class FileWatcher: Sendable {
    private let root: URL
    /// What the events said, shared by the thread that reads them and the server.
    private struct Seen {
        var changes = 0
        var lastChange = Date.distantPast
        /// Whether the last event closed a file written, or moved one in place: an editor's save
        /// is then complete, where a modification may be followed by more.
        var lastClosed = false
        /// The files (site-relative) that events named since the last `take()`, and whether that
        /// list is whole: not after the kernel's queue overflowed or a folder came, went or moved.
        var touched = Set<String>()
        var complete = true
    }
    private let seen = Locked(Seen())
    #if os(Linux)
    private let descriptor: Int32
    /// The folder each watch descriptor watches.
    private let folders = Locked<[Int32: String]>([:])
    private static let mask = UInt32(IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF)
    #endif

    public init?(root: URL) {
        self.root = root.standardizedFileURL
        #if os(Linux)
        descriptor = inotify_init1(Int32(IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        addWatch(self.root.path)
        for name in ["content", "layouts"] { addTree(self.root.appendingPathComponent(name).path) }
        #else
        return nil
        #endif
    }

    /// The number of changes seen so far, and when the last one happened.
    public var state: (changes: Int, last: Date) {
        seen.withLock { ($0.changes, $0.lastChange) }
    }

    /// The files events named since the last call, or nil when they are not all known; the
    /// list starts again empty. (A build that asks for the status of just these files, after
    /// this call, sees every change made before it: later events are in the next list.)
    public func take() -> Set<String>? {
        seen.withLock { seen in
            defer { seen.touched = []; seen.complete = true }
            return seen.complete ? seen.touched : nil
        }
    }

    /// How long to wait after the last event for the edits to have settled: 10 ms after a file
    /// closed or moved in place (a save is complete), 50 ms after any other event.
    public var settling: TimeInterval {
        seen.withLock { $0.lastClosed ? 0.01 : 0.05 }
    }

    /// Starts reading events on a thread of its own.
    public func start() {
        let thread = Thread { [self] in self.readLoop() }
        thread.name = "maillage-watch"
        thread.start()
    }

    #if os(Linux)
    private func addWatch(_ path: String) {
        let wd = inotify_add_watch(descriptor, path, Self.mask)
        if wd >= 0 { folders.withLock { $0[wd] = path } }
    }

    private func addTree(_ path: String) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return }
        addWatch(path)
        let enumerator = FileManager.default.enumerator(atPath: path)
        while let relative = enumerator?.nextObject() as? String {
            let full = path + "/" + relative
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), isDirectory.boolValue { addWatch(full) }
        }
    }

    private func readLoop() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { if errno == EINTR { continue } else { return } }
            var offset = 0
            var relevant = false
            var closed = false
            var named: [String] = []
            var whole = true
            while offset + MemoryLayout<inotify_event>.size <= count {
                let (wd, mask, length, name) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int, String) in
                    let event = raw.load(fromByteOffset: offset, as: inotify_event.self)
                    let nameStart = offset + MemoryLayout<inotify_event>.size
                    let nameBytes = raw[nameStart..<min(count, nameStart + Int(event.len))].prefix { $0 != 0 }
                    return (event.wd, event.mask, Int(event.len), String(decoding: nameBytes, as: UTF8.self))
                }
                offset += MemoryLayout<inotify_event>.size + length
                if mask & UInt32(IN_Q_OVERFLOW) != 0 { whole = false; relevant = true; continue }
                guard let folder = folders.withLock({ $0[wd] }) else { continue }
                let isRoot = folder == root.path
                if isRoot && !["maillage.yaml", "content", "layouts"].contains(name) { continue }
                if name.hasPrefix(".") || folder.dropFirst(root.path.count).contains("/.") { continue }
                // A folder that came, went or moved: the files under it are not named one by one.
                if mask & UInt32(IN_ISDIR | IN_DELETE_SELF) != 0 { whole = false }
                if !name.isEmpty { named.append(String((folder + "/" + name).dropFirst(root.path.count + 1))) }
                if mask & UInt32(IN_ISDIR) != 0 && mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                    addTree(folder + "/" + name)
                }
                // An editor's backup and swap files are files of the site, but no reason to rebuild.
                if name.hasSuffix("~") || name.hasSuffix(".swp") { continue }
                relevant = true
                closed = mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE) != 0
            }
            seen.withLock { seen in
                seen.touched.formUnion(named)
                if !whole { seen.complete = false }
                if relevant {
                    seen.changes += 1
                    seen.lastChange = Date()
                    seen.lastClosed = closed
                }
            }
        }
    }
    #else
    private func readLoop() {}
    #endif
}
