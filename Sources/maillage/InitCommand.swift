import ArgumentParser
import Foundation
import MaillageCore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Crée un nouveau site, prêt à construire, avec un exemple de chaque type de contenu.",
        discussion: "Exemple : maillage init mon-reseau && cd mon-reseau && maillage build"
    )

    @Argument(help: ArgumentHelp("Le dossier à créer (il doit être vide ou ne pas exister).", valueName: "dossier"))
    var directory: String

    @Option(help: ArgumentHelp("Le nom du site.", valueName: "titre"))
    var title: String = "Réseau des coordinations"

    func run() throws {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        let fm = FileManager.default
        if let existing = try? fm.contentsOfDirectory(atPath: root.path), !existing.isEmpty {
            throw ValidationError("le dossier \(root.path) n’est pas vide : choisissez un nouveau dossier")
        }
        let today = Build.defaultBuildDate(timezone: "Europe/Paris")
        for (path, text) in Scaffold.starterSite(title: title, today: today).sorted(by: { $0.key < $1.key }) {
            let url = root.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try "site/\n.maillage-cache/\n".write(to: root.appendingPathComponent(".gitignore"), atomically: true, encoding: .utf8)
        print("Site créé dans \(root.path). Pour le construire : cd \(directory) && maillage build")
    }
}
