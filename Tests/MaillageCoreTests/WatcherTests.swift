import Foundation
import Testing
@testable import MaillageCore

/// `maillage serve` asks for the status of only the files its watcher saw change: the watcher
/// must name every one of them, or say it does not know them all, and the snapshot brought up
/// to date from them must be the one a full look at the folders gives.
@Suite struct WatcherTests {
    /// Waits until the watcher has counted more than `count` changes, then until no event came
    /// for 200 ms (events come on a thread of their own, in several reads).
    static func settle(_ watcher: FileWatcher, beyond count: Int) async throws {
        for _ in 0..<500 where watcher.state.changes <= count {
            try await Task.sleep(for: .milliseconds(10))
        }
        while Date().timeIntervalSince(watcher.state.last) < 0.2 {
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test func theWatcherNamesEveryFileWrittenMovedOrRemoved() async throws {
        let site = try TestSite(Sample.files)
        defer { site.remove() }
        let watcher = try #require(FileWatcher(root: site.root))
        watcher.start()
        #expect(watcher.take() == [])

        var seen = watcher.state.changes
        try site.write("content/actualites/lancement.md", "---\ntitle: Lancement\ndate: 2026-10-01\n---\nTexte changé.\n")
        try site.write("content/actualites/nouvelle.md", "---\ntitle: Nouvelle\ndate: 2026-10-02\n---\nTexte.\n")
        try FileManager.default.moveItem(at: site.root.appendingPathComponent("content/pages/a-propos.md"),
                                         to: site.root.appendingPathComponent("content/pages/qui-sommes-nous.md"))
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/retex/teleconsultation.md"))
        try site.write("maillage.yaml", TestSite.config + "\n")
        try site.write("content/.brouillon.md", "caché")
        try site.write("notes.txt", "hors du site")
        try await Self.settle(watcher, beyond: seen)
        #expect(watcher.take() == ["content/actualites/lancement.md", "content/actualites/nouvelle.md", "content/pages/a-propos.md",
                                   "content/pages/qui-sommes-nous.md", "content/retex/teleconsultation.md", "maillage.yaml"])
        #expect(watcher.take() == [], "a list starts again empty")

        // A folder moved in: its files come without an event each.
        seen = watcher.state.changes
        let outside = site.root.appendingPathComponent("dehors")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("---\ntitle: Hors\n---\nTexte.\n".utf8).write(to: outside.appendingPathComponent("hors.md"))
        try FileManager.default.moveItem(at: outside, to: site.root.appendingPathComponent("content/pages/dossier"))
        try await Self.settle(watcher, beyond: seen)
        #expect(watcher.take() == nil, "a folder moved in: not every file is named")
        #expect(watcher.take() == [])
    }

    @Test func aSnapshotBroughtUpToDateIsTheFullOne() throws {
        let site = try TestSite(Sample.files)
        defer { site.remove() }
        let before = InputSnapshot(root: site.root)
        try site.write("content/actualites/lancement.md", "---\ntitle: Lancement\ndate: 2026-10-01\n---\nTexte changé, plus long.\n")
        try site.write("content/actualites/nouvelle.md", "---\ntitle: Nouvelle\ndate: 2026-10-02\n---\nTexte.\n")
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("content/retex/teleconsultation.md"))
        let touched: Set = ["content/actualites/lancement.md", "content/actualites/nouvelle.md", "content/retex/teleconsultation.md"]
        let updated = try #require(before.updated(touched))
        let full = InputSnapshot(root: site.root)
        #expect(updated.entries == full.entries)
        #expect(touched.subtracting(["content/retex/teleconsultation.md"]).isSubset(of: updated.recent), "written just now: compared by content")
        #expect(updated.entries != before.entries)
        // A path that is now a folder: its files are unknown.
        try site.write("content/pages/dossier/page.md", "---\ntitle: Page\n---\nTexte.\n")
        #expect(updated.updated(["content/pages/dossier"]) == nil)
    }
}
