import Foundation
import Testing
@testable import MaillageCore

/// Issue 21: content written by a careless or hostile contributor. Each test reproduces a class
/// of attack with several instances; `scripts/hostile_check.py` tries the same classes through
/// the executable (with icalendar and vobject parsing the calendars and cards).
@Suite struct HostileContentTests {
    /// The sample site with `index.md` linking to `links`, and `extra` files.
    private func site(linking links: [String], extra: [String: String] = [:]) throws -> TestSite {
        var files = Sample.files
        files["content/index.md"] = "---\ntitle: Accueil\n---\n" + links.map { "[lien](\($0))" }.joined(separator: "\n\n") + "\n"
        for (path, text) in extra { files[path] = text }
        return try TestSite(files)
    }

    // Class 1: an attachment never takes a generated file's address.
    @Test(arguments: ["assets/search.js.pdf", "evenements/agenda.ics", "annuaire/annuaire.vcf", "sitemap.txt",
                      "annuaire/dac-80/dac-80.vcf", "ressources/flyer/apercu.png", "robots.txt"])
    func attachmentAtAGeneratedAddressIsAnError(path: String) throws {
        // `robots.txt` and `sitemap.txt` are not made by the site: they are the controls.
        let site = try self.site(linking: [path], extra: ["content/\(path)": "contenu du contributeur"])
        defer { site.remove() }
        let generated = site.build(write: false)
        let taken = ["robots.txt", "sitemap.txt", "assets/search.js.pdf"].contains(path) == false
        #expect(generated.errors.contains { $0.code == "reserved-address" && $0.location.file == "content/index.md" } == taken, "\(path)")
        if taken { #expect(generated.errors.allSatisfy { $0.location.line == 4 }) }
    }

    @Test func replacingTheSearchScriptIsRefusedAndTheSiteKept() throws {
        let site = try self.site(linking: ["flyer-ok.pdf"], extra: ["content/flyer-ok.pdf": "@pdf"])
        defer { site.remove() }
        #expect(site.build().succeeded)
        let before = try site.outputFiles()
        try site.write("content/assets/search.js", "alert(1)")
        try site.write("content/index.md", "---\ntitle: Accueil\n---\n[s](assets/search.js)\n")
        let report = site.build()
        #expect(report.errorLines == ["content/index.md:4 active-file"])
        #expect(try site.outputFiles() == before)
    }

    // Class 2: types a browser runs are never published.
    @Test(arguments: ["evil.html", "evil.HTM", "evil.xhtml", "evil.js", "evil.mjs", "evil.xml", "evil.xsl", "evil.css", "evil.svgz"])
    func activeTypesAreRefused(name: String) throws {
        let site = try self.site(linking: ["ressources/\(name)"], extra: ["content/ressources/\(name)": "<script>alert(1)</script>"])
        defer { site.remove() }
        #expect(site.build(write: false).errorLines == ["content/index.md:4 active-file"])
    }

    @Test(arguments: [
        ("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", false),
        ("<svg xmlns='http://www.w3.org/2000/svg'><rect onclick='alert(1)'/></svg>", false),
        ("<svg xmlns='http://www.w3.org/2000/svg' xmlns:x='http://www.w3.org/1999/xlink'><a x:href='javascript:alert(1)'><rect/></a></svg>", false),
        ("<svg xmlns='http://www.w3.org/2000/svg'><foreignObject><p>x</p></foreignObject></svg>", false),
        ("<svg xmlns='http://www.w3.org/2000/svg'><image href='https://evil.example/x.png'/></svg>", false),
        ("<svg xmlns='http://www.w3.org/2000/svg'><style>@import url(https://evil.example/x.css);</style></svg>", false),
        ("<svg xmlns='http://www.w3.org/2000/svg'><set attributeName='href' to='javascript:alert(1)'/></svg>", false),
        ("<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY x 'y'>]><svg xmlns='http://www.w3.org/2000/svg'>&x;</svg>", false),
        ("<svg xmlns='http://www.w3.org/2000/svg'><defs><linearGradient id='g'/></defs><rect fill='url(#g)' width='1' height='1'/></svg>", true),
    ])
    func svgImagesArePublishedOnlyWhenInert(svg: String, published: Bool) throws {
        let site = try self.site(linking: ["ressources/logo.svg"], extra: ["content/ressources/logo.svg": svg])
        defer { site.remove() }
        let report = site.build(write: false)
        #expect(report.errorLines == (published ? [] : ["content/index.md:4 active-file"]))
    }

    // Classes 3 and 4: a symbolic link is judged where it leads.
    @Test(arguments: [("../trombinoscope/paul-prive.jpg", "private-file"), ("../trombinoscope/paul-secret.yaml", "source-file"),
                      ("../actualites/brouillon.md", "source-file"), ("../../maillage.yaml", "symlink-escape"),
                      ("../../.git/config", "symlink-escape"), ("../.cache-secret", "hidden-file"), ("/etc/hostname", "symlink-escape"),
                      ("nulle-part.pdf", "symlink-escape")])
    func symlinkedAttachmentsFollowTheRulesOfWhereTheyLead(target: String, code: String) throws {
        let site = try self.site(linking: ["ressources/piece.txt"], extra: [".git/config": "[core]\n", "content/.cache-secret": "secret"])
        defer { site.remove() }
        try FileManager.default.createSymbolicLink(atPath: site.root.appendingPathComponent("content/ressources/piece.txt").path,
                                                   withDestinationPath: target)
        let report = site.build(write: false)
        #expect(report.errorLines == ["content/index.md:4 \(code)"], "\(target)")
    }

    @Test func resourceFileSymlinkedToAPrivatePhotoIsRefused() throws {
        var files = Sample.files
        files["content/ressources/flyer.md"] = "---\ntitle: Flyer\ndate: 2026-01-01\nfile: portrait.jpg\n---\n"
        let site = try TestSite(files)
        defer { site.remove() }
        try FileManager.default.createSymbolicLink(atPath: site.root.appendingPathComponent("content/ressources/portrait.jpg").path,
                                                   withDestinationPath: "../trombinoscope/paul-prive.jpg")
        #expect(site.build(write: false).errorLines == ["content/ressources/flyer.md:4 private-file"])
    }

    @Test func contentSymlinksOutOfContentAreNotReadNorQuoted() throws {
        let site = try TestSite(Sample.files)
        defer { site.remove() }
        let secret = site.root.deletingLastPathComponent().appendingPathComponent("secret-\(UUID().uuidString).env")
        try "AWS_SECRET_ACCESS_KEY=tres-secret\n".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        for link in ["content/actualites/fuite.md", "content/annuaire/fuite.yaml", "content/actualites/fiche.md"] {
            let target = link.hasSuffix("fiche.md") ? "../trombinoscope/paul-secret.yaml" : secret.path
            try FileManager.default.createSymbolicLink(atPath: site.root.appendingPathComponent(link).path, withDestinationPath: target)
        }
        let report = site.build(write: false)
        #expect(report.errorLines == ["content/actualites/fiche.md:1 private-file", "content/actualites/fuite.md:1 symlink-escape",
                                      "content/annuaire/fuite.yaml:1 symlink-escape"])
        let printed = DiagnosticPrinter(sources: report.sources).format(report.diagnostics)
        #expect(!printed.contains("tres-secret") && !printed.contains("paul.prive"))
    }

    // Class 5: no value adds a line to a calendar or a card.
    @Test func calendarAndCardTextNeverBreaksALine() {
        var generator = SystemRandomNumberGenerator()
        let breaks: [String] = ["\r\n", "\r", "\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}", "\u{00}", "\u{1B}", "\u{7F}", "\u{9B}", "\t"]
        for _ in 0..<500 {
            var text = ""
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                text += ["Réunion", "ATTACH:https://evil.example/x", ";", ",", "\\", "é", " "].randomElement(using: &generator)!
                text += breaks.randomElement(using: &generator)!
            }
            let file = ContentLine.file(["SUMMARY:" + ContentLine.escape(text), "URL:https://x.example/" + text])
            let lines = file.components(separatedBy: "\r\n").dropLast()
            #expect(lines.count >= 2)
            for line in lines {
                #expect(line.hasPrefix("SUMMARY:") || line.hasPrefix("URL:") || line.hasPrefix(" "), "\(text.debugDescription)")
                #expect(!line.unicodeScalars.contains { ContentLine.isControl($0) || $0 == "\r" || $0 == "\n" })
            }
        }
        #expect(ContentLine.escape("a\r\nb\rc\nd\u{2028}e") == "a\\nb\\nc\\nd\\ne")
    }

    // Class 6: the site and the content never share a file.
    @Test func publishedAttachmentsAreCopies() throws {
        let site = try TestSite(Sample.files)
        defer { site.remove() }
        #expect(site.build().succeeded)
        let published = site.output.appendingPathComponent("ressources/flyer.pdf")
        let before = try Data(contentsOf: published)
        try Data("écrit dans site/".utf8).write(to: published)
        #expect(try Data(contentsOf: site.root.appendingPathComponent("content/ressources/flyer.pdf")) == before)
    }

    // Class 7: work linear in the size of what is written.
    @Test func manyEqualHeadingsGetNumberedIDs() {
        let html = Markdown.addHeadingIDs(String(repeating: "<h2>h</h2>\n", count: 3000) + "<h2>h 2</h2>\n")
        #expect(html.contains("<h2 id=\"h-3000\">h</h2>"))
        #expect(html.contains("<h2 id=\"h-2-2\">h 2</h2>"))
    }

    @Test func deeplyNestedListsKeepTheirWords() {
        let text = MarkdownText(text: String(repeating: "- ", count: 5000) + "mot-profond\n", file: "content/pages/x.md", firstLine: 1)
        let rendered = Markdown.render(text) { _, _ in .keep }
        #expect(rendered.plainText == "mot-profond")
    }

    @Test func printingManyDiagnosticsQuotesEachLine() {
        let text = (1...2000).map { "ligne \($0)" }.joined(separator: "\n")
        let diagnostics = (1...2000).map { Diagnostic.error(.yamlSyntax, at: SourceLocation(file: "f.md", line: $0), "m") }
        let printed = DiagnosticPrinter(sources: ["f.md": text]).format(diagnostics)
        #expect(printed.contains(" 1999 | ligne 1999\n"))
        #expect(printed.components(separatedBy: "erreur: m").count == 2001)
    }

    // Class 9: every script gets an address.
    @Test func namesOfAnyScriptGetAnAddress() {
        #expect(Slug.make("Москва") == "moskva")
        #expect(Slug.make("日本") != Slug.make("中文"))
        #expect(!Slug.make("日本").isEmpty && !Slug.make("💥").isEmpty)
        #expect(Slug.make("Santé mentale") == "sante-mentale")  // unchanged for French
        let long = Slug.make(String(repeating: "très long ", count: 60))
        #expect(long.utf8.count <= Slug.maximumLength && long != Slug.make(String(repeating: "très long ", count: 61)))
    }

    @Test func pagesTagsAndKindsInOtherScriptsArePublished() throws {
        var files = Sample.files
        files["content/pages/日本語.md"] = "---\ntitle: Japon\ntags: [Москва, \(String(repeating: "t", count: 300))]\n---\nTexte.\n"
        files["content/pages/💥.md"] = "---\ntitle: Boum\n---\n[jp](日本語.md)\n"
        files["content/annuaire/nihon.yaml"] = "name: Nihon\nkind: 日本\n"
        files["content/annuaire/zhongwen.yaml"] = "name: Zhongwen\nkind: 中文\n"
        let site = try TestSite(files)
        defer { site.remove() }
        let report = site.build()
        #expect(report.succeeded, "\(report.errorLines)")
        #expect(try site.page("collision-symbol/").contains("href=\"/ri-ben-yu/\""))
        #expect(site.exists("etiquettes/moskva/index.html"))
        #expect(site.exists("annuaire/type/ri-ben/index.html") && site.exists("annuaire/type/zhong-wen/index.html"))
    }

    // Class 10: every error at once, the same for check and build.
    @Test func aYAMLErrorDoesNotHideABrokenAnchorElsewhere() throws {
        var files = Sample.files
        files["content/actualites/casse.md"] = "---\ntitle: \"jamais fermé\n---\n"
        files["content/pages/a-propos.md"] = "---\ntitle: À propos\n---\n[x](#nulle-part)\n"
        let site = try TestSite(files)
        defer { site.remove() }
        let checked = site.build(write: false), built = site.build()
        #expect(checked.errorLines == ["content/actualites/casse.md:2 yaml-syntax", "content/pages/a-propos.md:4 broken-anchor"])
        #expect(built.errorLines == checked.errorLines)
    }

    // Class 12: messages in French.
    @Test func systemErrorsAreToldInFrench() {
        #expect(SystemError.describe(errno: ENOSPC) == "plus de place sur le disque")
        #expect(SystemError.describe(CocoaError(.fileWriteNoPermission)) == "droits insuffisants")
        #expect(YAMLErrorTranslation.explain(problem: "did not find expected <document start>", context: nil).0.contains("ligne inattendue"))
        #expect(!YAMLErrorTranslation.explain(problem: "some new libyaml message", context: nil).0.contains("libyaml"))
    }
}
