import Foundation

/// What `maillage serve` adds to pages: the reload script, and the page shown instead of the
/// site while it has errors.
public enum PreviewPages {
    /// Asks the server for the build number every 250 ms and reloads when it changes.
    public static let reloadScript = """
    (function () {
      var seen = null;
      function poll() {
        fetch("/__maillage/version", { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (v) {
          if (seen !== null && v !== seen) { location.reload(); return; }
          seen = v;
          setTimeout(poll, 250);
        }).catch(function () { setTimeout(poll, 1000); });
      }
      poll();
    })();
    """

    /// Adds the reload script to an HTML page.
    public static func inject(into html: String) -> String {
        let tag = "<script src=\"/__maillage/reload.js\"></script>"
        if let range = html.range(of: "</body>", options: .backwards) {
            return html.replacingCharacters(in: range, with: tag + "</body>")
        }
        return html + tag
    }

    /// The French page listing a build's problems, with the lines they are on.
    public static func errorPage(_ report: BuildReport) -> String {
        let printer = DiagnosticPrinter(sources: report.sources)
        let items = report.errors.map { d in
            "<li><pre>\(Format.xmlEscape(printer.format(d)))</pre></li>"
        }.joined(separator: "\n")
        let count = frenchCount(errors: report.errors.count, warnings: report.warnings.count)
        return """
        <!doctype html>
        <html lang="fr">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Le site contient des erreurs — Maillage</title><link rel="icon" href="data:,">
        <style>
        body { font-family: system-ui, sans-serif; margin: 0; background: #fff7f5; color: #1b1f24; }
        main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1rem; }
        h1 { color: #9b1c1c; font-size: 1.6rem; }
        ol { padding-left: 1.2rem; }
        li { margin: 1rem 0; }
        pre { white-space: pre-wrap; background: #fff; border: 1px solid #e3c4bd; border-left: 4px solid #9b1c1c; padding: 0.75rem 1rem; font-size: 0.95rem; overflow-x: auto; }
        </style></head>
        <body><main>
        <h1>Le site contient des erreurs</h1>
        <p>\(count). Corrigez les fichiers ci-dessous et enregistrez : cette page se mettra à jour
        toute seule, et le site reviendra dès qu’il n’y aura plus d’erreur.</p>
        <ol>
        \(items)
        </ol>
        </main>
        <script src="/__maillage/reload.js"></script>
        </body></html>
        """
    }
}
