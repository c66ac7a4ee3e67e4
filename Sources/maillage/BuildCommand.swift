import ArgumentParser
import Foundation
import MaillageCore

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Construit le site dans site/.",
        discussion: """
        Lit maillage.yaml, content/ et layouts/, vérifie tout (clés, dates, identifiants, liens, \
        fichiers) et écrit le site. Toutes les erreurs sont signalées en une fois ; s’il y en a, \
        le dossier de sortie précédent reste intact.
        Codes de sortie : 0 réussite, 1 erreurs dans le contenu, 2 mauvaise utilisation.
        """
    )

    @OptionGroup var site: SiteOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Dossier de sortie (par défaut : site/ dans le dossier du site).", valueName: "dossier"))
    var output: String?

    func validate() throws {
        guard let output else { return }
        let out = URL(fileURLWithPath: output).standardizedFileURL.path
        let source = site.sourceURL.path
        if out == source || source.hasPrefix(out + "/") || out == "/" {
            throw ValidationError("--output \(output) contient le dossier du site : il serait effacé. Choisissez un autre dossier, par exemple site/")
        }
        for protected in ["content", "layouts"] where out == source + "/" + protected || out.hasPrefix(source + "/" + protected + "/") {
            throw ValidationError("--output ne peut pas être dans \(protected)/ : choisissez un autre dossier, par exemple site/")
        }
    }

    func run() throws {
        try site.requireSite()
        var options = BuildOptions(source: site.sourceURL, output: output.map { URL(fileURLWithPath: $0) },
                                   baseURL: site.baseURL, includeDrafts: site.drafts, strict: site.strict,
                                   buildDate: site.parsedBuildDate)
        options.previewWorker = PreviewWorkerCommand.executable
        // A progress line on a terminal only: CI logs stay clean.
        let showProgress = !site.quiet && isatty(STDERR_FILENO) == 1
        let report = withSiteLock(site.sourceURL) { Build.run(options, progress: showProgress ? showProgressStep : nil) }
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
        printDiagnostics(report, quiet: site.quiet, verbose: site.verbose)
        if report.succeeded {
            if !site.quiet {
                let seconds = String(format: "%.2f", report.seconds).replacingOccurrences(of: ".", with: ",")
                print("Site construit : \(plural(report.pages, "page")), \(plural(report.structures, "structure")), \(plural(report.people, "personne")), \(plural(report.files, "fichier"))\(report.imagesProcessed > 0 ? ", \(plural(report.imagesProcessed, "image produite", "images produites"))" : "") en \(seconds) s → \(options.output.path)\(report.warnings.isEmpty ? "" : " (\(frenchCount(errors: 0, warnings: report.warnings.count)))")")
            }
        } else {
            FileHandle.standardError.write(Data("Échec : \(frenchCount(errors: report.errors.count, warnings: report.warnings.count)). Le site n’a pas été modifié.\n".utf8))
            throw Exit.contentErrors
        }
    }
}

/// « 1 page », « 2 pages ».
func plural(_ count: Int, _ singular: String, _ pluralForm: String? = nil) -> String {
    "\(count) \(count > 1 ? pluralForm ?? singular + "s" : singular)"
}

/// Rewrites the terminal's progress line.
@Sendable func showProgressStep(_ step: String) {
    FileHandle.standardError.write(Data("\r\u{1B}[2KMaillage : \(step)…".utf8))
}
