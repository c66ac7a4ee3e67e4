import Foundation
import Glibc
internal import CMaillageSystem

public struct WriteError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Write stage: writes every output file into a fresh folder beside the output, then swaps
/// it in at once. A build that fails, or is killed, leaves the previous output untouched.
///
/// A file the previous output already holds with the same bytes is not written again: the new
/// folder gets a hard link to it (same inode, same modification date, so a deployment by
/// `rsync` or by date sends only what changed). Attachments and cached images are never linked
/// to where they come from: they are copied (reflinked where the file system can), keeping their
/// modification date, so that the published site and `content/` never share a file.
public enum SiteWriter {
    /// With a `manifest` (`maillage serve`), a folder written before by this process is
    /// updated in place: only the files that changed are written, those that are gone removed.
    static func write(_ files: [OutputFile], to output: URL, manifest: OutputManifest?) throws {
        guard let manifest else { return try write(files, to: output) }
        let entries = concurrentMap(files.count) { entry(files[$0]) }
        try manifest.state.withLock { (manifest: inout OutputManifest.State) throws in
            try forgettingOnFailure(&manifest) { manifest in
                if describes(manifest, output) {
                    let produced = Set(files.map(\.path))
                    try update(output.path, files: files, entries: entries, previous: manifest.entries,
                               gone: manifest.entries.keys.filter { !produced.contains($0) })
                } else {
                    try write(files, to: output)
                }
            }
            manifest.folder = inode(output.path).map { (output.path, $0) }
            manifest.entries = Dictionary(zip(files.map(\.path), entries)) { _, last in last }
        }
    }

    /// Updates a folder this process wrote with the manifest: writes `files` where they changed
    /// and removes `gone`, leaving every other file as it is. False when the folder is not the
    /// one the manifest describes (removed, or written by another build): nothing is done.
    static func patch(_ files: [OutputFile], removing gone: [String], in output: URL, manifest: OutputManifest) throws -> Bool {
        let entries = concurrentMap(files.count) { entry(files[$0]) }
        return try manifest.state.withLock { (manifest: inout OutputManifest.State) throws -> Bool in
            guard describes(manifest, output) else { return false }
            try forgettingOnFailure(&manifest) { manifest in
                try update(output.path, files: files, entries: entries, previous: manifest.entries, gone: gone)
            }
            for path in gone { manifest.entries[path] = nil }
            for (file, entry) in zip(files, entries) { manifest.entries[file.path] = entry }
            return true
        }
    }

    /// Whether `manifest` describes the folder now at `output` (same path, same inode: a folder
    /// removed and made again is not the one described).
    private static func describes(_ manifest: OutputManifest.State, _ output: URL) -> Bool {
        guard let folder = manifest.folder else { return false }
        return folder.path == output.path && folder.inode == inode(output.path)
    }

    /// Runs `body`; when it fails, the folder may be half updated: the manifest forgets it, and
    /// the next build writes it whole.
    private static func forgettingOnFailure(_ manifest: inout OutputManifest.State, _ body: (OutputManifest.State) throws -> Void) throws {
        do {
            try body(manifest)
        } catch {
            manifest.folder = nil
            manifest.entries = [:]
            throw error
        }
    }

    private static func inode(_ path: String) -> UInt? {
        var info = stat()
        return stat(path, &info) == 0 ? UInt(info.st_ino) : nil
    }

    private static func entry(_ file: OutputFile) -> OutputManifest.Entry {
        switch file.contents {
        case .data(let data):
            var hasher = Hasher()
            data.withUnsafeBytes { hasher.combine(bytes: $0) }  // (Data's own hash reads 80 bytes at most)
            return .data(data.count, hasher.finalize())
        case .copy(let source):
            let path = source.resolvingSymlinksInPath().path
            var info = stat()
            return stat(path, &info) == 0 ? .copy(path, InputSnapshot.Stamp(info)) : .data(-1, 0)
        }
    }

    /// Moves the files no longer produced whose bytes a new file has to its place (the search
    /// index's files of a folder renamed because one of them changed); removes the others, with
    /// the folders they leave empty (deepest first); then writes the files whose entry changed,
    /// each to a temporary name renamed over the old. (A file moved is not made again: making
    /// files is what costs most in an edit's writing, in the kernel.)
    private static func update(_ root: String, files: [OutputFile], entries: [OutputManifest.Entry],
                               previous: [String: OutputManifest.Entry], gone: [String]) throws {
        var changed = files.indices.filter { previous[files[$0].path] != entries[$0] }
        /// Files no longer produced, by their bytes (an entry of `.data`).
        var leaving: [OutputManifest.Entry: String] = [:]
        for path in gone {
            if let entry = previous[path], case .data(let size, _) = entry, size >= 0 { leaving[entry] = path }
        }
        if !leaving.isEmpty {
            changed.removeAll { k in
                guard let from = leaving[entries[k]] else { return false }
                let target = root + "/" + files[k].path
                guard (try? makeFolder(of: target)) != nil, rename(root + "/" + from, target) == 0 else { return false }
                leaving[entries[k]] = nil
                return true
            }
        }
        // Files no longer produced before the others are written (a page may become a folder, or the reverse).
        for path in gone { unlink(root + "/" + path) }
        for folder in folders(of: gone).sorted(by: { $0.count > $1.count }) { rmdir(root + "/" + folder) }
        let written = changed
        let failures = concurrentMap(written.count) { k -> String? in
            let file = files[written[k]]
            let target = root + "/" + file.path
            let temporary = target + ".maillage-tmp"
            do {
                try makeFolder(of: target)
                unlink(temporary)
                try put(file.contents, at: temporary)
                guard rename(temporary, target) == 0 else { throw WriteError(description: SystemError.describe(errno: errno)) }
                return nil
            } catch {
                unlink(temporary)
                return "\(file.path) : \(SystemError.describe(error))"
            }
        }
        if let failure = failures.compactMap({ $0 }).first { throw WriteError(description: failure) }
    }

    /// Makes the folder that holds the file at `path`, and those above it, where missing.
    private static func makeFolder(of path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    }

    static func write(_ files: [OutputFile], to output: URL) throws {
        let staging = try Staging(output: output)
        staging.send(files)
        try staging.finish()
    }

    /// A new output folder beside the output, written file by file as files are sent (while the
    /// site is still being rendered: the kernel's work of making files and folders, which a
    /// second thread does not speed up, overlaps the rendering), then swapped in at once, or
    /// discarded. One thread writes, in the order files are sent; folders are made as needed.
    final class Staging: Sendable {
        let output: URL
        let folder: URL
        private let writer = DispatchQueue(label: "maillage.staging")
        private let pending = DispatchGroup()
        /// The folders made so far and the first failure: changed by the writer thread only,
        /// the failure read at the end (a lock never contended).
        private let made = Locked((folders: Set<String>([""]), failure: String?.none))

        init(output: URL) throws {
            self.output = output
            let fm = FileManager.default
            let parent = output.deletingLastPathComponent()
            folder = parent.appendingPathComponent(".\(output.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
            do {
                try fm.createDirectory(at: parent, withIntermediateDirectories: true)
                removeLeftovers(of: output)
                try? fm.removeItem(at: folder)
                try fm.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw WriteError(description: "écriture de \(output.path) impossible : \(SystemError.describe(error))")
            }
        }

        /// Writes `files` into the folder, after those sent before (returns at once).
        func send(_ files: [OutputFile]) {
            guard !files.isEmpty else { return }
            writer.async(group: pending) { [self] in
                for file in files where made.value.failure == nil { put(file) }
            }
        }

        private func put(_ file: OutputFile) {
            let root = folder.path
            let target = root + "/" + file.path
            do {
                try make((file.path as NSString).deletingLastPathComponent)
                // The same bytes in the previous output: linked from there.
                let old = output.path + "/" + file.path
                switch file.contents {
                case .data(let data):
                    if holds(old, data), link(old, target) == 0 { return }
                    try writeFile(data, to: target)
                case .copy(let source):
                    // A copy the previous output made of the same source, unchanged since (same
                    // size and modification time, which a copy keeps): linked from there, not
                    // copied again. The link is between two outputs, never to `content/`.
                    let real = source.resolvingSymlinksInPath().path
                    if isCopy(old, of: real), link(old, target) == 0 { return }
                    try copy(real, to: target)
                }
            } catch {
                let failure = "\(file.path) : \(SystemError.describe(error))"
                made.withLock { $0.failure = failure }
            }
        }

        /// Makes a site-relative folder and those above it.
        private func make(_ path: String) throws {
            guard !made.withLock({ $0.folders.contains(path) }) else { return }
            try make((path as NSString).deletingLastPathComponent)
            if mkdir(folder.path + "/" + path, 0o755) != 0 && errno != EEXIST {
                throw WriteError(description: "\(path) : \(SystemError.describe(errno: errno))")
            }
            made.withLock { _ = $0.folders.insert(path) }
        }

        /// Waits for every file sent, then puts the folder in the output's place.
        func finish() throws {
            pending.wait()
            do {
                if let failure = made.value.failure { throw WriteError(description: failure) }
                try swapIn(folder, at: output)
            } catch {
                try? FileManager.default.removeItem(at: folder)
                let reason = (error as? WriteError)?.description ?? SystemError.describe(error)
                throw WriteError(description: "écriture de \(output.path) impossible : \(reason)")
            }
        }

        /// Waits for every file sent, then removes the folder: the output stays as it was.
        func discard() {
            pending.wait()
            try? FileManager.default.removeItem(at: folder)
        }
    }

    /// Removes the staging folders of builds that were killed (`.site.tmp-PID-…` whose process
    /// is gone): they are never part of the output, only wasted space.
    static func removeLeftovers(of output: URL) {
        let fm = FileManager.default
        let parent = output.deletingLastPathComponent()
        let prefix = ".\(output.lastPathComponent).tmp-"
        guard let names = try? fm.contentsOfDirectory(atPath: parent.path) else { return }
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }) else { continue }
            if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                try? fm.removeItem(at: parent.appendingPathComponent(name))
            }
        }
    }

    /// Every folder that holds one of `paths` (site-relative), up to the top.
    static func folders(of paths: some Sequence<String>) -> Set<String> {
        var folders = Set<String>()
        for path in paths {
            var folder = (path as NSString).deletingLastPathComponent
            while !folder.isEmpty, folders.insert(folder).inserted { folder = (folder as NSString).deletingLastPathComponent }
        }
        return folders
    }

    /// Writes a new file at `path`: the bytes, or a copy of the source file (never a link to it:
    /// an edit of the source must not change the published site without a build, nor the reverse).
    static func put(_ contents: OutputFile.Contents, at path: String) throws {
        switch contents {
        case .data(let data):
            try writeFile(data, to: path)
        case .copy(let source):
            try copy(source.resolvingSymlinksInPath().path, to: path)
        }
    }

    /// A new file at `path` with the bytes and modification time of the regular file `source`.
    static func copy(_ source: String, to path: String) throws {
        let result = maillage_clone_file(source, path)
        if result != 0 { throw WriteError(description: SystemError.describe(errno: -result)) }
    }

    /// Whether the regular file at `copy` is a copy of the regular file at `source` made by `put`
    /// and left as it was: another file, of the same size and modification time.
    static func isCopy(_ copy: String, of source: String) -> Bool {
        var a = stat(), b = stat()
        guard lstat(copy, &a) == 0, stat(source, &b) == 0, (a.st_mode & S_IFMT) == S_IFREG, (b.st_mode & S_IFMT) == S_IFREG else { return false }
        return a.st_ino != b.st_ino && a.st_size == b.st_size
            && a.st_mtim.tv_sec == b.st_mtim.tv_sec && a.st_mtim.tv_nsec == b.st_mtim.tv_nsec
    }

    /// Whether the regular file at `path` holds exactly `data`.
    static func holds(_ path: String, _ data: Data) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) == data.count else { return false }
        if data.isEmpty { return true }
        var existing = [UInt8](repeating: 0, count: data.count)
        var offset = 0
        while offset < existing.count {
            let n = existing.withUnsafeMutableBytes { read(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return data.withUnsafeBytes { memcmp($0.baseAddress!, existing, existing.count) == 0 }
    }

    /// Writes `data` to a new file with plain system calls (Foundation's writer is several
    /// times slower on many small files).
    /// A file already at `path` is unlinked first, never written through: it may be a hard link
    /// into the previous output.
    /// Replaces the file at `path` with `data` in one step: written beside it, then renamed over
    /// it. (Foundation's atomic writing makes a temporary folder for each file, which costs as
    /// much again in the kernel.)
    public static func replace(_ data: Data, at path: String) throws {
        let temporary = path + ".maillage-tmp"
        do {
            try writeFile(data, to: temporary)
            guard rename(temporary, path) == 0 else { throw WriteError(description: SystemError.describe(errno: errno)) }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    static func writeFile(_ data: Data, to path: String) throws {
        unlink(path)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError(description: SystemError.describe(errno: errno)) }
        defer { close(fd) }
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw WriteError(description: SystemError.describe(errno: errno))
                }
                offset += n
            }
        }
    }

    /// Exchanges the two folders in one step where the system allows it (Linux `renameat2`).
    private static func swapIn(_ staging: URL, at output: URL) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: output.path, isDirectory: &isDirectory) else {
            try fm.moveItem(at: staging, to: output)
            return
        }
        guard isDirectory.boolValue else {
            throw WriteError(description: "\(output.path) existe et n’est pas un dossier")
        }
        if maillage_exchange_paths(staging.path, output.path) == 0 {
            try? fm.removeItem(at: staging)
            return
        }
        let old = staging.deletingLastPathComponent().appendingPathComponent(staging.lastPathComponent + "-old")
        try fm.moveItem(at: output, to: old)
        try fm.moveItem(at: staging, to: output)
        try? fm.removeItem(at: old)
    }
}
