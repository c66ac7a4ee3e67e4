import Foundation
import Testing
@testable import MaillageCore

/// The repository's own site (`content/`, `layouts/`, `maillage.yaml` at the root) builds,
/// strictly, and shows what coordinators come for.
@Suite("The repository's own site")
struct RepositorySiteTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func build() throws -> (URL, BuildReport) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-repo-\(UUID().uuidString)")
        let report = Build.run(BuildOptions(source: Self.root, output: output, strict: true,
                                            buildDate: LocalDate(year: 2026, month: 11, day: 23)!))
        return (output, report)
    }

    func page(_ output: URL, _ address: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(address + "index.html"), encoding: .utf8)
    }

    @Test func buildsStrictlyWithTheLayoutOverride() throws {
        let (output, report) = try build()
        defer { try? FileManager.default.removeItem(at: output) }
        #expect(report.diagnostics.isEmpty, "\(DiagnosticPrinter(sources: report.sources).format(report.diagnostics))")
        let notFound = try String(contentsOf: output.appendingPathComponent("404.html"), encoding: .utf8)
        #expect(notFound.contains("layouts/not-found.mustache"))
    }

    @Test func campusAgendaLinksItsSpeakersAndMinutesLinkTheirMeetings() throws {
        let (output, _) = try build()
        defer { try? FileManager.default.removeItem(at: output) }
        let campus = try page(output, "evenements/campus-des-coordos-2026/")
        #expect(campus.contains("vendredi 10 avril 2026, 9 h – 17 h"))
        #expect(campus.contains("<h2 id=\"seances\">Programme</h2>"))
        #expect(campus.components(separatedBy: "class=\"session\"").count > 3)
        #expect(campus.contains("href=\"/trombinoscope/helene-marchand/\""), "speakers are linked")
        #expect(campus.contains("href=\"/annuaire/dac-02/\""), "organizers are linked")
        #expect(campus.contains("campus-des-coordos-2026.ics"))
        #expect(campus.contains("\"@type\":\"Event\"") && campus.contains("\"subEvent\""))

        let minutes = try page(output, "comptes-rendus/icope-grand-est-2025/")
        #expect(minutes.contains("href=\"/evenements/rencontre-icope-grand-est-2025/\""), "the minutes link their event")
        #expect(minutes.contains("Prochaine rencontre"))
        #expect(minutes.contains("<a href=\"/evenements/rencontre-icope-grand-est-2026/\"><time datetime=\"2026-12-01\">mardi 1er décembre 2026</time></a>"),
                "the next meeting links the planned event")
        let meeting = try page(output, "evenements/rencontre-icope-grand-est-2025/")
        #expect(meeting.contains("href=\"/comptes-rendus/icope-grand-est-2025/\""), "the event lists the minutes that point to it")

        let home = try page(output, "")
        #expect(home.contains("Prochains événements") && home.contains("Rencontre ICOPE Grand Est 2026"))
    }

    @Test func flyerOffersItsDownloadAndAPreview() throws {
        let (output, _) = try build()
        defer { try? FileManager.default.removeItem(at: output) }
        let flyer = try page(output, "ressources/flyer-icope-step-1/")
        #expect(flyer.contains("href=\"/ressources/flyer-icope-step-1.pdf\""))
        #expect(flyer.contains("(PDF, "))
        #expect(flyer.contains("src=\"/ressources/flyer-icope-step-1/apercu.png\""))
        let png = try Data(contentsOf: output.appendingPathComponent("ressources/flyer-icope-step-1/apercu.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        // The first page of the A4 flyer, its longer side fitted to 480 pixels.
        #expect(PNG.size(of: output.appendingPathComponent("ressources/flyer-icope-step-1/apercu.png")).map { max($0.0, $0.1) } == 480)
    }
}
