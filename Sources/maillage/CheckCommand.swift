import ArgumentParser
import Foundation
import MaillageCore

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Vérifie le site sans rien écrire.",
        discussion: """
        Mêmes vérifications et mêmes codes de sortie que build, sans toucher au dossier de sortie.
        --format github écrit une annotation ::error par problème, pour qu’ils apparaissent sur \
        les lignes d’une pull request ; --format json, une liste pour les outils.
        --external vérifie aussi les liens vers d’autres sites (une requête par adresse, délai \
        --external-timeout) : un lien mort est un avertissement, qui ne change jamais le code de sortie.
        """
    )

    @OptionGroup var site: SiteOptions

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, github
    }

    @Option(help: ArgumentHelp("Format des messages : text (pour les personnes), json (pour les outils), github (annotations d’une pull request).", valueName: "format"))
    var format: Format = .text

    @Flag(help: "Vérifie aussi que les liens vers d’autres sites répondent (avertissements seulement).")
    var external = false

    @Option(help: ArgumentHelp("Délai d’attente de chaque lien externe, en secondes.", valueName: "secondes"))
    var externalTimeout: Double = 10

    func run() async throws {
        try site.requireSite()
        var options = BuildOptions(source: site.sourceURL, baseURL: site.baseURL, includeDrafts: site.drafts,
                                   strict: site.strict, buildDate: site.parsedBuildDate)
        options.previewWorker = PreviewWorkerCommand.executable
        var report = withSiteLock(site.sourceURL) { Build.run(options, write: false) }
        var externalSummary: String?
        if external {
            let links = report.externalLinks
            if format == .text, !site.quiet {
                FileHandle.standardError.write(Data("Vérification de \(plural(Set(links.map(\.value)).count, "lien externe", "liens externes"))…\n".utf8))
            }
            let (outcomes, warnings) = await ExternalLinks.check(links, timeout: externalTimeout)
            // Other sites' problems are never errors, even with --strict: they do not block a publication.
            report.diagnostics = (report.diagnostics + warnings).sorted { $0.location < $1.location }
            let broken = outcomes.filter { $0.problem != nil }.count
            externalSummary = "Liens externes : \(outcomes.count - broken) valides, \(plural(broken, "injoignable", "injoignables"))."
        }
        let shown = site.quiet ? report.errors : report.diagnostics
        switch format {
        case .text:
            printDiagnostics(report, quiet: site.quiet, verbose: site.verbose)
            if let externalSummary, !site.quiet { print(externalSummary) }
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
