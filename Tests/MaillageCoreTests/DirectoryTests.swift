import Foundation
import Testing
@testable import MaillageCore

@Suite("Annuaire and trombinoscope")
struct DirectoryTests {
    /// The JSON-LD objects of a page, parsed.
    func structuredData(_ html: String) throws -> [[String: Any]] {
        var objects: [[String: Any]] = []
        var rest = html[...]
        while let open = rest.range(of: "<script type=\"application/ld+json\">") {
            let after = rest[open.upperBound...]
            let close = try #require(after.range(of: "</script>"))
            let json = try JSONSerialization.jsonObject(with: Data(after[..<close.lowerBound].utf8))
            objects.append(try #require(json as? [String: Any]))
            rest = after[close.upperBound...]
        }
        return objects
    }

    @Test func portraitsAreMadeOnceThenCached() throws {
        let site = try TestSite(Sample.files)
        defer { site.remove() }
        let first = site.build()
        #expect(first.errors.isEmpty)
        #expect(first.imagesProcessed == 3, "160 and 320 px of the one consenting photo, and the PDF preview")
        for name in ["portrait-160.webp", "portrait-320.webp", "portrait-160.jpg"] {
            #expect(site.exists("trombinoscope/claire-martin/\(name)"))
        }
        #expect(!site.exists("trombinoscope/paul-secret/portrait-160.webp"))
        let second = site.build()
        #expect(second.imagesProcessed == 0, "a second build does no image work")
        let page = try site.page("trombinoscope/claire-martin/")
        #expect(page.contains("<source type=\"image/webp\" srcset=\"/trombinoscope/claire-martin/portrait-160.webp 1x, /trombinoscope/claire-martin/portrait-320.webp 2x\">"))
        #expect(page.contains("width=\"160\" height=\"160\""))
        let paul = try site.page("trombinoscope/paul-secret/")
        #expect(paul.contains("class=\"portrait initials\""), "no consent: initials, never a broken image")
        #expect(paul.contains(">PS<"))
    }

    @Test func aFileThatIsNotAnImageIsALocatedError() throws {
        var files = Sample.files
        files["content/trombinoscope/claire-martin.jpg"] = "Ceci est un document texte renommé en .jpg"
        let site = try TestSite(files)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errors.map(\.code) == ["invalid-image"])
        #expect(report.errors.first?.location == SourceLocation(file: "content/trombinoscope/claire-martin.yaml", line: 4, column: 8))
        #expect(!report.wrote)
    }

    @Test func vCardsHonourConsent() throws {
        let site = try TestSite(Sample.files)
        defer { site.remove() }
        site.build()
        let claire = try site.page("trombinoscope/claire-martin/claire-martin.vcf")
        #expect(claire.hasPrefix("BEGIN:VCARD\r\nVERSION:4.0\r\n"))
        #expect(claire.contains("FN:Claire Martin\r\n") && claire.contains("N:Martin;Claire;;;\r\n"))
        #expect(claire.contains("EMAIL;TYPE=work:claire.martin@example.org"))
        #expect(claire.contains("PHOTO:https://test.example.org/trombinoscope/claire-martin/portrait-160.jpg"))
        let paul = try site.page("trombinoscope/paul-secret/paul-secret.vcf")
        #expect(paul.contains("FN:Paul Secret") && paul.contains("TITLE:Chargé de mission") && paul.contains("ORG:Appui Santé Somme"))
        #expect(!paul.contains("EMAIL") && !paul.contains("TEL") && !paul.contains("PHOTO"))
        let structure = try site.page("annuaire/dac-80/dac-80.vcf")
        #expect(structure.contains("KIND:org") && structure.contains("TEL;VALUE=uri;TYPE=work:tel:+33300000000"))
        let all = try site.page("annuaire/annuaire.vcf")
        #expect(all.components(separatedBy: "BEGIN:VCARD").count == 2)
        #expect(try site.page("annuaire/dac-80/").contains("href=\"/annuaire/dac-80/dac-80.vcf\""))
    }

    @Test func structuredDataNamesTheRightTypes() throws {
        let site = try TestSite(Sample.files)
        defer { site.remove() }
        site.build()
        let structure = try structuredData(try site.page("annuaire/dac-80/"))
        #expect(structure.first?["@type"] as? String == "MedicalOrganization")
        #expect(structure.first?["telephone"] as? String == "+33 3 00 00 00 00")
        let claire = try structuredData(try site.page("trombinoscope/claire-martin/"))
        #expect(claire.first?["@type"] as? String == "Person")
        #expect(claire.first?["email"] as? String == "claire.martin@example.org")
        let paul = try structuredData(try site.page("trombinoscope/paul-secret/"))
        #expect(paul.first?["@type"] as? String == "Person")
        #expect(paul.first?["email"] == nil && paul.first?["telephone"] == nil && paul.first?["image"] == nil)
        let event = try structuredData(try site.page("evenements/campus/"))
        #expect(event.first?["@type"] as? String == "Event")
        #expect((event.first?["subEvent"] as? [[String: Any]])?.first?["@type"] as? String == "Event")
    }

    @Test func longFilterListsAreListedInFullOnTheFirstPageOnly() throws {
        var files: [String: String] = ["content/index.md": "---\ntitle: Accueil\n---\nBienvenue."]
        for i in 1...45 {
            files["content/annuaire/structure-\(i).yaml"] = "name: Structure \(i)\nkind: CPTS\n"
            files["content/trombinoscope/personne-\(i).yaml"] = "name: Personne \(i)\nstructures: [structure-\(i)]\nconsent: true\n"
        }
        let site = try TestSite(files)
        defer { site.remove() }
        #expect(site.build().succeeded)
        let first = try site.page("trombinoscope/")
        #expect((1...45).allSatisfy { first.contains("href=\"/trombinoscope/structure/structure-\($0)/\"") })
        let filtered = try site.page("trombinoscope/structure/structure-7/")
        #expect(filtered.contains("aria-current=\"page\">Structure 7"))
        #expect(filtered.contains("Toute la liste"))
        #expect(!filtered.contains("href=\"/trombinoscope/structure/structure-8/\""))
    }

    @Test func filterPagesWorkWithoutJavaScript() throws {
        let site = try TestSite(Sample.files)
        defer { site.remove() }
        site.build()
        #expect(site.exists("annuaire/type/dac/index.html"))
        #expect(site.exists("annuaire/territoire/somme/index.html"))
        #expect(site.exists("trombinoscope/structure/dac-80/index.html"))
        let annuaire = try site.page("annuaire/")
        #expect(annuaire.contains("href=\"/annuaire/type/dac/\""))
        #expect(annuaire.contains("href=\"/annuaire/annuaire.vcf\""))
        let byStructure = try site.page("trombinoscope/structure/dac-80/")
        #expect(byStructure.contains("Claire Martin") && byStructure.contains("Paul Secret") && byStructure.contains("Sans Clé") == false)
    }

    @Test func reservedIdsAreRefused() throws {
        var files = Sample.files
        files["content/annuaire/type.yaml"] = "name: Type\n"
        let site = try TestSite(files)
        defer { site.remove() }
        #expect(site.build().errors.map(\.code) == ["reserved-address"])
    }
}

/// The annuaire fixture: 11 structures, 10 people, photos from 300 to 4000 px, one with
/// EXIF orientation 6, camera and GPS metadata, three people without consent.
@Suite("Annuaire fixture with real photos")
struct AnnuaireFixtureTests {
    @Test func photosAreSmallStrippedCachedAndConsentIsKept() throws {
        let source = FixtureSiteTests.fixtures.appendingPathComponent("good/annuaire")
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-annuaire-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: copy)
        try? FileManager.default.removeItem(at: copy.appendingPathComponent(".maillage-cache"))
        defer { try? FileManager.default.removeItem(at: copy) }
        let options = BuildOptions(source: copy, strict: true, buildDate: LocalDate(year: 2026, month: 11, day: 23)!)

        let first = Build.run(options)
        #expect(first.diagnostics.isEmpty, "\(DiagnosticPrinter(sources: first.sources).format(first.diagnostics))")
        #expect(first.imagesProcessed == 12, "6 consenting photos × 2 sizes")
        #expect(Build.run(options).imagesProcessed == 0, "a second build does no image work")

        let output = copy.appendingPathComponent("site/trombinoscope")
        var total = 0
        var people = Set<String>()
        for path in SiteLoader.walk(output, prefix: "") where path.contains("/portrait-") {
            let data = try Data(contentsOf: output.appendingPathComponent(path))
            total += data.count
            people.insert(String(path.split(separator: "/")[0]))
            for secret in ["Pixel 7", "Canon", "SONY", "iPhone", "GPS"] {
                #expect(data.range(of: Data(secret.utf8)) == nil, "\(path) keeps \(secret)")
            }
        }
        #expect(people == ["amelie-lefort", "bastien-roussel", "chloe-vasseur", "damien-caron", "elise-fournier", "fabien-lemaire"])
        #expect(total / people.count < 25 * 1024, "thumbnails weigh \(total / people.count) bytes per person")

        let everything = SiteLoader.walk(copy.appendingPathComponent("site"), prefix: "")
        for path in everything {
            let data = try Data(contentsOf: copy.appendingPathComponent("site/\(path)"))
            for secret in ["hugo.marchand.prive@example.org", "ines.delattre.prive@example.org", "julie.bertin.prive@example.org",
                           "+33 6 77 77 77 7", "+3367777777", "hugo-marchand.jpg", "ines-delattre.jpg", "julie-bertin.jpg"] {
                #expect(data.range(of: Data(secret.utf8)) == nil, "\(path) contains \(secret)")
            }
        }
    }
}
