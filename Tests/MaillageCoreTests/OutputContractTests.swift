import Foundation
import Testing
@testable import MaillageCore

@Suite("Output contract: a site written to the content model builds every address")
struct OutputContractTests {
    @Test func everyAddressExists() throws {
        let site = try TestSite(Sample.files)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors.isEmpty, "\(report.errors)")
        for path in [
            "index.html", "actualites/index.html", "actualites/lancement/index.html",
            "evenements/index.html", "evenements/campus/index.html",
            "comptes-rendus/index.html", "comptes-rendus/reunion/index.html",
            "retex/index.html", "retex/teleconsultation/index.html",
            "ressources/index.html", "ressources/flyer/index.html", "ressources/flyer.pdf",
            "a-propos/index.html",
            "annuaire/index.html", "annuaire/dac-80/index.html",
            "trombinoscope/index.html", "trombinoscope/claire-martin/index.html", "trombinoscope/paul-secret/index.html",
            "etiquettes/index.html", "etiquettes/sante-mentale/index.html", "etiquettes/teleconsultation/index.html",
            "territoires/index.html", "territoires/somme/index.html",
            "recherche/index.html", "sitemap.xml", "atom.xml", "404.html", "assets/style.css",
        ] {
            #expect(site.exists(path), "missing \(path)")
        }
    }

    @Test func pagesAreFrenchAndLinked() throws {
        let site = try TestSite(Sample.files)
        defer { site.remove() }
        site.build()
        let event = try site.page("evenements/campus/")
        #expect(event.contains("<html lang=\"fr\">"))
        #expect(event.contains("jeudi 10 décembre 2026, 9 h – 17 h"))
        #expect(event.contains("<a href=\"/trombinoscope/claire-martin/\">Claire Martin</a>"))
        #expect(event.contains("<a href=\"/annuaire/dac-80/\">Appui Santé Somme</a>"))
        #expect(event.contains("<a href=\"/comptes-rendus/reunion/\">Réunion ICOPE</a>"), "the minutes pointing to the event are listed")
        let news = try site.page("actualites/lancement/")
        #expect(news.contains("href=\"/evenements/campus/\""), "a link to a .md file points to its page")
        #expect(news.contains("href=\"/annuaire/dac-80/\""), "a link to a .yaml file points to its page")
        let minutes = try site.page("comptes-rendus/reunion/")
        #expect(minutes.contains("<h2 id=\"points-cles\">Points clés</h2>"), "body headings start at h2: the title is the only h1")
        #expect(minutes.components(separatedBy: "<h1").count == 2)
        #expect(minutes.contains("jeudi 10 décembre 2026"))
        let structure = try site.page("annuaire/dac-80/")
        #expect(structure.contains("href=\"tel:+33300000000\""))
        #expect(structure.contains("Claire Martin"), "a structure lists its people")
        #expect(structure.contains("Téléconsultation assistée"), "a structure lists its retex")
        let resource = try site.page("ressources/flyer/")
        #expect(resource.contains("href=\"/ressources/flyer.pdf\""))
        #expect(resource.contains("PDF, "))
    }

    @Test func baseURLPathPrefixesEveryLink() throws {
        var files = Sample.files
        files["maillage.yaml"] = "title: Réseau\nbase_url: https://example.org/reseau/\n"
        let site = try TestSite(files)
        defer { site.remove() }
        #expect(site.build().errors.isEmpty)
        let news = try site.page("actualites/lancement/")
        #expect(news.contains("href=\"/reseau/evenements/campus/\""))
        #expect(news.contains("href=\"/reseau/assets/style.css\""))
        #expect(news.contains("https://example.org/reseau/actualites/lancement/"))
    }

    @Test func siteWithoutLayoutsOrHomeBuilds() throws {
        let site = try TestSite(["content/actualites/seule.md": "---\ntitle: Seule\ndate: 2026-01-01\n---\nTexte."])
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors.isEmpty)
        #expect(site.exists("index.html"))
        #expect(site.exists("actualites/seule/index.html"))
    }

    @Test func layoutsReplaceBuiltInFiles() throws {
        var files = Sample.files
        files["layouts/news.mustache"] = "{{<base}}{{$main}}<h1>{{page.title}}</h1><p class=\"perso\">Gabarit du site</p>{{/main}}{{/base}}"
        files["layouts/style.css"] = "body { color: black; }"
        let site = try TestSite(files)
        defer { site.remove() }
        #expect(site.build().errors.isEmpty)
        #expect(try site.page("actualites/lancement/").contains("Gabarit du site"))
        #expect(try site.page("assets/style.css") == "body { color: black; }")
    }

    @Test func brokenLayoutIsLocated() throws {
        var files = Sample.files
        files["layouts/news.mustache"] = "{{<base}}\n{{$main}}\n{{#doc}}oops{{/main}}\n{{/base}}"
        let site = try TestSite(files)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors.map(\.code) == ["template-syntax"])
        #expect(report.errors.first?.location.file == "layouts/news.mustache")
    }

    @Test func outputIsDeterministic() throws {
        let site = try TestSite(Sample.files)
        defer { site.remove() }
        site.build()
        let first = try site.outputFiles()
        site.build()
        let second = try site.outputFiles()
        #expect(first.keys.sorted() == second.keys.sorted())
        #expect(first == second)
    }

    @Test func unchangedFilesAreNotRewritten() throws {
        let site = try TestSite(Sample.files)
        defer { site.remove() }
        func inode(_ path: String) throws -> Int {
            try (FileManager.default.attributesOfItem(atPath: site.output.appendingPathComponent(path).path)[.systemFileNumber] as! NSNumber).intValue
        }
        site.build()
        let page = try inode("actualites/lancement/index.html"), about = try inode("a-propos/index.html")
        let pdf = try inode("ressources/flyer.pdf")
        // The PDF is published as a copy with the source's date, never a hard link to the content file:
        // appending to the source changes nothing in the site until a build succeeds (issue 21, class 6).
        let source = site.root.appendingPathComponent("content/ressources/flyer.pdf")
        let sourceAttributes = try FileManager.default.attributesOfItem(atPath: source.path)
        let published = try FileManager.default.attributesOfItem(atPath: site.output.appendingPathComponent("ressources/flyer.pdf").path)
        #expect(pdf != (sourceAttributes[.systemFileNumber] as! NSNumber).intValue)
        #expect(published[.modificationDate] as? Date == sourceAttributes[.modificationDate] as? Date)
        let handle = try FileHandle(forWritingTo: source)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("%appended".utf8))
        try handle.close()
        #expect(try Data(contentsOf: site.output.appendingPathComponent("ressources/flyer.pdf")).count == sourceAttributes[.size] as! Int)
        try site.write("content/pages/a-propos.md", "---\ntitle: À propos\n---\nUn texte changé.\n")
        site.build()
        #expect(try inode("actualites/lancement/index.html") == page)  // the same bytes: the same file
        #expect(try inode("a-propos/index.html") != about)
        #expect(try site.page("a-propos/").contains("Un texte changé."))
    }

    @Test func longListsShowAWindowOfPageNumbers() {
        #expect(SiteRenderer.pageWindow(1, of: 3) == [1, 2, 3])
        #expect(SiteRenderer.pageWindow(1, of: 40) == [1, 2, 3, nil, 40])
        #expect(SiteRenderer.pageWindow(9, of: 40) == [1, nil, 7, 8, 9, 10, 11, nil, 40])
        #expect(SiteRenderer.pageWindow(4, of: 40) == [1, 2, 3, 4, 5, 6, nil, 40])  // no gap for a single number
        #expect(SiteRenderer.pageWindow(40, of: 40) == [1, nil, 38, 39, 40])
    }

    @Test func sourceDateEpochFixesTheBuildDayInTheSitesTimeZone() {
        // 2025-12-31T23:30Z: already 1 January in Paris, still 31 December in Cayenne.
        let epoch = ["SOURCE_DATE_EPOCH": "1767223800"]
        #expect(Build.defaultBuildDate(timezone: "Europe/Paris", environment: epoch) == LocalDate(year: 2026, month: 1, day: 1))
        #expect(Build.defaultBuildDate(timezone: "America/Cayenne", environment: epoch) == LocalDate(year: 2025, month: 12, day: 31))
    }

    @Test func pastAndUpcomingEventsFollowTheBuildDate() throws {
        let site = try TestSite(Sample.files)
        defer { site.remove() }
        site.build(date: LocalDate(year: 2026, month: 11, day: 23)!)
        #expect(try site.page("evenements/").contains("À venir"))
        #expect(!(try site.page("evenements/campus/").contains("Cet événement est passé")))
        site.build(date: LocalDate(year: 2027, month: 1, day: 1)!)
        #expect(try site.page("evenements/campus/").contains("Cet événement est passé"))
    }

    @Test func longListsArePaginated() throws {
        var files: [String: String] = [:]
        for i in 1...65 {
            files["content/actualites/n\(i).md"] = "---\ntitle: Nouvelle \(i)\ndate: 2026-01-\(String(format: "%02d", i % 28 + 1))\n---\nTexte \(i)."
        }
        let site = try TestSite(files)
        defer { site.remove() }
        #expect(site.build().errors.isEmpty)
        #expect(site.exists("actualites/page/2/index.html"))
        #expect(site.exists("actualites/page/3/index.html"))
        #expect(!site.exists("actualites/page/4/index.html"))
        #expect(try site.page("actualites/").contains("rel=\"next\""))
    }
}
