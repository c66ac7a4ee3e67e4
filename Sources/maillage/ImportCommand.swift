import ArgumentParser
import Foundation
import MaillageCore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "importer",
        abstract: "Fait des pages à partir des documents d’un drive : Word, ODT, .doc, .rtf, PDF, images, présentations.",
        discussion: """
        Un document Word, ODT, .doc ou .rtf devient une page du type que dit son texte (compte \
        rendu, retour d’expérience, actualité, page ; --type pour l’imposer), avec ses images. \
        Un PDF, une image ou une présentation devient une ressource avec son fichier. Le rapport \
        dit, document par document et à quel endroit, ce qui n’a pas pu être repris tel quel \
        (commentaires, modifications suivies, cellules fusionnées, zones de texte…). Aucun \
        fichier existant n’est remplacé ; un document déjà importé est reconnu et sauté. \
        Demande pandoc et, pour .doc, .rtf, .odt et les présentations, LibreOffice.
        Sortie : 0 si tout est importé et construit avec --strict, 1 sinon, 2 en cas d’erreur d’usage.
        """
    )

    @Argument(help: ArgumentHelp("Les fichiers ou dossiers à importer (un export de drive, par exemple).", valueName: "chemin"))
    var paths: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Dossier du site (celui qui contient maillage.yaml).", valueName: "dossier"))
    var source: String = "."

    @Option(name: .long, help: ArgumentHelp("Le type de toutes les pages faites de documents Word : actualite, compte-rendu, retex ou page.", valueName: "type"))
    var type: String?

    @Option(name: .long, help: ArgumentHelp("texte (par défaut) ou json.", valueName: "format"))
    var format: String = "texte"

    @Flag(name: .long, help: "Montre ce qui serait fait, sans rien écrire.")
    var dryRun = false

    func validate() throws {
        if let type {
            guard let kind = Scaffold.kind(named: type), [.news, .minutes, .retex, .page].contains(kind) else {
                throw ValidationError("type « \(type) » : choisissez parmi actualite, compte-rendu, retex, page")
            }
        }
        guard ["texte", "json"].contains(format) else {
            throw ValidationError("format « \(format) » : choisissez texte ou json")
        }
    }

    func run() throws {
        let root = URL(fileURLWithPath: source).standardizedFileURL
        try requireSiteFolder(root)
        let options = Importer.Options(kind: type.flatMap(Scaffold.kind(named:)), dryRun: dryRun,
                                       today: Build.defaultBuildDate(timezone: "Europe/Paris"), previewWorker: PreviewWorkerCommand.executable)
        let report = withSiteLock(root) { Importer(site: root, options: options).run(paths) }
        print(format == "json" ? report.json : report.text, terminator: "")
        if dryRun && format == "texte" { print("(essai à blanc : rien n’a été écrit)") }
        if !report.succeeded { throw Exit.contentErrors }
    }
}
