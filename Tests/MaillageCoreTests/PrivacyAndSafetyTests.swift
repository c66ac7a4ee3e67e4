import Foundation
import Testing
@testable import MaillageCore

@Suite("Consent, drafts and safety")
struct PrivacyAndSafetyTests {
    func contains(_ files: [String: Data], _ needle: String) -> [String] {
        let bytes = Data(needle.utf8)
        return files.filter { $0.value.range(of: bytes) != nil }.map(\.key).sorted()
    }

    @Test func nonConsentingPeopleLeakNothing() throws {
        let site = try TestSite(Sample.files)
        defer { site.remove() }
        #expect(site.build().errors.isEmpty)
        let files = try site.outputFiles()
        for secret in ["paul.prive@example.org", "+33 6 12 34 56 78", "+33612345678", "paul-prive.jpg", "private photo bytes",
                       "sans.cle.prive@example.org", "+33 6 98 76 54 32", "+33698765432"] {
            #expect(contains(files, secret).isEmpty, "\(secret) found in \(contains(files, secret))")
        }
        // Name, role and structures are always published.
        let paul = try site.page("trombinoscope/paul-secret/")
        #expect(paul.contains("Paul Secret") && paul.contains("Chargé de mission") && paul.contains("Appui Santé Somme"))
        // A consenting person's photo and email are.
        let claire = try site.page("trombinoscope/claire-martin/")
        #expect(claire.contains("claire.martin@example.org"))
        #expect(site.exists("trombinoscope/claire-martin/portrait-160.webp"))
        #expect(!site.exists("trombinoscope/claire-martin.jpg"), "the original photo (with its metadata) is never published")
    }

    @Test func draftsArePublishedNowhereUnlessAsked() throws {
        let site = try TestSite(Sample.files)
        defer { site.remove() }
        site.build()
        #expect(contains(try site.outputFiles(), "Phrase secrète du brouillon").isEmpty)
        #expect(contains(try site.outputFiles(), "Un brouillon").isEmpty)
        site.build(drafts: true)
        #expect(try site.page("actualites/brouillon/").contains("brouillon"))
    }

    @Test func contentCannotInjectScripts() throws {
        var files = Sample.files
        files["content/actualites/piege.md"] = """
        ---
        title: "</title><script>alert(1)</script>"
        date: 2026-01-01
        summary: "\\" onmouseover=\\"alert(1)"
        ---
        <script>alert(2)</script>

        <img src=x onerror="alert(3)">

        [clic](javascript:alert(4)) et [data](data:text/html;base64,PHNjcmlwdD4=)
        """
        let site = try TestSite(files)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors.isEmpty)
        #expect(Set(report.warnings.map(\.code)).isSuperset(of: ["raw-html", "unsafe-link"]))
        let page = try site.page("actualites/piege/")
        #expect(!page.contains("<script>"))
        #expect(!page.contains("onerror="))
        #expect(!page.contains("javascript:"))
        #expect(!page.contains("onmouseover=\""))
        #expect(page.contains("&lt;/title&gt;&lt;script&gt;"))
    }

    @Test(arguments: [
        ("file: ../../../etc/passwd", "path-escape"),
        ("file: /etc/passwd", "absolute-path"),
        ("file: ../trombinoscope/paul-prive.jpg", "private-file"),
        ("file: absent.pdf", "missing-file"),
    ])
    func resourcePathsStayInsideTheSite(line: String, code: String) throws {
        var files = Sample.files
        files["content/ressources/flyer.md"] = "---\ntitle: Flyer\ndate: 2026-01-01\n\(line)\n---\n"
        let site = try TestSite(files)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors.map(\.code) == [code])
        #expect(report.errors.first?.location.line == 4)
    }

    @Test func symlinkLeavingTheSiteIsRefused() throws {
        let site = try TestSite(Sample.files)
        defer { site.remove() }
        let link = site.root.appendingPathComponent("content/ressources/flyer.pdf")
        try FileManager.default.removeItem(at: link)
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "/etc/hostname")
        let report = site.build()
        #expect(report.errors.map(\.code) == ["symlink-escape"])
    }

    @Test(arguments: ["javascript:alert(1)", "data:text/html,x", "ftp://example.org", "pas-une-adresse"])
    func unsafeWebsitesAreRefused(url: String) throws {
        var files = Sample.files
        files["content/annuaire/dac-80.yaml"] = "name: DAC\nwebsite: \"\(url)\"\n"
        let site = try TestSite(files)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors.count == 1)
        #expect(report.errors.first?.location == SourceLocation(file: "content/annuaire/dac-80.yaml", line: 2, column: 10))
    }
}
