import ArgumentParser
import Foundation
import MaillageCore

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Crée une page ou une fiche, avec toutes ses clés expliquées.",
        discussion: """
        Types : \(Scaffold.kinds.map(\.name).joined(separator: ", ")).
        Exemple : maillage new evenement "Journée régionale ICOPE" crée \
        content/evenements/journee-regionale-icope.md. Un fichier existant n’est jamais remplacé.
        """
    )

    @Argument(help: ArgumentHelp("Le type : \(Scaffold.kinds.map(\.name).joined(separator: ", ")).", valueName: "type"))
    var kind: String

    @Argument(help: ArgumentHelp("Le titre (ou le nom) ; il donne aussi le nom du fichier.", valueName: "titre"))
    var title: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Dossier du site.", valueName: "dossier"))
    var source: String = "."

    func validate() throws {
        guard Scaffold.kind(named: kind) != nil else {
            throw ValidationError("type inconnu « \(kind) » : choisissez parmi \(Scaffold.kinds.map(\.name).joined(separator: ", "))")
        }
        guard !Slug.make(title).isEmpty else {
            throw ValidationError("le titre doit contenir au moins une lettre ou un chiffre")
        }
    }

    func run() throws {
        let root = URL(fileURLWithPath: source).standardizedFileURL
        try requireSiteFolder(root)
        let kind = Scaffold.kind(named: kind)!
        let path = Scaffold.path(for: kind, title: title)
        let url = root.appendingPathComponent(path)
        if FileManager.default.fileExists(atPath: url.path) {
            FileHandle.standardError.write(Data("Erreur : \(path) existe déjà ; il n’a pas été modifié. Choisissez un autre titre ou modifiez ce fichier.\n".utf8))
            throw Exit.contentErrors
        }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let today = Build.defaultBuildDate(timezone: "Europe/Paris")
        try Scaffold.text(for: kind, title: title, today: today).write(to: url, atomically: true, encoding: .utf8)
        print("Créé : \(path)")
    }
}
