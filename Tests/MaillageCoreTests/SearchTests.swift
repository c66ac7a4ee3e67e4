import Foundation
import Testing
@testable import MaillageCore

/// Search: the French analysis (the same vectors as the browser client's node tests), the
/// relevance of `SearchEngine` on the repository's site and a fixture site (the query sets
/// of `Tests/Fixtures/search/`, also run in Chromium by `scripts/search_check.py`), and
/// what the index must never hold.
@Suite("Search")
struct SearchTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let root = fixtures.deletingLastPathComponent().deletingLastPathComponent()

    struct Vector: Decodable {
        var text: String
        var words: [String]
        var stems: [String]
    }

    @Test func analysisMatchesTheSharedVectors() throws {
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("search/analysis.json"))
        let vectors = try JSONDecoder().decode([Vector].self, from: data)
        #expect(vectors.count >= 20)
        for v in vectors {
            let words = FrenchAnalyzer.words(v.text)
            #expect(words.map(\.folded) == v.words, "words of « \(v.text) »")
            #expect(words.map(\.stem) == v.stems, "stems of « \(v.text) »")
        }
    }

    @Test func distanceCountsASwapAsOneEdit() {
        func d(_ a: String, _ b: String, _ limit: Int = 2) -> Int {
            SearchEngine.distance(Array(a.unicodeScalars), Array(b.unicodeScalars), limit: limit)
        }
        #expect(d("teleconsultaton", "teleconsultation") == 1)
        #expect(d("infrimi", "infirmi") == 1)
        #expect(d("abcdef", "uvwxyz") == 3)
    }

    /// `query<TAB>expected` lines; expected is a fragment of the first result's address, or NONE.
    static func queries(_ name: String) throws -> [(String, String)] {
        try String(contentsOf: fixtures.appendingPathComponent("search/\(name)"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") && $0.contains("\t") }
            .map { line in
                let parts = line.split(separator: "\t", maxSplits: 1)
                return (String(parts[0]), String(parts[1]))
            }
    }

    func build(_ source: URL) throws -> URL {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-search-\(UUID().uuidString)")
        let report = Build.run(BuildOptions(source: source, output: output, buildDate: LocalDate(year: 2026, month: 11, day: 23)!))
        #expect(report.succeeded)
        return output
    }

    func expectFirst(_ queries: [(String, String)], site: URL) throws {
        var engine = try SearchEngine(site: site)
        var hits = 0
        for (query, expected) in queries {
            let results = engine.search(query)
            if expected == "NONE" {
                #expect(results.isEmpty, "« \(query) » should find nothing, found \(results.prefix(3).map(\.address))")
                if results.isEmpty { hits += 1 }
            } else {
                let first = results.first.map { "/" + $0.address } ?? "(rien)"
                #expect(first.contains(expected), "« \(query) »: first \(first), expected \(expected)")
                if first.contains(expected) { hits += 1 }
            }
        }
        print("search: \(hits)/\(queries.count) queries with the expected page first")
    }

    @Test func repositorySiteQueriesFindTheExpectedPageFirst() throws {
        let queries = try Self.queries("queries-depot.tsv")
        #expect(queries.count >= 40)
        let output = try build(Self.root)
        defer { try? FileManager.default.removeItem(at: output) }
        try expectFirst(queries, site: output)
    }

    @Test func fixtureSiteQueriesFindTheExpectedPageFirst() throws {
        let output = try build(Self.fixtures.appendingPathComponent("good/annuaire"))
        defer { try? FileManager.default.removeItem(at: output) }
        try expectFirst(try Self.queries("queries-annuaire.tsv"), site: output)
    }

    @Test func typingMatchesPrefixesAndTheJoinedFormOfHyphenatedNames() throws {
        let site = try TestSite([
            "content/annuaire/cpts-haute-somme.yaml": "name: CPTS de la Haute-Somme\nkind: CPTS\n",
            "content/annuaire/dac-nord.yaml": "name: DAC du Nord\nkind: DAC\nmissions: [Appui aux parcours en haute montagne, Somme des demandes]\n",
        ])
        defer { site.remove() }
        let report = site.build()
        #expect(report.succeeded)
        var engine = try SearchEngine(site: site.output)
        #expect(engine.search("haute somme").first?.address == "annuaire/cpts-haute-somme/")
        #expect(engine.search("communauté professionnelle").first?.address == "annuaire/cpts-haute-somme/", "acronyms are spelled out")
        #expect(engine.search("dispositif d'appui").first?.address == "annuaire/dac-nord/")
        #expect(engine.search("cpts haute-so").first?.address == "annuaire/cpts-haute-somme/")
        #expect(engine.search("montagne somme cpts").isEmpty, "every word must match one page")
    }

    @Test func theIndexHoldsNoDraftAndNoContactOfAPersonWithoutConsent() throws {
        let output = try build(Self.fixtures.appendingPathComponent("good/minimal"))
        defer { try? FileManager.default.removeItem(at: output) }
        let minimal = Self.fixtures.appendingPathComponent("good/minimal/content")
        let draft = try String(contentsOf: minimal.appendingPathComponent("actualites/brouillon-interne.md"), encoding: .utf8)
        let person = try String(contentsOf: minimal.appendingPathComponent("trombinoscope/camille-prive.yaml"), encoding: .utf8)
        func value(_ text: String, _ key: String) -> String {
            let line = text.split(separator: "\n").first { $0.hasPrefix(key + ":") } ?? ""
            return line.dropFirst(key.count + 1).trimmingCharacters(in: CharacterSet(charactersIn: " \""))
        }
        let email = value(person, "email"), phone = value(person, "phone"), draftTitle = value(draft, "title")
        #expect(!email.isEmpty && !phone.isEmpty && !draftTitle.isEmpty)
        let folder = output.appendingPathComponent("recherche/index")
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder.path)
        #expect(files.count > 5)
        var all = ""
        for file in files where file.hasSuffix(".json") {
            all += try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
        }
        #expect(all.contains("Camille"), "a person's name is public")
        #expect(!all.contains(email))
        #expect(!all.contains(phone))
        #expect(!all.contains(draftTitle))
        var engine = try SearchEngine(site: output)
        #expect(engine.search(String(draftTitle.split(separator: " ").last!)).allSatisfy { !$0.address.contains("brouillon") })
    }
}
