import ArgumentParser
import Foundation
import MaillageCore

/// Options shared by `build` and `check`.
struct SiteOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("Dossier du site (celui qui contient maillage.yaml).", valueName: "dossier"))
    var source: String = "."

    @Option(name: .long, help: ArgumentHelp("Adresse du site publié ; remplace base_url de maillage.yaml.", valueName: "url"))
    var baseURL: String?

    @Flag(name: .long, help: "Publie aussi les brouillons (draft: true), pour une prévisualisation.")
    var drafts = false

    @Flag(name: .long, help: "Les avertissements comptent comme des erreurs (pour l’intégration continue).")
    var strict = false

    @Option(name: .long, help: ArgumentHelp("Date de référence AAAA-MM-JJ (événements passés ou à venir) ; par défaut aujourd’hui, ou SOURCE_DATE_EPOCH.", valueName: "date"))
    var buildDate: String?

    @Flag(name: .shortAndLong, help: "N’affiche que les erreurs.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Affiche aussi la durée de chaque étape.")
    var verbose = false

    func validate() throws {
        if let buildDate, parsedBuildDate == nil {
            throw ValidationError("date invalide pour --build-date : « \(buildDate) » (format AAAA-MM-JJ)")
        }
    }

    var parsedBuildDate: LocalDate? {
        buildDate.flatMap(LocalDate.init(iso:))
    }

    var sourceURL: URL { URL(fileURLWithPath: source).standardizedFileURL }

    /// Stops with a usage error when the folder is not a site.
    func requireSite() throws { try requireSiteFolder(sourceURL) }
}

/// Stops with a usage error when `root` holds no `maillage.yaml`.
func requireSiteFolder(_ root: URL) throws {
    guard FileManager.default.fileExists(atPath: root.appendingPathComponent("maillage.yaml").path) else {
        throw ValidationError("aucun fichier maillage.yaml dans \(root.path) : lancez la commande dans le dossier du site, ou indiquez-le avec --source DOSSIER")
    }
}

/// Prints a build's diagnostics, compiler style, on standard error.
func printDiagnostics(_ report: BuildReport, quiet: Bool, verbose: Bool = false) {
    let colors = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    let printer = DiagnosticPrinter(sources: report.sources, colors: colors)
    let shown = quiet ? report.errors : report.diagnostics
    if !shown.isEmpty {
        FileHandle.standardError.write(Data((printer.format(shown) + "\n").utf8))
    }
    if verbose {
        let phases = report.phases.map { "\($0.name) \(String(format: "%.3f", $0.seconds)) s" }.joined(separator: ", ")
        FileHandle.standardError.write(Data("Étapes : \(phases)\n".utf8))
    }
}

/// A line on standard output, written at once (also when it is a pipe or a log file).
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// Takes the site's build lock (one build at a time per site folder), saying so when another
/// build, check or preview of the same site holds it: this one then waits for it to finish.
/// The lock is held while `body` runs.
func withSiteLock<T>(_ site: URL, _ body: () throws -> T) rethrows -> T {
    let lock = BuildLock.acquire(site: site) { pid in
        let who = pid.map { " (processus \($0))" } ?? ""
        FileHandle.standardError.write(Data("Une autre construction de ce site est en cours\(who) : attente de sa fin…\n".utf8))
    }
    defer { withExtendedLifetime(lock) {} }
    return try body()
}
