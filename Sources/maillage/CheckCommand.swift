import ArgumentParser
import Foundation
import MaillageCore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Vérifie le site sans rien écrire.",
        discussion: """
        Mêmes vérifications et mêmes codes de sortie que build, sans toucher au dossier de sortie.
        --format github écrit une annotation ::error par problème, pour qu’ils apparaissent sur \
        les lignes d’une pull request ; --format json, une liste pour les outils.
        """
    )

    @OptionGroup var site: SiteOptions

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, github
    }

    @Option(help: ArgumentHelp("Format des messages : text (pour les personnes), json (pour les outils), github (annotations d’une pull request).", valueName: "format"))
    var format: Format = .text

    func run() throws {
        try site.requireSite()
        let options = BuildOptions(source: site.sourceURL, baseURL: site.baseURL, includeDrafts: site.drafts,
                                   strict: site.strict, buildDate: site.parsedBuildDate)
        let lock = lockSite(site.sourceURL)
        let report = Build.run(options, write: false)
        withExtendedLifetime(lock) {}
        let shown = site.quiet ? report.errors : report.diagnostics
        switch format {
        case .text:
            printDiagnostics(report, quiet: site.quiet, verbose: site.verbose)
            if report.succeeded {
                if !site.quiet { print("Aucune erreur : \(report.pages) pages prêtes à publier.") }
            } else {
                FileHandle.standardError.write(Data("Échec : \(frenchCount(errors: report.errors.count, warnings: report.warnings.count)).\n".utf8))
            }
        case .json:
            print(DiagnosticFormats.json(shown))
        case .github:
            // Annotations name files from the repository's root, where CI runs.
            let cwd = FileManager.default.currentDirectoryPath
            let source = site.sourceURL.path
            let prefix = source.hasPrefix(cwd + "/") ? String(source.dropFirst(cwd.count + 1)) + "/" : ""
            for line in DiagnosticFormats.github(shown, pathPrefix: prefix) { print(line) }
        }
        if !report.succeeded { throw Exit.contentErrors }
    }
}
