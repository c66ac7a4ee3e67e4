import Foundation
import Testing
@testable import MaillageCore

/// `maillage importer` on a shared drive's export made with Word, LibreOffice and reportlab
/// (`Tests/Fixtures/import/`): real pandoc and LibreOffice, real files.
@Suite("Importing a shared drive", .serialized)
struct ImportTests {
    static let drive = FixtureSiteTests.fixtures.appendingPathComponent("import/drive")
    static let today = LocalDate(year: 2026, month: 12, day: 7)!

    static func importer(_ site: TestSite, dryRun: Bool = false) -> Importer {
        Importer(site: site.root, options: .init(dryRun: dryRun, today: today))
    }

    /// Every file of the site's folder, with its content.
    static func snapshot(_ site: TestSite) -> [String: Data] {
        var files: [String: Data] = [:]
        let walker = FileManager.default.enumerator(at: site.root.appendingPathComponent("content"), includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            if let data = FileManager.default.contents(atPath: url.path) { files[url.path] = data }
        }
        return files
    }

    @Test func theDriveComesInWithEachLossAtItsPlaceAndBuildsStrictly() throws {
        let site = try TestSite(Sample.files)
        defer { site.remove() }
        let report = Self.importer(site).run([Self.drive.path])
        func file(_ name: String) throws -> ImportedFile { try #require(report.files.first { $0.source.hasSuffix("/" + name) }) }

        #expect(report.files.count == 11)
        #expect(report.files.filter { $0.outcome == .imported }.count == 10)
        #expect(try file("copie de compte-rendu-copil-mars.docx").outcome == .duplicate)
        #expect(report.succeeded, "\(report.text)")

        // The Word minutes: each loss named, in the section it was in.
        for name in ["compte-rendu-copil-mars.docx", "compte-rendu-copil-mars.odt"] {
            let minutes = try file(name)
            #expect(minutes.kind == "compte rendu")
            #expect(minutes.date == "2026-03-03")
            let places = Dictionary(minutes.losses.map { ($0.code, $0.place) }) { first, _ in first }
            #expect(places["comment"] == "Bilan du programme ICOPE", "\(name)")
            #expect(places["insertion"] == "Bilan du programme ICOPE", "\(name)")
            #expect(places["deletion"] == "Parcours de sortie d'hospitalisation", "\(name)")
            #expect(places["note"] == "Bilan du programme ICOPE", "\(name)")
            #expect(places["merged-cells"] == "Parcours de sortie d'hospitalisation", "\(name)")
            #expect(places["fake-heading"] == "Parcours de sortie d'hospitalisation", "\(name)")
            #expect(places["text-box"] != nil, "\(name)")
            #expect(minutes.losses.filter { $0.code == "image-alt" }.count == 2, "\(name)")
            #expect(minutes.losses.contains { $0.message.contains("À vérifier avec le DAC") })
            #expect(minutes.losses.contains { $0.message.contains("2 lignes") && $0.message.contains("3 colonnes") })
            #expect(minutes.attachments.count == 2)
        }
        let page = try String(contentsOf: site.root.appendingPathComponent(try #require(try file("compte-rendu-copil-mars.docx").page)), encoding: .utf8)
        #expect(page.contains("### Points divers"))
        #expect(page.contains("| Appel de suivi après la sortie |  | mai 2026 |"))
        #expect(page.contains("dans les quatre pharmacies participantes"))
        #expect(!page.contains("dès le lendemain de la sortie"))
        #expect(!page.contains("À vérifier avec le DAC"))
        #expect(page.contains("imported_from: \"compte-rendu-copil-mars.docx#"))

        // Kinds and dates from the text, the .doc through LibreOffice, the EMF made a PNG.
        #expect(try file("retex-sortie-hopital.docx").kind == "retour d’expérience")
        #expect(try file("retex-sortie-hopital.docx").date == "2026-12-01")
        #expect(try file("actualite-nouveau-site.odt").kind == "actualité")
        #expect(try file("ordre-du-jour-plenière.doc").date == "2026-11-12")
        #expect(try file("note-avec-emf.docx").attachments.first?.hasSuffix(".png") == true)
        // PDFs and the deck as resources; the scan said so, in the report and in its page.
        let scan = try file("affiche-scannee.pdf")
        #expect(scan.losses.map(\.code) == ["scanned"])
        #expect(try String(contentsOf: site.root.appendingPathComponent(try #require(scan.page)), encoding: .utf8).contains("scanned: true"))
        #expect(try file("flyer-journee-aidants.pdf").title == "Journée des aidants 2026")
        #expect(try file("presentation-icope.pptx").attachments.first?.hasSuffix(".pdf") == true)

        // What was written builds as the site would with --strict.
        let build = site.build(strict: true)
        #expect(build.errors.isEmpty, "\(build.errors)")
    }

    @Test func importingTwiceAddsNothingAndADryRunWritesNothing() throws {
        let site = try TestSite(Sample.files)
        defer { site.remove() }
        let before = Self.snapshot(site)
        let dry = Self.importer(site, dryRun: true).run([Self.drive.path])
        #expect(dry.files.filter { $0.outcome == .imported }.count == 10)
        #expect(Self.snapshot(site) == before)

        let first = Self.importer(site).run([Self.drive.path])
        let afterFirst = Self.snapshot(site)
        #expect(afterFirst.count > before.count)
        let second = Self.importer(site).run([Self.drive.path])
        #expect(Self.snapshot(site) == afterFirst)
        #expect(second.files.filter { $0.outcome == .alreadyImported }.count == 11)
        #expect(second.files.allSatisfy { $0.outcome == .alreadyImported })
        // A copy under another name is known by its content.
        let renamed = FileManager.default.temporaryDirectory.appendingPathComponent("autre-nom-\(UUID().uuidString).docx")
        try FileManager.default.copyItem(at: Self.drive.appendingPathComponent("retex-sortie-hopital.docx"), to: renamed)
        defer { try? FileManager.default.removeItem(at: renamed) }
        let third = Self.importer(site).run([renamed.path])
        #expect(third.files.first?.outcome == .alreadyImported)
        #expect(third.files.first?.page == first.files.first { $0.source.hasSuffix("retex-sortie-hopital.docx") }?.page)
    }

    @Test func aFileThatIsNotWhatItsNameSaysIsRefused() throws {
        let site = try TestSite(Sample.files)
        defer { site.remove() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("faux-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(atPath: "/bin/true", toPath: folder.appendingPathComponent("flyer.pdf").path)
        try Data("MZ\u{90}\u{0}".utf8).write(to: folder.appendingPathComponent("compte-rendu.docx"))
        try Data("bonjour".utf8).write(to: folder.appendingPathComponent("notes.exe"))
        let before = Self.snapshot(site)
        let report = Self.importer(site).run([folder.path])
        #expect(report.files.map(\.outcome) == [.refused, .refused, .refused])
        #expect(report.files.first?.notes.first?.contains("c’est un programme") == true)
        #expect(!report.succeeded)
        #expect(Self.snapshot(site) == before)
    }

    @Test(arguments: [
        ("Compte rendu de la réunion. Présents : A, B. Ordre du jour : …", Kind.minutes),
        ("Retour d'expérience : ce qui a marché, ce qui a moins marché", Kind.retex),
        ("Notre nouveau site est en ligne : nous avons le plaisir de…", Kind.news),
        ("Mentions légales du site", Kind.page),
    ])
    func theKindComesFromTheWords(text: String, kind: Kind) {
        #expect(DocumentText.kind(of: text) == kind)
    }

    /// Words found only inside a resource's PDF find its page, and the result says the page of the PDF.
    @Test func wordsInsideAPDFFindItsPage() throws {
        var files = Sample.files
        files["content/ressources/journee-aidants.md"] = "---\ntitle: Journée des aidants\ndate: 2026-09-01\nfile: flyer.pdf\n---\nLe flyer.\n"
        files["content/ressources/affiche.md"] = "---\ntitle: Affiche\ndate: 2026-09-01\nfile: affiche.pdf\n---\nL’affiche.\n"
        let site = try TestSite(files)
        defer { site.remove() }
        try site.write("content/ressources/flyer.pdf", try Data(contentsOf: Self.drive.appendingPathComponent("flyer-journee-aidants.pdf")))
        try site.write("content/ressources/affiche.pdf", try Data(contentsOf: Self.drive.appendingPathComponent("affiche-scannee.pdf")))
        let report = site.build()
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.warnings.map(\.code) == ["pdf-without-text"])
        #expect(report.warnings.first?.location.file == "content/ressources/affiche.md")
        var engine = try SearchEngine(site: site.output)
        let hits = engine.search("covoiturage solidaire")
        #expect(hits.first?.address == "ressources/journee-aidants/")
        #expect(hits.first?.foundIn == "flyer.pdf, page 2")
        // Said in the page of the scan: no more warning.
        try site.write("content/ressources/affiche.md", "---\ntitle: Affiche\ndate: 2026-09-01\nfile: affiche.pdf\nscanned: true\n---\nL’affiche.\n")
        #expect(site.build(strict: true).diagnostics.isEmpty)
    }

    /// A Word file whose XML declares entities that expand to others is not read (its words
    /// are not indexed), in bounded time and memory; a broken archive neither.
    @Test func hostileWordFilesAreNotRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let laughs = "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaaaaaaaa\">"
            + (1...9).map { "<!ENTITY \(Character(UnicodeScalar(97 + $0)!)) \"" + String(repeating: "&\(Character(UnicodeScalar(96 + $0)!));", count: 10) + "\">" }.joined()
            + "]><w:document><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>"
        let zip = folder.appendingPathComponent("rires.docx")
        let made = Process()
        made.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        made.arguments = ["-c", "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_DEFLATED); z.writestr('word/document.xml', sys.argv[2]); z.close()",
                          zip.path, laughs]
        try made.run()
        made.waitUntilExit()
        #expect(OfficeText.read(zip, type: "docx") == nil)
        try Data("PK\u{3}\u{4}pas une archive".utf8).write(to: folder.appendingPathComponent("casse.docx"))
        #expect(OfficeText.read(folder.appendingPathComponent("casse.docx"), type: "docx") == nil)
        #expect(OfficeText.read(Self.drive.appendingPathComponent("retex-sortie-hopital.docx"), type: "docx")?.contains("Ce qui a marché") == true)
    }
}
