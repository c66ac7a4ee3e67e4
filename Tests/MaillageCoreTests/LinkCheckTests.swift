import Foundation
import Testing
@testable import MaillageCore

/// Internal links are checked at build time: a link to a missing page of the site or to an
/// anchor no element carries is an error at the link's line.
@Suite("Links and anchors checked at build time")
struct LinkCheckTests {
    static func site(body: String) throws -> TestSite {
        var files = Sample.files
        files["content/actualites/liens.md"] = "---\ntitle: Liens\ndate: 2026-01-01\n---\n## Informations pratiques\n\n\(body)\n"
        return try TestSite(files)
    }

    @Test(arguments: [
        "[ici](#informations-pratiques)",
        "[le programme](../evenements/campus.md#seances)",
        "[le contenu](../evenements/campus.md#contenu)",
        "[l’annuaire](/annuaire/)",
        "[une fiche](/annuaire/dac-80/#contenu)",
        "[le flux](/atom.xml)",
        "[haut](#top) [vide](#)",
        "[accueil](../index.md#contenu)",
        "[la déclaration](/accessibilite/#voies-de-recours)",
    ])
    func goodLinksBuild(link: String) throws {
        let site = try Self.site(body: "Voir \(link).")
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors.isEmpty, "\(DiagnosticPrinter(sources: report.sources).format(report.errors))")
    }

    @Test(arguments: [
        ("[ici](#informations-pratique)", "broken-anchor", "informations-pratiques"),
        ("[le programme](../evenements/campus.md#programme)", "broken-anchor", nil),
        ("[nulle part](/nulle-part/)", "broken-link", nil),
        ("[l’annuair](/annuair/)", "broken-link", "/annuaire/"),
    ])
    func brokenLinksAreLocatedErrors(link: String, code: String, suggestion: String?) throws {
        let site = try Self.site(body: "Première ligne.\n\nVoir \(link).")
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors.map(\.code) == [code])
        #expect(report.errors.first?.location.file == "content/actualites/liens.md")
        #expect(report.errors.first?.location.line == 9)
        if let suggestion { #expect(report.errors.first?.help?.contains(suggestion) == true, "\(report.errors)") }
        #expect(!site.exists("index.html"), "nothing is written")
    }

    @Test func anchorsInYAMLTextsAreCheckedToo() throws {
        var files = Sample.files
        files["content/annuaire/dac-80.yaml"] = "name: Appui Santé Somme\ndescription: |\n  Voir [le programme](../evenements/campus.md#seance)\n"
        let site = try TestSite(files)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors.map(\.code) == ["broken-anchor"])
        #expect(report.errors.first?.location.line == 3)
        #expect(report.errors.first?.help?.contains("seances") == true)
    }
}

extension LinkCheckTests {
    /// Pages are written into a new folder while they are rendered: a broken anchor, found once
    /// every page is made, must leave the previous output as it was, and no folder behind.
    @Test func aBrokenAnchorFoundAfterRenderingLeavesThePreviousOutput() throws {
        let site = try Self.site(body: "Voir [ici](#informations-pratiques).")
        defer { site.remove() }
        #expect(site.build().errors.isEmpty)
        let before = try site.outputFiles()
        try site.write("content/actualites/liens.md", "---\ntitle: Liens\ndate: 2026-01-01\n---\n## Autre titre\n\nVoir [ici](#informations-pratiques).\n")
        let report = site.build()
        #expect(report.errors.map(\.code) == ["broken-anchor"])
        #expect(!report.wrote)
        #expect(try site.outputFiles() == before, "site/ byte for byte")
        let left = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.hasPrefix(".site.tmp-") }
        #expect(left.isEmpty, "no staging folder left: \(left)")
    }
}

@Suite("Build lock")
struct BuildLockTests {
    @Test func aSecondBuildOfTheSameSiteWaitsForTheFirst() throws {
        let site = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-lock-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: site) }
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        var first: BuildLock? = BuildLock.acquire(site: site) { _ in Issue.record("the first build must not wait") }
        #expect(first != nil)
        let waited = Flag(), acquired = Flag()
        let thread = Thread {
            let second = BuildLock.acquire(site: site) { pid in waited.set(pid == getpid()) }
            acquired.set(second != nil)
        }
        thread.start()
        Thread.sleep(forTimeInterval: 0.3)
        #expect(waited.value == true, "the second build says it waits, naming the holder's process")
        #expect(acquired.value == nil, "and waits")
        first = nil
        for _ in 0..<100 where acquired.value == nil { Thread.sleep(forTimeInterval: 0.02) }
        #expect(acquired.value == true, "it goes on once the first build is over")
        _ = first
    }

    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: Bool?
        var value: Bool? { lock.lock(); defer { lock.unlock() }; return stored }
        func set(_ v: Bool) { lock.lock(); stored = v; lock.unlock() }
    }
}
