import Foundation

/// Diagnostics for tools: JSON, and GitHub Actions workflow commands.
public enum DiagnosticFormats {
    /// One JSON array of objects: severity, code, file, line, column, message, help.
    public static func json(_ diagnostics: [Diagnostic]) -> String {
        struct Entry: Encodable {
            var severity: String, code: String, file: String, line: Int, column: Int, message: String, help: String?
        }
        let entries = diagnostics.map { d in
            Entry(severity: d.severity.rawValue, code: d.code, file: d.location.file, line: d.location.line,
                  column: d.location.column, message: d.message, help: d.help)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(entries) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    /// `::error file=…,line=…,col=…,title=…::message` lines, so that problems appear on the
    /// lines of a pull request.
    public static func github(_ diagnostics: [Diagnostic], pathPrefix: String = "") -> [String] {
        diagnostics.map { d in
            let kind = d.severity == .error ? "error" : "warning"
            var message = d.message
            if let help = d.help { message += " — aide : " + help }
            return "::\(kind) file=\(property(pathPrefix + d.location.file)),line=\(d.location.line),col=\(d.location.column),title=\(property("Maillage " + d.code))::\(data(message))"
        }
    }

    private static func data(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    private static func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
