import Foundation
internal import CMaillageSystem

public struct WriteError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Write stage: writes every output file into a fresh folder beside the output, then swaps
/// it in at once. A build that fails, or is killed, leaves the previous output untouched.
enum SiteWriter {
    static func write(_ files: [OutputFile], to output: URL) throws {
        let fm = FileManager.default
        let parent = output.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        removeLeftovers(of: output)
        let staging = parent.appendingPathComponent(".\(output.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try? fm.removeItem(at: staging)
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            // Folders first, in order; then the files, on every core.
            var made = Set<String>()
            for file in files {
                let folder = staging.appendingPathComponent(file.path).deletingLastPathComponent().path
                if made.insert(folder).inserted {
                    try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
                }
            }
            let failures = concurrentMap(files.count) { index -> String? in
                let file = files[index]
                let target = staging.appendingPathComponent(file.path)
                do {
                    switch file.contents {
                    case .data(let data):
                        try data.write(to: target)
                    case .copy(let source):
                        try FileManager.default.copyItem(at: source.resolvingSymlinksInPath(), to: target)
                    }
                    return nil
                } catch {
                    return "\(file.path) : \(error.localizedDescription)"
                }
            }
            if let failure = failures.compactMap({ $0 }).first {
                throw WriteError(description: failure)
            }
            try swapIn(staging, at: output)
        } catch {
            try? fm.removeItem(at: staging)
            throw WriteError(description: "écriture de \(output.path) impossible : \(error.localizedDescription)")
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
