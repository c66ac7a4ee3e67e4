import Foundation
import Testing
@testable import MaillageCore

@Suite("iCalendar files")
struct CalendarTests {
    @Test func eventAndAgendaFilesFollowRFC5545() throws {
        var files = Sample.files
        files["content/evenements/longue.md"] = """
        ---
        title: "Journée régionale : oncogériatrie, parcours; échanges \\\\ ateliers — une très longue ligne pour éprouver le pliage à 75 octets"
        start: 2026-12-15
        end: 2026-12-16
        location: Amiens
        ---
        """
        let site = try TestSite(files)
        defer { site.remove() }
        #expect(site.build().errors.isEmpty)
        let event = try Data(contentsOf: site.output.appendingPathComponent("evenements/campus/campus.ics"))
        let agenda = try Data(contentsOf: site.output.appendingPathComponent("evenements/agenda.ics"))
        for data in [event, agenda] {
            let text = try #require(String(data: data, encoding: .utf8))
            #expect(text.hasSuffix("\r\n"))
            let lines = text.components(separatedBy: "\r\n").dropLast()
            #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends with CRLF")
            for line in lines { #expect(line.utf8.count <= 75, "\(line)") }
        }
        let text = String(decoding: event, as: UTF8.self)
        #expect(text.contains("UID:campus@test.example.org"))
        #expect(text.contains("DTSTART:20261210T080000Z"), "9:00 in Paris in December is 08:00 UTC")
        #expect(text.contains("DTEND:20261210T160000Z"))
        #expect(text.components(separatedBy: "BEGIN:VEVENT").count == 3, "the event and its one session")
        let long = String(decoding: try Data(contentsOf: site.output.appendingPathComponent("evenements/longue/longue.ics")), as: UTF8.self)
        let unfolded = long.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("SUMMARY:Journée régionale : oncogériatrie\\, parcours\\; échanges \\\\ ateliers"))
        #expect(unfolded.contains("DTSTART;VALUE=DATE:20261215"))
        #expect(unfolded.contains("DTEND;VALUE=DATE:20261217"))
        #expect(String(decoding: agenda, as: UTF8.self).contains("UID:longue@test.example.org"))
        #expect(try site.page("evenements/campus/").contains("href=\"/evenements/campus/campus.ics\""))
        #expect(try site.page("evenements/").contains("href=\"/evenements/agenda.ics\""))
    }

    @Test func foldingNeverSplitsACharacter() {
        let line = "DESCRIPTION:" + String(repeating: "é", count: 100)
        let folded = ContentLine.fold(line)
        for part in folded.components(separatedBy: "\r\n") {
            #expect(part.utf8.count <= 75)
        }
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line)
    }

    @Test func theAgendaKeepsUpcomingEventsAndTheLastTwelveMonths() throws {
        let site = try TestSite(Sample.files)
        defer { site.remove() }
        site.build(date: LocalDate(year: 2027, month: 1, day: 1)!)
        #expect(try site.page("evenements/agenda.ics").contains("UID:campus@test.example.org"))
        site.build(date: LocalDate(year: 2028, month: 1, day: 1)!)
        #expect(!site.exists("evenements/agenda.ics"), "no empty calendar: it would not import")
        #expect(!(try site.page("evenements/").contains("agenda.ics")))
    }
}

@Suite("Markdown")
struct MarkdownTests {
    @Test func headingsGetUniqueIDs() {
        let rendered = Markdown.render(MarkdownText(text: "## Programme\n\n## Public\n\n## Public\n\n### L’équipe & co", file: "x.md", firstLine: 1)) { _, _ in .keep }
        #expect(rendered.html.contains("<h2 id=\"programme\">Programme</h2>"))
        #expect(rendered.html.contains("<h2 id=\"public\">Public</h2>"))
        #expect(rendered.html.contains("<h2 id=\"public-2\">Public</h2>"))
        #expect(rendered.html.contains("<h3 id=\"l-equipe-co\">"))
    }

    @Test func tablesAndStrikethroughAndAutolinks() {
        let rendered = Markdown.render(MarkdownText(text: "| a | b |\n|---|:-:|\n| 1 | 2 |\n\n~barré~ et https://example.org", file: "x.md", firstLine: 1)) { _, _ in .keep }
        #expect(rendered.html.contains("<table>"))
        #expect(rendered.html.contains("<del>barré</del>"))
        #expect(rendered.html.contains("<a href=\"https://example.org\">"))
        #expect(!rendered.html.contains("align="), "no obsolete HTML attribute")
        #expect(rendered.html.contains("<th class=\"align-center\">b</th>"), "alignment by class: the CSP forbids style attributes")
    }

    /// cmark-gfm's table of inline special characters is process-wide: parsers rendering at
    /// the same time must not lose strikethrough or autolinks (Markdown.extensionsReady).
    @Test func rendersOnEveryCoreWithoutLosingExtensions() {
        let results = concurrentMap(800) { i in
            Markdown.render(MarkdownText(text: "Texte \(i) ~barré~ et www.example.org/\(i) puis https://example.org/\(i)",
                                         file: "x.md", firstLine: 1)) { _, _ in .keep }.html
        }
        for (i, html) in results.enumerated() {
            #expect(html.contains("<del>barré</del>"), "\(i): \(html)")
            #expect(html.contains("<a href=\"http://www.example.org/\(i)\">"), "\(i): \(html)")
            #expect(html.contains("<a href=\"https://example.org/\(i)\">"), "\(i): \(html)")
        }
    }

    @Test func firstParagraphIsTheDefaultSummary() {
        let rendered = Markdown.render(MarkdownText(text: "## Titre\n\nPremier *paragraphe* avec [lien](https://example.org).\n\nSecond.", file: "x.md", firstLine: 1)) { _, _ in .keep }
        #expect(rendered.firstParagraph == "Premier paragraphe avec lien.")
    }
}
