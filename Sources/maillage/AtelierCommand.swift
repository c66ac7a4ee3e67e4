import ArgumentParser
import Foundation
import MaillageAtelier
import MaillageCore

/// `maillage atelier`: the web desk where communicators write, upload, preview and publish.
struct AtelierCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "atelier",
        abstract: "Ouvre l’atelier : écrire, joindre des fichiers, prévisualiser et publier depuis un navigateur.",
        discussion: """
        Le dossier du site doit être une copie de travail git, avec un dépôt distant (origin) : \
        chaque enregistrement est un commit au nom de la personne connectée, envoyé au dépôt \
        distant. Créez d’abord un compte : maillage atelier compte ajouter NOM --role editeur \
        (le mot de passe est lu sur l’entrée standard). L’atelier écoute sur 127.0.0.1 ; pour \
        l’ouvrir au réseau, placez-le derrière un serveur HTTPS (docs/atelier.md).
        """,
        subcommands: [AtelierServeCommand.self, AtelierAccountCommand.self],
        defaultSubcommand: AtelierServeCommand.self
    )
}

struct AtelierServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ouvrir", abstract: "Lance l’atelier (par défaut).")

    @Option(name: .shortAndLong, help: ArgumentHelp("Dossier du site.", valueName: "dossier"))
    var source: String = "."

    @Option(name: .shortAndLong, help: ArgumentHelp("Port d’écoute.", valueName: "port"))
    var port: Int = 8080

    @Option(name: .customLong("hote"), help: ArgumentHelp("Adresse d’écoute (127.0.0.1 : cette machine seulement).", valueName: "adresse"))
    var host: String = "127.0.0.1"

    @Flag(name: .customLong("https"), help: "Cookies réservés à HTTPS (derrière un serveur HTTPS).")
    var https = false

    func run() async throws {
        let root = URL(fileURLWithPath: source).standardizedFileURL
        try requireSiteFolder(root)
        guard FileManager.default.fileExists(atPath: root.appendingPathComponent(".git").path) else {
            throw ValidationError("\(root.path) n’est pas une copie de travail git : l’atelier enregistre chaque modification par un commit (git clone ADRESSE, puis lancez l’atelier dans ce dossier)")
        }
        let accounts = try AccountStore(site: root).load()
        if accounts.isEmpty {
            FileHandle.standardError.write(Data("Aucun compte : créez-en un avec « maillage atelier compte ajouter NOM --role admin ».\n".utf8))
            throw Exit.usage
        }
        let server = AtelierServer(site: root, host: host, port: port, secureCookies: https,
                                   previewWorker: PreviewWorkerCommand.executable)
        let port = port, host = host
        try await server.run {
            say("Atelier : http://\(host):\(port)/ (Ctrl-C pour arrêter)")
        }
    }
}

struct AtelierAccountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compte", abstract: "Gère les comptes de l’atelier.",
        subcommands: [Add.self, Remove.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ajouter",
            abstract: "Ajoute un compte (ou change son rôle et son mot de passe). Le mot de passe est lu sur l’entrée standard.")

        @Argument(help: ArgumentHelp("Identifiant : lettres minuscules, chiffres, points, tirets.", valueName: "nom"))
        var name: String

        @Option(help: ArgumentHelp("redacteur (brouillons), editeur (publie) ou admin (gère les comptes).", valueName: "rôle"))
        var role: String

        @Option(name: .shortAndLong, help: ArgumentHelp("Dossier du site.", valueName: "dossier"))
        var source: String = "."

        func run() throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("rôle inconnu « \(role) » : redacteur, editeur ou admin")
            }
            let password = readLine(strippingNewline: true) ?? ""
            do {
                try AccountStore(site: URL(fileURLWithPath: source).standardizedFileURL).set(name: name, role: role, password: password)
            } catch let problem as AccountStore.Problem {
                throw ValidationError(problem.description)
            }
            print("Compte « \(name) » enregistré (\(role.label)).")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "supprimer", abstract: "Supprime un compte ; ses sessions s’arrêtent.")
        @Argument(help: ArgumentHelp("Identifiant.", valueName: "nom")) var name: String
        @Option(name: .shortAndLong, help: ArgumentHelp("Dossier du site.", valueName: "dossier")) var source: String = "."

        func run() throws {
            let removed = try AccountStore(site: URL(fileURLWithPath: source).standardizedFileURL).remove(name: name)
            print(removed ? "Compte « \(name) » supprimé." : "Aucun compte « \(name) ».")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "liste", abstract: "Liste les comptes et leurs rôles.")
        @Option(name: .shortAndLong, help: ArgumentHelp("Dossier du site.", valueName: "dossier")) var source: String = "."

        func run() throws {
            for account in try AccountStore(site: URL(fileURLWithPath: source).standardizedFileURL).load() {
                print("\(account.name)\t\(account.role.label)")
            }
        }
    }
}
