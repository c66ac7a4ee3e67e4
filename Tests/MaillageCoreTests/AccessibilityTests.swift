import Foundation
import Testing
@testable import MaillageCore

/// The accessibility statement (`/accessibilite/`, RGAA 4.1) and its footer link on every page.
@Suite("Accessibility statement")
struct AccessibilityTests {
    @Test func everySiteHasAStatementLinkedFromEveryFooter() throws {
        let site = try TestSite(Sample.files)
        defer { site.remove() }
        #expect(site.build().errors.isEmpty)
        let page = try site.page("accessibilite/")
        for heading in ["État de conformité", "Résultats des tests", "Contenus non accessibles", "Établissement de cette déclaration",
                        "Retour d’information et contact", "Voies de recours"] {
            #expect(page.contains(heading), "missing section \(heading)")
        }
        #expect(page.contains("<strong>non conforme</strong>"), "without an audit the honest status is « non conforme »")
        #expect(page.contains("Aucun audit de conformité n’a encore été réalisé"))
        #expect(page.contains("Défenseur des droits") && page.contains("Libre réponse 71120"))
        let pages = try site.outputFiles().filter { $0.key.hasSuffix("index.html") }
        #expect(pages.count > 20)
        for (path, data) in pages {
            let html = String(decoding: data, as: UTF8.self)
            #expect(html.contains("<a href=\"/accessibilite/\">Accessibilité : non conforme</a>"), "\(path) has no footer link to the statement")
        }
        #expect(String(decoding: try site.outputFiles()["sitemap.xml"] ?? Data(), as: UTF8.self).contains("/accessibilite/"))
    }

    @Test func theStatementShowsThePublishersSettings() throws {
        var files = Sample.files
        files["maillage.yaml"] = TestSite.config + """

        accessibilite:
          etat: partiellement conforme
          responsable: Association des coordos
          taux: 72,5 %
          audit: 2026-03-15
          auditeur: Cabinet Exemple
          date: 2026-04-01
          courriel: accessibilite@example.org
          formulaire: https://example.org/contact
          adresse: 1 rue de l’Exemple, 80000 Amiens
          non_accessibles:
            - Les comptes rendus en PDF antérieurs à 2026
        """
        let site = try TestSite(files)
        defer { site.remove() }
        let report = site.build()
        #expect(report.diagnostics.isEmpty, "\(DiagnosticPrinter(sources: report.sources).format(report.diagnostics))")
        let page = try site.page("accessibilite/")
        #expect(page.contains("Association des coordos s’engage"))
        #expect(page.contains("<strong>partiellement conforme</strong>"))
        #expect(page.contains("<strong>73 %</strong>"))
        #expect(page.contains("<time datetime=\"2026-03-15\">15 mars 2026</time> par Cabinet Exemple"))
        #expect(page.contains("établie le <time datetime=\"2026-04-01\">1er avril 2026</time>"))
        #expect(page.contains("href=\"mailto:accessibilite@example.org\""))
        #expect(page.contains("href=\"https://example.org/contact\""))
        #expect(page.contains("<li>Les comptes rendus en PDF antérieurs à 2026</li>"))
        #expect(try site.page("").contains("Accessibilité : partiellement conforme"))
    }

    @Test(arguments: [
        ("etat: conforme", "invalid-accessibility-status", 4),
        ("taux: 140", "invalid-accessibility-rate", 4),
        ("audit: 2026-02-30", "invalid-date", 4),
        ("courriel: pas une adresse", "invalid-email", 4),
        ("formulaire: javascript:alert(1)", "unsafe-url", 4),
        ("formulaire: mailto:x@example.org", "invalid-url", 4),
    ])
    func wrongSettingsAreLocatedErrors(line: String, code: String, lineNumber: Int) throws {
        var files = Sample.files
        files["maillage.yaml"] = TestSite.config + "\naccessibilite:\n  \(line)\n"
        let site = try TestSite(files)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors.map(\.code) == [code])
        #expect(report.errors.first?.location.file == "maillage.yaml")
        #expect(report.errors.first?.location.line == lineNumber)
        #expect(report.errors.first?.help != nil)
        #expect(!site.exists("index.html"))
    }

    @Test func unknownKeysAndAStatusWithoutAuditAreWarnings() throws {
        var files = Sample.files
        files["maillage.yaml"] = TestSite.config + "\naccessibilite:\n  etat: totalement conforme\n  courriell: a@example.org\n"
        let site = try TestSite(files)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors.isEmpty)
        #expect(report.warnings.map(\.code).sorted() == ["accessibility-without-audit", "unknown-key"])
        #expect(report.warnings.first { $0.code == "unknown-key" }?.help?.contains("courriel") == true)
        #expect(report.warnings.allSatisfy { $0.location.file == "maillage.yaml" && $0.location.line >= 4 })
    }

    @Test func aFreePageNamedAccessibiliteReplacesTheGeneratedStatement() throws {
        var files = Sample.files
        files["content/pages/accessibilite.md"] = "---\ntitle: Déclaration d’accessibilité du réseau\n---\nNotre déclaration, rédigée après audit.\n"
        let site = try TestSite(files)
        defer { site.remove() }
        #expect(site.build().errors.isEmpty)
        let page = try site.page("accessibilite/")
        #expect(page.contains("Notre déclaration, rédigée après audit."))
        #expect(!page.contains("Voies de recours"))
        let home = try site.page("")
        #expect(home.components(separatedBy: "href=\"/accessibilite/\"").count == 2, "one footer link, not two")
    }
}
