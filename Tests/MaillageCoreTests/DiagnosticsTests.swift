import Foundation
import Testing
@testable import MaillageCore

@Suite("Diagnostics a communicator can act on")
struct DiagnosticsTests {
    @Test func unknownSpeakerSuggestsTheClosestId() throws {
        var files = Sample.files
        files["content/trombinoscope/julien-carpentier.yaml"] = "name: Julien Carpentier\n"
        files["content/evenements/campus.md"] = """
        ---
        title: Campus
        start: 2026-04-10T09:00
        sessions:
          - title: Atelier
            start: "09:30"
            speakers: [julien-charpentier]
        ---
        """
        let site = try TestSite(files)
        defer { site.remove() }
        let report = site.build()
        let error = try #require(report.errors.first)
        #expect(report.errors.count == 1)
        #expect(error.location == SourceLocation(file: "content/evenements/campus.md", line: 7, column: 16))
        #expect(error.message == "intervenant inconnu « julien-charpentier »")
        #expect(error.help == "vouliez-vous dire « julien-carpentier » ?")
        let printed = DiagnosticPrinter(sources: report.sources).format(error)
        #expect(printed == """
        content/evenements/campus.md:7:16: erreur: intervenant inconnu « julien-charpentier »
         7 |     speakers: [julien-charpentier]
           |                ^
        aide : vouliez-vous dire « julien-carpentier » ?

        """)
    }

    @Test func tenMistakesGiveTenLocatedErrorsAndLeaveTheSiteUntouched() throws {
        let site = try TestSite(Sample.files)
        defer { site.remove() }
        #expect(site.build().errors.isEmpty)
        let before = try site.outputFiles()

        try site.write("content/actualites/lancement.md", "---\ntitle: \"Non fermé\ndate: 2026-01-01\n---\n")           // 1 YAML
        try site.write("content/actualites/autre.md", "---\ntitle: Autre\ndate: 2026-13-45\n---\n")                       // 2 date
        try site.write("content/pages/ouverte.md", "---\ntitle: Ouverte\n")                                               // 3 front matter
        try site.write("content/retex/sans-titre.md", "---\ndate: 2026-01-01\n---\n")                                    // 4 title
        try site.write("content/comptes-rendus/cr.md", "---\ntitle: CR\ndate: 2026-01-01\nevent: campu\n---\n")         // 5 event
        try site.write("content/retex/lien.md", "---\ntitle: Lien\ndate: 2026-01-01\n---\n[x](../evenements/nulle-part.md)\n") // 6 link
        try site.write("content/trombinoscope/sans-photo.yaml", "name: Sans Photo\nphoto: absente.jpg\n")              // 7 photo
        try site.write("content/ressources/evasion.md", "---\ntitle: Évasion\ndate: 2026-01-01\nfile: ../../../etc/passwd\n---\n") // 8 path
        try site.write("content/annuaire/binaire.yaml", Data([0x6E, 0x61, 0x00, 0x01]))                                   // 9 binary
        try site.write("content/evenements/sans-debut.md", "---\ntitle: Sans début\norganizers: [dac-8O]\n---\n")      // 10 start + 11 organizer

        let report = site.build()
        #expect(report.errorLines == [
            "content/actualites/autre.md:3 invalid-date",
            "content/actualites/lancement.md:2 yaml-syntax",
            "content/annuaire/binaire.yaml:1 binary-file",
            "content/comptes-rendus/cr.md:4 unknown-reference",
            "content/evenements/sans-debut.md:1 missing-key",
            "content/evenements/sans-debut.md:3 unknown-reference",
            "content/pages/ouverte.md:1 unclosed-front-matter",
            "content/ressources/evasion.md:4 path-escape",
            "content/retex/lien.md:5 broken-link",
            "content/retex/sans-titre.md:1 missing-key",
            "content/trombinoscope/sans-photo.yaml:2 missing-file",
        ])
        #expect(report.errors.allSatisfy { !$0.message.isEmpty && $0.help != nil })
        #expect(!report.wrote)
        #expect(try site.outputFiles() == before, "a failed build leaves site/ byte for byte")
    }

    @Test func unknownKeyIsAWarningNamingTheClosestKey() throws {
        var files = Sample.files
        files["content/actualites/lancement.md"] = "---\ntitle: Titre\ndate: 2026-01-01\ntgas: [icope]\n---\n"
        let site = try TestSite(files)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors.isEmpty)
        let warning = try #require(report.warnings.first { $0.code == "unknown-key" })
        #expect(warning.location.line == 4)
        #expect(warning.help == "vouliez-vous dire « tags » ?")
        #expect(site.build(strict: true).errors.map(\.code) == ["unknown-key"], "--strict turns warnings into errors")
    }

    @Test func crlfAndBOMBuildNormally() throws {
        var files = Sample.files
        files["content/actualites/windows.md"] = "\u{FEFF}---\r\ntitle: Écrit sous Windows\r\ndate: 2026-02-02\r\n---\r\nTexte.\r\n"
        let site = try TestSite(files)
        defer { site.remove() }
        #expect(site.build().errors.isEmpty)
        #expect(try site.page("actualites/windows/").contains("Écrit sous Windows"))
    }

    @Test func invalidUTF8IsLocated() throws {
        let site = try TestSite(Sample.files, binary: ["content/actualites/latin1.md": Array("---\ntitle: Caf".utf8) + [0xE9] + Array("\ndate: 2026-01-01\n---\n".utf8)])
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors.map { "\($0.location.line):\($0.location.column) \($0.code)" } == ["2:11 invalid-utf8"])
    }

    @Test(arguments: [
        ("julien-carpentier", ["julien-carpentier", "claire-martin"], "julien-carpentier"),
        ("julien-charpentier", ["julien-carpentier", "claire-martin"], "julien-carpentier"),
        ("titel", ["title", "date", "tags"], "title"),
        ("zzzzzz", ["title", "date"], nil),
    ] as [(String, [String], String?)])
    func suggestions(word: String, candidates: [String], expected: String?) {
        #expect(Suggestion.closest(to: word, among: candidates) == expected)
    }

    @Test func longLinesAreWindowedAroundTheCaret() {
        let line = String(repeating: "a", count: 300) + "ERREUR" + String(repeating: "b", count: 300)
        let (visible, caret) = DiagnosticPrinter.window(line, column: 301)
        #expect(visible.count <= 102)
        #expect(Array(visible)[caret] == "E")
    }
}

@Suite("Diagnostics for tools")
struct DiagnosticFormatTests {
    let diagnostic = Diagnostic.error(.unknownReference, at: SourceLocation(file: "content/evenements/a,b.md", line: 7, column: 16),
                                      "intervenant inconnu « x »\nsuite", help: "vouliez-vous dire « y » ?")

    @Test func githubAnnotationsEscapeTheirProperties() {
        #expect(DiagnosticFormats.github([diagnostic], pathPrefix: "site/") == [
            "::error file=site/content/evenements/a%2Cb.md,line=7,col=16,title=Maillage unknown-reference::intervenant inconnu « x »%0Asuite — aide : vouliez-vous dire « y » ?",
        ])
    }

    @Test func jsonIsAListOfLocatedProblems() throws {
        let parsed = try JSONSerialization.jsonObject(with: Data(DiagnosticFormats.json([diagnostic]).utf8)) as? [[String: Any]]
        #expect(parsed?.first?["line"] as? Int == 7)
        #expect(parsed?.first?["code"] as? String == "unknown-reference")
        #expect(parsed?.first?["severity"] as? String == "error")
    }
}

/// Every diagnostic code is explained to communicators in `docs/contenu.md`, in its table of
/// messages (« Tous les messages »), once.
@Test func everyDiagnosticCodeIsDocumented() throws {
    let guide = try String(contentsOf: RepositorySiteTests.root.appendingPathComponent("docs/contenu.md"), encoding: .utf8)
    let table = try #require(guide.components(separatedBy: "### Tous les messages").last)
    let rows = Set(table.components(separatedBy: "\n").compactMap { line -> String? in
        guard line.hasPrefix("| `"), let end = line.dropFirst(3).firstIndex(of: "`") else { return nil }
        return String(line[line.index(line.startIndex, offsetBy: 3)..<end])
    })
    let undocumented = DiagnosticCode.allCases.map(\.rawValue).filter { !rows.contains($0) }
    #expect(undocumented.isEmpty, "codes absents de docs/contenu.md : \(undocumented.joined(separator: ", "))")
    let unknown = rows.subtracting(DiagnosticCode.allCases.map(\.rawValue))
    #expect(unknown.isEmpty, "codes documentés que Maillage ne donne pas : \(unknown.sorted().joined(separator: ", "))")
}
