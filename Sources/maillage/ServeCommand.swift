import ArgumentParser
import Foundation
import MaillageCore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Prévisualise le site sur http://127.0.0.1:PORT/ et le met à jour à chaque enregistrement.",
        discussion: """
        Construit le site (brouillons compris, marqués « brouillon »), le sert sur la boucle locale, \
        surveille maillage.yaml, content/ et layouts/, reconstruit à chaque modification et recharge \
        les pages ouvertes. Tant que le contenu a des erreurs, le navigateur les affiche à la place \
        du site. Ctrl-C pour arrêter.
        """
    )

    @Option(name: .shortAndLong, help: ArgumentHelp("Dossier du site.", valueName: "dossier"))
    var source: String = "."

    @Option(name: .shortAndLong, help: ArgumentHelp("Port d’écoute.", valueName: "port"))
    var port: UInt16 = 1313

    @Flag(help: "Ne montre pas les brouillons.")
    var noDrafts = false

    @Flag(name: .shortAndLong, help: "Affiche aussi la durée de chaque étape de chaque reconstruction.")
    var verbose = false

    func run() async throws {
        let root = URL(fileURLWithPath: source).standardizedFileURL
        try requireSiteFolder(root)
        let output = root.appendingPathComponent(".maillage-cache/serve")
        let preview = Preview(root: root, output: output, port: port, drafts: !noDrafts, verbose: verbose)
        // Watching from before the first build: an edit made while it runs is seen.
        guard let watcher = FileWatcher(root: root) else {
            throw ValidationError("impossible de surveiller les fichiers (inotify indisponible)")
        }
        watcher.start()
        _ = watcher.take()
        await preview.rebuild(touched: nil)

        Task.detached {
            var built = 0
            while true {
                try? await Task.sleep(for: .milliseconds(5))
                let (changes, last) = watcher.state
                // Wait until the editor has finished writing (a few events in a row).
                if changes != built, Date().timeIntervalSince(last) > watcher.settling {
                    built = changes
                    // Only the files the watcher saw change are looked at again.
                    await preview.rebuild(touched: watcher.take())
                }
            }
        }

        let stop = DispatchSource.makeSignalSource(signal: SIGINT, queue: .main)
        signal(SIGINT, SIG_IGN)
        stop.setEventHandler {
            say("\nArrêt de la prévisualisation.")
            try? FileManager.default.removeItem(at: output)
            Foundation.exit(0)
        }
        stop.resume()

        // Every socket is a file: as many as the system allows, beyond the usual 1,024.
        let openFiles = PreviewServer.raiseOpenFilesLimit()
        var limits = PreviewServer.Limits()
        limits.maxConnections = max(16, min(limits.maxConnections, (openFiles - 256) / 2))
        let server = PreviewServer(port: port, limits: limits) { request in
            switch request.path {
            case "/__maillage/version":
                PreviewServer.Response(status: 200, headers: [("Content-Type", "text/plain"), ("Cache-Control", "no-store")],
                                       body: Data(String(await preview.version).utf8))
            case "/__maillage/reload.js":
                PreviewServer.Response(status: 200, headers: [("Content-Type", "text/javascript; charset=utf-8"), ("Cache-Control", "no-store")],
                                       body: Data(PreviewPages.reloadScript.utf8))
            default:
                await preview.respond(to: request.path)
            }
        }
        try await server.run {
            say("Prévisualisation : http://127.0.0.1:\(port)/ (Ctrl-C pour arrêter)")
        }
    }
}

/// The preview's state: the last build, its number, and the files it wrote.
actor Preview {
    let root: URL
    let output: URL
    let port: UInt16
    let drafts: Bool
    let verbose: Bool
    private(set) var version = 0
    private var errorPage: String?
    /// Parses and Markdown of unchanged files are reused from one rebuild to the next.
    private let cache = BuildCache()

    init(root: URL, output: URL, port: UInt16, drafts: Bool, verbose: Bool) {
        self.verbose = verbose
        self.root = root
        self.output = output
        self.port = port
        self.drafts = drafts
    }

    func rebuild(touched: Set<String>?) {
        var options = BuildOptions(source: root, output: output, baseURL: "http://127.0.0.1:\(port)/", includeDrafts: drafts,
                                   cache: cache, touched: touched)
        options.previewWorker = PreviewWorkerCommand.executable
        // Held only while rebuilding: a `maillage build` of the same site waits at most one rebuild.
        let report = withSiteLock(root) { Build.run(options) }
        if report.unchanged {
            say("Aucun changement (vérifié en \(Int((report.seconds * 1000).rounded())) ms)")
            // Back to the files of the last build that succeeded (an error undone): its site stands.
            if errorPage != nil {
                errorPage = nil
                version += 1
            }
            return
        }
        printDiagnostics(report, quiet: false, verbose: verbose)
        if report.succeeded {
            errorPage = nil
            let seconds = String(format: "%.2f", report.seconds).replacingOccurrences(of: ".", with: ",")
            // An edit in place: only the pages that show the edited files were made again.
            let names = report.editedInPlace.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")
            let edited = report.editedInPlace.isEmpty ? "" : " (modifié : \(names) ; \(plural(report.pagesRemade, "page")) refaite\(report.pagesRemade > 1 ? "s" : ""))"
            say("Reconstruit : \(plural(report.pages, "page")) en \(seconds) s\(edited)")
        } else {
            errorPage = PreviewPages.errorPage(report)
            say("Le site contient des erreurs : \(frenchCount(errors: report.errors.count, warnings: report.warnings.count)).")
        }
        version += 1
    }

    func respond(to path: String) -> PreviewServer.Response {
        let decoded = path
        let wantsPage = decoded.hasSuffix("/") || decoded.hasSuffix(".html") || !decoded.split(separator: "/").last.map { $0.contains(".") }.isTrue
        if let errorPage, wantsPage {
            return PreviewServer.Response(status: 500, headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")],
                                          body: Data(errorPage.utf8))
        }
        guard !decoded.split(separator: "/").contains("..") else { return .text(403, "Adresse refusée : elle sort du dossier du site.") }
        var file = output.appendingPathComponent(String(decoded.drop { $0 == "/" }))
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), isDirectory.boolValue {
            if !decoded.hasSuffix("/") {
                // One leading slash: `//name/` would send the browser to another host.
                let location = ("/" + decoded.drop { $0 == "/" } + "/").addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "/"
                return PreviewServer.Response(status: 301, headers: [("Location", location)])
            }
            file = file.appendingPathComponent("index.html")
        }
        var status = 200
        if !FileManager.default.fileExists(atPath: file.path) {
            file = output.appendingPathComponent("404.html")
            status = 404
        }
        guard let data = FileManager.default.contents(atPath: file.path) else { return .text(404, "Page introuvable.") }
        let type = MediaType.of(extension: file.pathExtension)
        let body = type.hasPrefix("text/html") ? Data(PreviewPages.inject(into: String(decoding: data, as: UTF8.self)).utf8) : data
        return PreviewServer.Response(status: status, headers: [("Content-Type", type), ("Cache-Control", "no-store")], body: body)
    }
}

extension Optional where Wrapped == Bool {
    var isTrue: Bool { self ?? false }
}
