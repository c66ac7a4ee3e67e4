import ArgumentParser
import Foundation
import MaillageCore

/// Exit codes shared by every command: 0 success, 1 content errors, 2 usage errors.
enum Exit {
    static let contentErrors = ExitCode(1)
    static let usage = ExitCode(2)
}

struct Maillage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maillage",
        abstract: "Générateur de sites statiques pour les réseaux de coordination en santé.",
        discussion: """
        Maillage lit un dossier de site (maillage.yaml, content/, layouts/) et publie un site \
        statique dans site/ : actualités, agenda, comptes rendus, retex, ressources, annuaire \
        et trombinoscope.
        """,
        version: BuildInfo.description,
        subcommands: [BuildCommand.self, CheckCommand.self, NewCommand.self, InitCommand.self, ServeCommand.self, SearchCommand.self, ImportCommand.self, AtelierCommand.self,
                      PreviewWorkerCommand.self, FieldsDocsCommand.self],
        defaultSubcommand: BuildCommand.self
    )
}

/// Runs a command's `async` entry point (the existential would pick the synchronous one).
func runAsync<Command: AsyncParsableCommand>(_ command: inout Command) async throws {
    try await command.run()
}

// ArgumentParser exits with 64 on usage errors; Maillage promises 2.
do {
    var command = try Maillage.parseAsRoot()
    if var asyncCommand = command as? any AsyncParsableCommand {
        try await runAsync(&asyncCommand)
    } else {
        try command.run()
    }
} catch {
    if let exit = error as? ExitCode {
        Foundation.exit(exit.rawValue)
    }
    // Not the parser's: a system or Foundation error while running a command, told in French.
    guard String(reflecting: type(of: error)).hasPrefix("ArgumentParser.") else {
        FileHandle.standardError.write(Data("Erreur : \(SystemError.describe(error))\n".utf8))
        Foundation.exit(Exit.usage.rawValue)
    }
    let code = Maillage.exitCode(for: error)
    let message = French.translate(Maillage.fullMessage(for: error))
    if code == .success {
        // --help, --version: on standard output.
        print(message)
        Foundation.exit(0)
    }
    if !message.isEmpty {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
    Foundation.exit(code == .validationFailure ? Exit.usage.rawValue : code.rawValue)
}
