import ArgumentParser
import Foundation
import MaillageCore

/// `maillage __champs docs/contenu.md`: writes the docs' tables of keys again from the content
/// model (`ContentModel.standard`); for whoever changes that description. Not shown in the help.
struct FieldsDocsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "__champs", shouldDisplay: false)

    @Argument(help: "Le guide des contenus (docs/contenu.md).")
    var guide: String

    func run() throws {
        let url = URL(fileURLWithPath: guide)
        let text = try String(contentsOf: url, encoding: .utf8)
        try ContentModel.standard.rewritingDocs(text).write(to: url, atomically: true, encoding: .utf8)
        print("Tableaux des clés réécrits : \(ContentModel.documentedGroups(in: text).joined(separator: ", "))")
    }
}
