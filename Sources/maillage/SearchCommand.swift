import ArgumentParser
import Foundation
import MaillageCore

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Cherche dans l’index d’un site construit, comme la page de recherche.",
        discussion: """
        Même analyse du français, mêmes règles de correspondance et même classement que la \
        recherche du site dans le navigateur (accents, pluriels, fautes de frappe). Le site doit \
        avoir été construit (maillage build).
        """
    )

    @Argument(help: ArgumentHelp("Les mots cherchés.", valueName: "requête"))
    var query: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Dossier du site (celui qui contient maillage.yaml).", valueName: "dossier"))
    var source: String = "."

    @Option(name: .long, help: ArgumentHelp("Dossier du site construit ; site/ dans le dossier du site par défaut.", valueName: "dossier"))
    var output: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Nombre de résultats affichés.", valueName: "n"))
    var limit: Int = 10

    @Flag(name: .long, help: "Une ligne JSON par résultat (rang, adresse, titre, type, score, mots absents), pour les outils.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Le jour de la question, pour « prochaine », « dernier »… (AAAA-MM-JJ) ; aujourd’hui par défaut.", valueName: "date"))
    var date: String?

    func validate() throws {
        if let date, LocalDate(iso: date) == nil {
            throw ValidationError("date invalide pour --date : « \(date) » (format AAAA-MM-JJ)")
        }
    }

    func run() throws {
        let root = URL(fileURLWithPath: source).standardizedFileURL
        let site = output.map { URL(fileURLWithPath: $0).standardizedFileURL } ?? root.appendingPathComponent("site")
        var engine: SearchEngine
        do {
            engine = try SearchEngine(site: site)
        } catch {
            FileHandle.standardError.write(Data("Erreur : \((error as? SearchEngine.Failure).map { "\($0)" } ?? SystemError.describe(error))\n".utf8))
            throw Exit.usage
        }
        // Every page is ranked; only the ones shown are read.
        let (ranked, missing) = engine.ranked(query, today: date.flatMap(LocalDate.init(iso:)) ?? .today)
        let terms = SearchEngine.terms(of: query)
        let hits = ranked.prefix(limit).map { engine.hit($0, terms: terms) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for (rank, hit) in hits.enumerated() {
                let result = Result(rank: rank + 1, url: "/" + hit.address, title: hit.title, kind: hit.kind,
                                    score: (hit.score * 1000).rounded() / 1000, missing: hit.missing, found_in: hit.foundIn)
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
            }
            return
        }
        if ranked.isEmpty {
            print("Aucun résultat pour « \(query) ».")
            if !missing.isEmpty {
                print("Aucune page ne contient : \(missing.joined(separator: ", ")).")
                let near = engine.suggestions(for: missing)
                if !near.isEmpty { print("Essayez : \(near.joined(separator: ", ")).") }
            }
            return
        }
        print("\(ranked.count) résultat\(ranked.count > 1 ? "s" : "") pour « \(query) » :")
        for (rank, hit) in hits.enumerated() {
            print("\(rank + 1). \(hit.title) — \(hit.kind)\n   /\(hit.address)")
            if !hit.missing.isEmpty { print("   sans : \(hit.missing.joined(separator: ", "))") }
            if let file = hit.foundIn { print("   trouvé dans \(file)") }
        }
    }

    /// A result as `--format json` writes it, one line per result.
    struct Result: Encodable {
        var rank: Int, url: String, title: String, kind: String, score: Double, missing: [String]
        var found_in: String?
    }
}
