import Foundation
import Testing
@testable import MaillageCore

/// Every complete example of the contributor's guide (a fenced block with `fichier=…`)
/// builds, strictly, in a site made by `maillage init`: the docs cannot rot.
@Suite("The contributor's guide builds")
struct GuideTests {
    static let guide = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/guide.md")

    /// `path → text` of the guide's example files.
    static func examples(_ markdown: String) -> [String: String] {
        var files: [String: String] = [:]
        var current: (path: String, lines: [String])?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if let open = current {
                if line.trimmingCharacters(in: .whitespaces) == "```" {
                    files[open.path] = open.lines.joined(separator: "\n") + "\n"
                    current = nil
                } else {
                    current?.lines.append(String(line))
                }
            } else if line.hasPrefix("```"), let range = line.range(of: "fichier=") {
                current = (String(line[range.upperBound...]).trimmingCharacters(in: .whitespaces), [])
            }
        }
        return files
    }

    @Test func everyExampleBuildsStrictly() throws {
        let markdown = try String(contentsOf: Self.guide, encoding: .utf8)
        let examples = Self.examples(markdown)
        #expect(examples.count >= 6, "the guide shows complete files")
        var files = Scaffold.starterSite(title: "Guide", today: LocalDate(year: 2026, month: 11, day: 23)!)
        for (path, text) in examples { files[path] = text }
        // The files the examples attach (flyers, photos) are real ones.
        for (path, text) in examples {
            for line in text.split(separator: "\n") {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard trimmed.hasPrefix("file:") || trimmed.hasPrefix("photo:") else { continue }
                let name = trimmed.split(separator: ":", maxSplits: 1)[1].split(separator: "#")[0].trimmingCharacters(in: .whitespaces)
                let beside = (path as NSString).deletingLastPathComponent + "/" + name
                files[beside] = name.lowercased().hasSuffix(".pdf") ? "@pdf" : "@photo"
            }
        }
        let site = try TestSite(files)
        defer { site.remove() }
        let report = site.build(strict: true)
        #expect(report.diagnostics.isEmpty, "\(DiagnosticPrinter(sources: report.sources).format(report.diagnostics))")
    }
}
