import Foundation
import MaillageCore

/// The site's working copy, through the `git` program: commits authored by the signed-in
/// person, history, old versions, and the remote (fetch, merge, push).
struct Git: Sendable {
    let site: URL
    let tool = ExternalTool(executable: "git", timeout: 120)
    /// The committer of every commit; the author is the signed-in person.
    static let committer = ["-c", "user.name=Maillage atelier", "-c", "user.email=atelier@maillage.invalid",
                            "-c", "commit.gpgsign=false", "-c", "core.quotepath=false"]

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let run = try tool.run(Self.committer + arguments, in: site, environment: ["GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"])
        guard run.status == 0, !run.timedOut else {
            throw Failure(description: "git \(arguments.first ?? "") : \(run.errors.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return run.output
    }

    /// The branch checked out, from `.git/HEAD` (read at each save: no process for it).
    var branch: String? {
        guard let head = try? String(contentsOf: site.appendingPathComponent(".git/HEAD"), encoding: .utf8),
              head.hasPrefix("ref: refs/heads/") else { return nil }
        return String(head.dropFirst("ref: refs/heads/".count)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether the working copy has a remote named `origin`, the one pushes go to.
    var hasRemote: Bool {
        ((try? String(contentsOf: site.appendingPathComponent(".git/config"), encoding: .utf8)) ?? "").contains("[remote \"origin\"]")
    }

    /// The commit checked out, nil before the first.
    var head: String? {
        (try? run(["rev-parse", "--verify", "-q", "HEAD"]))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Commits each change in turn on the current branch, exactly its paths as they are in the
    /// working copy (a missing file is removed), authored by its author: one `git fast-import`
    /// for all, then one `git add` so that the index matches. Returns the commits, in order.
    func commitEach(_ changes: [(paths: [String], author: String, message: String)]) throws -> [String] {
        guard !changes.isEmpty else { return [] }
        guard let branch else { throw Failure(description: "la copie de travail n’est sur aucune branche (git switch main)") }
        // The branch's tip as fast-import finds it; none before the first commit.
        let parent = FileManager.default.fileExists(atPath: site.appendingPathComponent(".git/refs/heads/\(branch)").path)
            || ((try? String(contentsOf: site.appendingPathComponent(".git/packed-refs"), encoding: .utf8)) ?? "").contains(" refs/heads/\(branch)\n")
            ? "refs/heads/\(branch)^0" : nil
        let marks = site.appendingPathComponent(".git/maillage-atelier-marks")
        defer { try? FileManager.default.removeItem(at: marks) }
        var stream = Data()
        func data(_ bytes: Data) {
            stream.append(Data("data \(bytes.count)\n".utf8))
            stream.append(bytes)
            stream.append(Data("\n".utf8))
        }
        let now = Int(Date().timeIntervalSince1970)
        for (n, change) in changes.enumerated() {
            stream.append(Data("commit refs/heads/\(branch)\nmark :\(n + 1)\n".utf8))
            stream.append(Data("author \(change.author) <\(change.author)@atelier.invalid> \(now) +0000\n".utf8))
            stream.append(Data("committer Maillage atelier <atelier@maillage.invalid> \(now) +0000\n".utf8))
            data(Data(change.message.utf8))
            if n == 0, let parent { stream.append(Data("from \(parent)\n".utf8)) }
            for path in change.paths {
                let quoted = "\"" + path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
                if let bytes = FileManager.default.contents(atPath: site.appendingPathComponent(path).path) {
                    stream.append(Data("M 100644 inline \(quoted)\n".utf8))
                    data(bytes)
                } else {
                    stream.append(Data("D \(quoted)\n".utf8))
                }
            }
            stream.append(Data("\n".utf8))
        }
        let run = try tool.run(Self.committer + ["fast-import", "--quiet", "--export-marks=\(marks.path)"], in: site,
                               environment: ["GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"], input: stream)
        guard run.status == 0, !run.timedOut else {
            throw Failure(description: "git fast-import : \(run.errors.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        // The index as the new commits have it (the files are those just committed).
        try self.run(["add", "--all", "--"] + Array(Set(changes.flatMap(\.paths))).sorted())
        let known = ((try? String(contentsOf: marks, encoding: .utf8)) ?? "").split(separator: "\n").reduce(into: [String: String]()) { marks, line in
            let parts = line.split(separator: " ")
            if parts.count == 2 { marks[String(parts[0])] = String(parts[1]) }
        }
        return (1...changes.count).map { known[":\($0)"] ?? "" }
    }

    struct Version: Sendable {
        var commit: String
        var author: String
        var date: Date
        var message: String
    }

    /// The commits that changed `path`, newest first.
    func history(_ path: String, limit: Int = 50) -> [Version] {
        guard let text = try? run(["log", "-n", String(limit), "--format=%H%x1f%an%x1f%at%x1f%s", "--", path]) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 4, let seconds = Double(parts[2]) else { return nil }
            return Version(commit: parts[0], author: parts[1], date: Date(timeIntervalSince1970: seconds), message: parts[3])
        }
    }

    /// The file's text at a commit.
    func show(_ path: String, at commit: String) -> String? {
        guard commit.count == 40, commit.allSatisfy(\.isHexDigit) else { return nil }
        return try? run(["show", "\(commit):\(path)"])
    }

    /// Sends the commits to the remote; false when the remote moved on (nothing sent).
    func pushFastForward() throws -> Bool {
        guard hasRemote, let branch else { return true }
        do {
            try run(["push", "-q", "origin", "HEAD:refs/heads/\(branch)"])
            return true
        } catch {
            try run(["fetch", "-q", "origin", branch])
            return false
        }
    }

    /// `git gc --auto`: the packs the saves' commits make are gathered once they are many.
    func tidy() {
        _ = try? run(["gc", "--auto", "--quiet"])
    }

    /// Merges what `pushFastForward` fetched. A merge that conflicts is undone and reported,
    /// and nothing is lost locally.
    func mergeFetched() throws {
        do {
            try run(["merge", "-q", "--no-edit", "-m", "Atelier : intégration des modifications du dépôt distant", "FETCH_HEAD"])
        } catch {
            _ = try? run(["merge", "--abort"])
            throw Failure(description: "les modifications du dépôt distant touchent les mêmes lignes que celles de l’atelier : intégrez-les à la main (git pull), rien n’est perdu")
        }
    }
}
