import Foundation
import Testing
@testable import MaillageCore

@Suite("maillage new and maillage init")
struct ScaffoldTests {
    static let today = LocalDate(year: 2026, month: 11, day: 23)!

    @Test(arguments: Scaffold.kinds.map(\.name))
    func everyNewFileBuildsAsItIs(name: String) throws {
        let kind = try #require(Scaffold.kind(named: name))
        var files = Sample.files
        let path = Scaffold.path(for: kind, title: "Journée régionale ICOPE")
        files[path] = Scaffold.text(for: kind, title: "Journée régionale ICOPE", today: Self.today)
        let site = try TestSite(files)
        defer { site.remove() }
        let report = site.build(strict: true)
        #expect(report.diagnostics.isEmpty, "\(DiagnosticPrinter(sources: report.sources).format(report.diagnostics))")
        let address = kind == .page ? "journee-regionale-icope/" : "\(kind.folder)/journee-regionale-icope/"
        #expect(site.exists(address + "index.html"))
    }

    @Test func newEventPathComesFromTheTitle() {
        #expect(Scaffold.path(for: .event, title: "Journée régionale ICOPE") == "content/evenements/journee-regionale-icope.md")
        #expect(Scaffold.kind(named: "compte-rendu") == .minutes)
        #expect(Scaffold.kind(named: "Personne") == .person)
    }

    @Test func starterSiteBuildsStrictly() throws {
        let site = try TestSite(Scaffold.starterSite(title: "Mon réseau", today: Self.today))
        defer { site.remove() }
        let report = site.build(strict: true)
        #expect(report.diagnostics.isEmpty, "\(DiagnosticPrinter(sources: report.sources).format(report.diagnostics))")
        #expect(try site.page("evenements/rencontre-du-reseau/").contains("href=\"/trombinoscope/camille-exemple/\""))
    }
}
