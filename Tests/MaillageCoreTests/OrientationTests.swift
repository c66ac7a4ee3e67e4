import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import MaillageCore

/// Orientation trees (`content/orientation/*.yaml`): a decision tree in, a page that works
/// without JavaScript, a text version, an SVG overview and links from the annuaire out.
@Suite("Orientation decision trees")
struct OrientationTests {
    static let tree = """
    title: Après une chute
    intro: |
      Que faire quand une personne âgée est tombée ?
    example: true
    tags: [chutes]
    nodes:
      debut:
        question: La personne est-elle blessée ?
        help: |
          Une douleur ou un saignement comptent comme une blessure.
        answers:
          - label: Oui
            next: urgence
          - label: Non
            next: seule
      seule:
        question: Vit-elle seule ?
        answers:
          - label: Oui
            next: bilan
          - label: Non, avec un proche
            next: bilan
          - label: Je ne sais pas
            next: urgence
      urgence:
        outcome: Appeler le médecin traitant
        delay: le jour même
        structures: [dac-80]
        people: [paul-secret, claire-martin]
        text: |
          Appelez-le, ou le **15** en cas de danger.
      bilan:
        outcome: Bilan de chute en hôpital de jour
        delay: sous 15 jours
        structures: [dac-80]
    """

    static func site(_ tree: String = tree, extra: [String: String] = [:]) throws -> TestSite {
        var files = Sample.files
        files["content/orientation/chutes.yaml"] = tree
        for (path, text) in extra { files[path] = text }
        return try TestSite(files)
    }

    @Test func aTreeBecomesAPageWhoseAnswersAreLinksToEachStep() throws {
        let site = try Self.site()
        defer { site.remove() }
        let report = site.build(strict: true)
        #expect(report.diagnostics.isEmpty, "\(DiagnosticPrinter(sources: report.sources).format(report.diagnostics))")
        let html = try site.page("orientation/chutes/")
        for text in ["La personne est-elle blessée ?", "Vit-elle seule ?", "Non, avec un proche", "Appeler le médecin traitant",
                     "Bilan de chute en hôpital de jour", "sous 15 jours", "Appui Santé Somme", "Exemple à adapter"] {
            #expect(html.contains(text), "the page holds « \(text) »")
        }
        // Every answer is a link to a section of the page.
        let ids = Set(html.matches(of: /id="([^"]+)"/).map { String($0.1) })
        let targets = html.matches(of: /class="answer" href="#([^"]+)"/).map { String($0.1) }
        #expect(targets.count == 5)
        #expect(targets.allSatisfy(ids.contains), "\(targets)")
        #expect(html.contains("<section class=\"step is-start\" id=\"etape-debut\""))
        // The outcome reached twice has two sections, each with its own trail of answers.
        #expect(html.contains("id=\"etape-urgence\"") && html.contains("id=\"etape-urgence--2\""))
        #expect(html.contains("<li><a href=\"#etape-debut\">Non</a></li><li><a href=\"#etape-seule\">Je ne sais pas</a></li><li aria-current=\"step\">Appeler le médecin traitant</li>"))
        #expect(html.contains("<nav class=\"answers-trail\" aria-label=\"Vos réponses\">"))
        #expect(html.components(separatedBy: "<h1").count == 2, "one h1")
        #expect(html.contains("src=\"/assets/orientation.js\""))
        #expect(html.contains("href=\"/orientation/\" aria-current=\"page\""), "the main navigation shows the section")
    }

    @Test func theDiagramIsAccessibleDeterministicSVG() throws {
        let site = try Self.site()
        defer { site.remove() }
        site.build()
        let svg = try Data(contentsOf: site.output.appendingPathComponent("orientation/chutes/parcours.svg"))
        let parser = XMLParser(data: svg)
        #expect(parser.parse(), "the SVG is well-formed XML")
        let text = String(decoding: svg, as: UTF8.self)
        #expect(text.contains("role=\"img\"") && text.contains("aria-labelledby=\"titre description\""))
        #expect(text.contains("<title id=\"titre\">Schéma de l’arbre d’orientation « Après une chute »</title>"))
        #expect(text.contains("<desc id=\"description\">2 questions et 2 issues."))
        #expect(text.contains("Suite à l’étape"), "a step reached twice is drawn once, then referred to")
        #expect(!text.contains("Paul Secret") || !text.contains("paul.prive"))
        let again = try Self.site()
        defer { again.remove() }
        again.build()
        #expect(try Data(contentsOf: again.output.appendingPathComponent("orientation/chutes/parcours.svg")) == svg, "same tree, same bytes")
        let page = try site.page("orientation/chutes/")
        #expect(page.contains("<img src=\"/orientation/chutes/parcours.svg\""))
        #expect(page.contains("id=\"version-texte\""), "the text version of the diagram")
    }

    @Test func outcomesShowContactCardsAndHonourConsent() throws {
        let site = try Self.site()
        defer { site.remove() }
        site.build()
        let html = try site.page("orientation/chutes/")
        #expect(html.contains("href=\"tel:+33300000000\""), "the structure's phone")
        #expect(html.contains("Paul Secret"), "a person's name is always published")
        #expect(!html.contains("paul.prive@example.org") && !html.contains("12 34 56 78"), "never a contact without consent")
        #expect(html.contains("claire.martin@example.org"), "a consenting person's email")
    }

    @Test func structuresAndPeopleLinkBackAndTheSectionListsTrees() throws {
        let site = try Self.site()
        defer { site.remove() }
        site.build()
        let structure = try site.page("annuaire/dac-80/")
        #expect(structure.contains("Cette structure apparaît dans"))
        #expect(structure.contains("href=\"/orientation/chutes/#etape-urgence\""))
        #expect(try site.page("trombinoscope/paul-secret/").contains("Cette personne apparaît dans"))
        let list = try site.page("orientation/")
        #expect(list.contains("href=\"/orientation/chutes/\"") && list.contains("Arbre d’orientation"))
        #expect(try site.page("etiquettes/chutes/").contains("href=\"/orientation/chutes/\""))
        #expect(try String(contentsOf: site.output.appendingPathComponent("sitemap.xml"), encoding: .utf8).contains("/orientation/chutes/"))
    }

    @Test func aSiteWithoutTreesHasNoOrientationSection() throws {
        let site = try TestSite(Sample.files)
        defer { site.remove() }
        site.build()
        #expect(!site.exists("orientation/index.html"))
        #expect(!(try site.page("")).contains("href=\"/orientation/\""))
    }

    @Test func aDraftTreeIsNotPublished() throws {
        let site = try Self.site(Self.tree.replacingOccurrences(of: "example: true", with: "draft: true"))
        defer { site.remove() }
        #expect(site.build(strict: true).succeeded)
        #expect(!site.exists("orientation/chutes/index.html"))
    }

    /// Each mistake gives one error, where it is written.
    @Test(arguments: [
        ("cycle", "        next: bilan\n      - label: Non, avec un proche", "        next: debut\n      - label: Non, avec un proche", ["content/orientation/chutes.yaml:20 orientation-cycle"]),
        ("unreachable", "  bilan:\n", "  oubliee:\n    outcome: Jamais atteinte\n  bilan:\n", ["content/orientation/chutes.yaml:32 unreachable-step"]),
        ("unknown target", "next: seule", "next: seul", ["content/orientation/chutes.yaml:15 unknown-step"]),
        ("unknown target without suggestion", "next: seule", "next: ailleurs", ["content/orientation/chutes.yaml:15 unknown-step", "content/orientation/chutes.yaml:16 unreachable-step"]),
        ("unknown structure", "    structures: [dac-80]\n    people", "    structures: [dac-08]\n    people", ["content/orientation/chutes.yaml:28 unknown-reference"]),
        ("unknown person", "people: [paul-secret, claire-martin]", "people: [paul-secret, claire-martine]", ["content/orientation/chutes.yaml:29 unknown-reference"]),
        ("answer without next", "      - label: Je ne sais pas\n        next: urgence\n", "      - label: Je ne sais pas\n", ["content/orientation/chutes.yaml:23 missing-key"]),
        ("question without answers", "    question: Vit-elle seule ?\n    answers:", "    question: Vit-elle seule ?\n    reponses:", ["content/orientation/chutes.yaml:16 missing-key"]),
        ("neither question nor outcome", "    outcome: Bilan de chute en hôpital de jour\n", "    titre: Bilan de chute en hôpital de jour\n", ["content/orientation/chutes.yaml:32 step-kind"]),
        ("unknown start", "example: true", "start: debutt", ["content/orientation/chutes.yaml:4 unknown-step"]),
        ("missing nodes", "nodes:", "etapes:", ["content/orientation/chutes.yaml:1 missing-key"]),
    ])
    func eachMistakeIsOneLocatedError(name: String, find: String, replace: String, expected: [String]) throws {
        let text = Self.tree.replacingOccurrences(of: find, with: replace)
        #expect(text != Self.tree, "the mutation applies")
        let site = try Self.site(text)
        defer { site.remove() }
        let report = site.build()
        #expect(report.errorLines == expected, "\(DiagnosticPrinter(sources: report.sources).format(report.errors))")
        #expect(report.errors.allSatisfy { $0.help != nil })
        #expect(!site.exists("index.html"), "nothing is written")
    }

    @Test func aCycleNamesTheCircle() throws {
        let site = try Self.site(Self.tree.replacingOccurrences(of: "next: urgence\n      - label: Non\n", with: "next: seule\n      - label: Non\n")
            .replacingOccurrences(of: "- label: Je ne sais pas\n        next: urgence", with: "- label: Je ne sais pas\n        next: debut"))
        defer { site.remove() }
        let report = site.build()
        let cycle = try #require(report.errors.first { $0.code == "orientation-cycle" })
        #expect(cycle.message.contains("(debut → seule → debut)"))
    }

    @Test func pathsThatMultiplyBeyondReasonAreRefused() throws {
        // Ten questions whose two answers both lead to the next: 2^10 paths.
        var yaml = "title: Labyrinthe\nnodes:\n"
        for i in 0..<10 {
            yaml += "  q\(i):\n    question: Question \(i) ?\n    answers:\n      - label: A\n        next: \(i == 9 ? "fin" : "q\(i + 1)")\n      - label: B\n        next: \(i == 9 ? "fin" : "q\(i + 1)")\n"
        }
        yaml += "  fin:\n    outcome: Fin\n"
        let site = try Self.site(yaml)
        defer { site.remove() }
        #expect(site.build().errors.map(\.code) == ["too-many-paths"])
    }

    @Test func frenchPunctuationStaysWithItsWord() {
        #expect(Flowchart.wrap("mange-t-elle beaucoup moins ?", 27) == ["mange-t-elle beaucoup", "moins ?"])
        #expect(Flowchart.wrap("Si « Oui » alors", 6) == ["Si", "« Oui »", "alors"])
        #expect(Flowchart.number(12.0) == "12" && Flowchart.number(12.25) == "12.3")
    }
}
