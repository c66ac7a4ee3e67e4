import Foundation
import Testing
@testable import MaillageCore
@testable import MaillageAtelier

/// One description of the keys (`ContentModel`): the parser, `maillage new`, the docs and the
/// atelier's forms are made from it and cannot drift apart.
@Suite("content model: one description of the keys")
struct ContentModelTests {
    static let guide = RepositorySiteTests.root.appendingPathComponent("docs/contenu.md")

    @Test func docsTablesAreTheModels() throws {
        let text = try String(contentsOf: Self.guide, encoding: .utf8)
        let documented = ContentModel.documentedGroups(in: text)
        #expect(Set(documented) == Set(ContentModel.standard.order), "groupes sans tableau : \(Set(ContentModel.standard.order).subtracting(documented))")
        // The tables are exactly what the model writes: run `maillage __champs docs/contenu.md` after a change.
        #expect(ContentModel.standard.rewritingDocs(text) == text)
    }

    /// The parser asks for every key the model describes, and for no other.
    @Test(arguments: Kind.allCases)
    func parserReadsTheDescribedKeys(kind: Kind) throws {
        let model = ContentModel.standard
        var text: String
        if kind == .orientation {
            text = Scaffold.text(for: .orientation, title: "Arbre", today: ScaffoldTests.today)
        } else {
            var file = ContentFile(kind: kind, values: [kind.isMarkdown ? "title" : "name": .text("Essai")], body: "Texte.")
            if kind.isMarkdown { file.values["date"] = .text("2026-04-10") }
            if kind == .event {
                file.values["start"] = .text("2026-04-10T09:00")
                file.values["sessions"] = .items([["title": .text("Atelier")]])
            }
            text = file.written()
        }
        let path = "content/\(kind.folder)/essai.\(kind.isMarkdown ? "md" : "yaml")"
        let read = Locked<[String: Set<String>]>([:])
        let (_, diagnostics) = FieldReader.$keysRead.withValue(read) {
            ContentParser.parse(SourceFile(path: path, text: text))
        }
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        let asked = read.value
        var groups = [ContentModel.group(of: kind)]
        if kind == .event { groups.append("event.sessions") }
        if kind == .orientation { groups.append("orientation.step") }
        for group in groups {
            #expect(asked[group] == Set(model.keys(group)), "groupe \(group) : le parseur lit \(asked[group]?.sorted() ?? []), le modèle décrit \(model.keys(group).sorted())")
        }
    }

    /// A form's values written to a file and read back are the same values, whatever was typed.
    @Test func contentFileRoundTrips() throws {
        let hostile = "Titre \"guillemets\" : # pas un commentaire\n---\n<script>alert(1)</script> \\ fin"
        let file = ContentFile(kind: .event, values: [
            "title": .text(hostile),
            "start": .text("2026-04-10T09:00"),
            "tags": .list(["a, b", "c]"]),
            "sessions": .items([["title": .text("Atelier : 1"), "start": .text("09:30"), "speakers": .list(["claire-martin"])],
                                ["title": .text("Atelier 2")]]),
        ], body: "## Programme\n\n---\n\nTexte.\n")
        let text = file.written()
        let back = try #require(ContentFile.read(text, kind: .event))
        #expect(back.text("title") == hostile.replacingOccurrences(of: "\n", with: " "))
        #expect(back.list("tags") == ["a, b", "c]"])
        #expect(back.items("sessions").count == 2)
        #expect(back.body == file.body)
        #expect(back.written() == text)
    }
}

/// Changing a field's help in the one description changes it in `maillage new`, in the docs'
/// table and in the atelier's form.
@Test func oneHelpChangeReachesNewDocsAndForm() throws {
    var model = ContentModel.standard
    let index = try #require(model.groups["event"]?.firstIndex { $0.key == "location" })
    model.groups["event"]![index].help = "Aide changée : la salle et la ville, pour les retardataires."
    let new = Scaffold.text(for: .event, title: "Journée", today: ScaffoldTests.today, model: model)
    #expect(new.contains("# Aide changée : la salle et la ville, pour les retardataires."))
    let docs = model.rewritingDocs(try String(contentsOf: ContentModelTests.guide, encoding: .utf8))
    #expect(docs.contains("| `location` | non | texte | `location: Artois Expo, Saint-Laurent-Blangy` | Aide changée : la salle et la ville, pour les retardataires. |"))
    let account = Account(name: "camille", role: .editeur, hash: "")
    let form = DeskPages.form(DeskPages.FormState(kind: .event, typeName: "evenement", file: ContentFile(kind: .event)),
                              choices: [:], model: model, account: account, csrf: "x")
    #expect(form.contains("<p class=\"aide\" id=\"champ-location-aide\">Aide changée : la salle et la ville, pour les retardataires.</p>"))
    // And the standard description is unchanged in all three.
    #expect(!Scaffold.text(for: .event, title: "Journée", today: ScaffoldTests.today).contains("Aide changée"))
}
