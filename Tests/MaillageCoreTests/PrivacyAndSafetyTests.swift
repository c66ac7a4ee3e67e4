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

    /// Every `<script` of a page: only the theme's files and JSON-LD data blocks are allowed.
    static func unexpectedScripts(in html: String) -> [String] {
        var found: [String] = []
        var rest = html[...]
        while let open = rest.range(of: "<script", options: .caseInsensitive) {
            let tagEnd = rest[open.upperBound...].firstIndex(of: ">") ?? rest.endIndex
            let tag = String(rest[open.lowerBound..<tagEnd])
            let bodyStart = tagEnd < rest.endIndex ? rest.index(after: tagEnd) : tagEnd
            let close = rest[bodyStart...].range(of: "</script", options: .caseInsensitive)
            let body = close.map { String(rest[bodyStart..<$0.lowerBound]) } ?? ""
            if tag.contains("type=\"application/ld+json\"") {
                if body.contains("<") { found.append("JSON-LD with '<': \(body.prefix(80))") }
            } else if !(tag.contains(" src=\"/assets/") && body.isEmpty) {
                found.append(tag + ">" + body.prefix(40))
            }
            rest = rest[(close?.upperBound ?? rest.endIndex)...]
        }
        return found
    }

    @Test func yamlValuesCannotCloseAScriptOrAnAttribute() throws {
        let payload = "\"</script><script>alert(1)</script>\""
        var files = Sample.files
        files["content/evenements/campus.md"] = """
        ---
        title: \(payload)
        start: 2026-12-10T09:00
        location: \(payload)
        organizers: [dac-80]
        tags: [\(payload)]
        sessions:
          - title: \(payload)
            start: "09:30"
            room: \(payload)
            summary: \(payload)
            speakers: [claire-martin]
        ---
        Texte.
        """
        files["content/annuaire/dac-80.yaml"] = "name: \(payload)\nkind: \(payload)\naddress: \(payload)\nmissions: [\(payload)]\nterritories: [\(payload)]\n"
        files["content/trombinoscope/claire-martin.yaml"] = "name: \(payload)\nrole: \(payload)\nstructures: [dac-80]\nconsent: true\nemail: \(payload)\n"
        let site = try TestSite(files)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors.isEmpty, "\(DiagnosticPrinter(sources: report.sources).format(report.errors))")
        var checked = 0
        for (path, data) in try site.outputFiles() where path.hasSuffix(".html") {
            let html = String(decoding: data, as: UTF8.self)
            #expect(Self.unexpectedScripts(in: html).isEmpty, "\(path): \(Self.unexpectedScripts(in: html))")
            #expect(!html.contains("<script>alert"), "\(path)")
            checked += 1
        }
        #expect(checked > 20)
        let event = try site.page("evenements/campus/")
        #expect(event.contains("application/ld+json") && event.contains("\\u003c/script\\u003e"), "JSON-LD escapes '<'")
        let ics = String(decoding: try site.outputFiles()["evenements/campus/campus.ics"] ?? Data(), as: UTF8.self)
        #expect(ics.split(separator: "\r\n").allSatisfy { $0.hasPrefix(" ") || $0.range(of: "^[A-Z-]+[;:]", options: .regularExpression) != nil },
                "every iCalendar line is a property or a continuation")
    }
}
