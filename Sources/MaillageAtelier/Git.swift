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

    var branch: String? {
        (try? run(["symbolic-ref", "--short", "HEAD"]))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var hasRemote: Bool { !((try? run(["remote"])) ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }

    /// Commits exactly `paths` (added, changed or removed), authored by `author`.
    func commit(_ paths: [String], author: String, message: String) throws -> String {
        try run(["add", "--all", "--"] + paths)
        try run(["commit", "-q", "--no-verify", "--author", "\(author) <\(author)@atelier.invalid>", "-m", message, "--"] + paths)
        return try run(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
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

    /// Sends the commits to the remote. When the remote moved on, its commits are merged
    /// first; a merge that conflicts is undone and reported, and nothing is lost locally.
    func push() throws {
        guard hasRemote, let branch else { return }
        if (try? run(["push", "-q", "origin", "HEAD:refs/heads/\(branch)"])) != nil { return }
        try run(["fetch", "-q", "origin", branch])
        do {
            try run(["merge", "-q", "--no-edit", "-m", "Atelier : intégration des modifications du dépôt distant", "FETCH_HEAD"])
        } catch {
            _ = try? run(["merge", "--abort"])
            throw Failure(description: "les modifications du dépôt distant touchent les mêmes lignes que celles de l’atelier : intégrez-les à la main (git pull), rien n’est perdu")
        }
        try run(["push", "-q", "origin", "HEAD:refs/heads/\(branch)"])
    }
}
