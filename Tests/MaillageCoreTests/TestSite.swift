import Foundation
import Testing
@testable import MaillageCore

/// A whole site declared inline, written to a temporary folder and built, the way Hugo's
/// integration tests do: files in, pages out.
struct TestSite {
    let root: URL
    var output: URL { root.appendingPathComponent("site") }

    static let photo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/good/minimal/content/trombinoscope/julien-carpentier.jpg")

    static let pdf = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/good/minimal/content/ressources/flyer-sante-mentale.pdf")

    static let config = """
    title: Réseau test
    base_url: https://test.example.org/
    """

    /// `files` maps site-relative paths to contents; `maillage.yaml` is added when absent.
    init(_ files: [String: String], binary: [String: [UInt8]] = [:]) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("maillage-test-\(UUID().uuidString)")
        var all = files
        if all["maillage.yaml"] == nil { all["maillage.yaml"] = Self.config }
        for (path, text) in all {
            // `@photo` and `@pdf` stand for a real JPEG and a real PDF (from the fixture sites).
            switch text {
            case "@photo": try write(path, try Data(contentsOf: Self.photo))
            case "@pdf": try write(path, try Data(contentsOf: Self.pdf))
            default: try write(path, Data(text.utf8))
            }
        }
        for (path, bytes) in binary { try write(path, Data(bytes)) }
    }

    func write(_ path: String, _ data: Data) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    func write(_ path: String, _ text: String) throws { try write(path, Data(text.utf8)) }

    @discardableResult
    func build(drafts: Bool = false, strict: Bool = false, write: Bool = true,
               date: LocalDate = LocalDate(year: 2026, month: 11, day: 23)!) -> BuildReport {
        Build.run(BuildOptions(source: root, includeDrafts: drafts, strict: strict, buildDate: date), write: write)
    }

    func page(_ address: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(address.hasSuffix("/") || address.isEmpty ? address + "index.html" : address), encoding: .utf8)
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: output.appendingPathComponent(path).path)
    }

    /// Every output file's bytes, by site-relative path.
    func outputFiles() throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in SiteLoader.walk(output, prefix: "") {
            files[path] = try Data(contentsOf: output.appendingPathComponent(path))
        }
        return files
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

extension BuildReport {
    /// `file:line code` of every error, sorted: what tests compare.
    var errorLines: [String] {
        errors.map { "\($0.location.file):\($0.location.line) \($0.code)" }.sorted()
    }
}

/// A small valid site with one file of every kind, used by several suites.
enum Sample {
    static let files: [String: String] = [
        "content/index.md": """
        ---
        title: Accueil du réseau
        ---
        Bienvenue sur le site des coordinations.
        """,
        "content/actualites/lancement.md": """
        ---
        title: Lancement du site
        date: 2026-10-01
        tags: [interconnaissance, Santé mentale]
        territories: [Somme]
        ---
        Le site est ouvert. Voir [le campus](../evenements/campus.md) et [l'annuaire](../annuaire/dac-80.yaml).
        """,
        "content/actualites/brouillon.md": """
        ---
        title: Un brouillon
        date: 2026-10-02
        draft: true
        ---
        Phrase secrète du brouillon à ne jamais publier.
        """,
        "content/evenements/campus.md": """
        ---
        title: Campus des coordos
        start: 2026-12-10T09:00
        end: 2026-12-10T17:00
        location: Artois Expo
        organizers: [dac-80]
        sessions:
          - title: "Atelier 1 : retex"
            start: "09:30"
            end: "11:00"
            room: Salle A
            speakers: [claire-martin]
        ---
        Une journée pour les coordinateurs.
        """,
        "content/comptes-rendus/reunion.md": """
        ---
        title: Réunion ICOPE
        date: 2025-12-01
        location: Strasbourg
        event: campus
        participants: [dac-80, claire-martin]
        next_meeting: 2026-12-10
        ---
        # Points clés

        Les échanges ont porté sur le step 1.
        """,
        "content/retex/teleconsultation.md": """
        ---
        title: Téléconsultation assistée
        date: 2026-04-10
        structures: [dac-80]
        tags: [téléconsultation]
        ---
        Constats et premiers retours.
        """,
        "content/ressources/flyer.md": """
        ---
        title: Flyer ICOPE
        date: 2026-03-01
        file: flyer.pdf
        audience: Grand public
        ---
        Le flyer à imprimer.
        """,
        "content/ressources/flyer.pdf": "@pdf",
        "content/pages/a-propos.md": """
        ---
        title: À propos
        ---
        Qui sommes-nous ?
        """,
        "content/annuaire/dac-80.yaml": """
        name: Appui Santé Somme
        kind: DAC
        territories: [Somme]
        phone: "+33 3 00 00 00 00"
        website: https://example.org
        missions: [Appui aux professionnels]
        description: |
          Le **DAC** de la Somme.
        """,
        "content/trombinoscope/claire-martin.yaml": """
        name: Claire Martin
        role: Coordinatrice
        structures: [dac-80]
        photo: claire-martin.jpg
        email: claire.martin@example.org
        consent: true
        """,
        "content/trombinoscope/claire-martin.jpg": "@photo",
        "content/trombinoscope/paul-secret.yaml": """
        name: Paul Secret
        role: Chargé de mission
        structures: [dac-80]
        photo: paul-prive.jpg
        email: paul.prive@example.org
        phone: "+33 6 12 34 56 78"
        consent: false
        """,
        "content/trombinoscope/paul-prive.jpg": "private photo bytes",
        "content/trombinoscope/sans-cle.yaml": """
        name: Sans Clé
        email: sans.cle.prive@example.org
        phone: "+33 6 98 76 54 32"
        """,
    ]
}
