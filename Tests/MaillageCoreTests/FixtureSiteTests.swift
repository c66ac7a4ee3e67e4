import Foundation
import Testing
@testable import MaillageCore

/// Whole sites on disk (`Tests/Fixtures/`): good ones must build cleanly, each bad one must
/// fail with exactly the located errors its `expected.txt` lists (`path:line` per line).
@Suite("Fixture sites on disk")
struct FixtureSiteTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func sites(_ group: String) -> [String] {
        let folder = fixtures.appendingPathComponent(group)
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/maillage.yaml").path) || group == "bad" }
            .filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }
            .sorted()
    }

    @Test(arguments: sites("good"))
    func goodSiteBuilds(name: String) throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-fixture-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let report = Build.run(BuildOptions(source: Self.fixtures.appendingPathComponent("good/\(name)"), output: output,
                                            buildDate: LocalDate(year: 2026, month: 11, day: 23)!))
        #expect(report.errors.isEmpty, "\(DiagnosticPrinter(sources: report.sources).format(report.errors))")
        #expect(report.wrote)
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("index.html").path))
    }

    @Test(arguments: sites("bad"))
    func badSiteFailsWithLocatedErrors(name: String) throws {
        let site = Self.fixtures.appendingPathComponent("bad/\(name)")
        let expectedText = try String(contentsOf: site.appendingPathComponent("expected.txt"), encoding: .utf8)
        let expected = expectedText.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }.sorted()
        let report = Build.run(BuildOptions(source: site, buildDate: LocalDate(year: 2026, month: 11, day: 23)!), write: false)
        let actual = report.errors.map { "\($0.location.file):\($0.location.line)" }.sorted()
        #expect(actual == expected, "\(DiagnosticPrinter(sources: report.sources).format(report.errors))")
        #expect(report.errors.allSatisfy { $0.help != nil || $0.code == "yaml-syntax" }, "every error says how to fix it")
        #expect(!report.succeeded)
    }
}
