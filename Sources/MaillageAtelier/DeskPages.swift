import Foundation
import MaillageCore

/// The atelier's pages, as HTML text. Everything a person typed or a file holds goes through
/// `h(_:)`; forms are made from the content model.
enum DeskPages {
    /// Escaped for HTML text and attributes: the site's own escaper.
    static func h(_ text: String) -> String { Format.xmlEscape(text) }

    /// A query value: `chemin=content%2F…`.
    static func q(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    static func page(_ title: String, account: Account?, csrf: String?, notice: String? = nil, _ main: String) -> String {
        let nav = account.map { a in
            """
            <nav aria-label="Atelier"><a href="/">Tableau de bord</a>\(a.role == .admin ? " <a href=\"/comptes\">Comptes</a>" : "")
            <form method="post" action="/deconnexion" class="inline"><input type="hidden" name="_csrf" value="\(h(csrf ?? ""))">
            <button type="submit" class="lien">Se déconnecter (\(h(a.name)), \(a.role.label))</button></form></nav>
            """
        } ?? ""
        return """
        <!DOCTYPE html>
        <html lang="fr"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(h(title)) — Atelier Maillage</title>
        <link rel="stylesheet" href="/atelier.css">
        <script src="/atelier.js" defer></script>
        </head><body>
        <header><p class="marque">Atelier Maillage</p>\(nav)</header>
        <main id="contenu">
        \(notice.map { "<p class=\"avis\" role=\"status\">\(h($0))</p>" } ?? "")
        <h1>\(h(title))</h1>
        \(main)
        </main>
        </body></html>
        """
    }

    static func signIn(csrf: String, message: String?, name: String) -> String {
        page("Connexion", account: nil, csrf: nil, """
        \(message.map { "<p class=\"erreur\" role=\"alert\">\(h($0))</p>" } ?? "")
        <form method="post" action="/connexion">
        <input type="hidden" name="_csrf" value="\(h(csrf))">
        <p><label for="identifiant">Identifiant</label>
        <input id="identifiant" name="identifiant" autocomplete="username" required value="\(h(name))" autocapitalize="none"></p>
        <p><label for="mot_de_passe">Mot de passe</label>
        <input id="mot_de_passe" name="mot_de_passe" type="password" autocomplete="current-password" required></p>
        <p><button type="submit">Se connecter</button></p>
        </form>
        """)
    }

    static func dashboard(desk: Desk, account: Account, csrf: String, notice: String?, pushError: String?) -> String {
        var rows = ""
        for (name, kind) in Scaffold.kinds {
            let count = desk.items(of: kind).count
            rows += """
            <li><a href="/liste/\(name)">\(h(kind.plural))</a> (\(count))
            — <a href="/nouveau/\(name)">Nouveau : \(h(kind.singular.lowercased()))</a></li>
            """
        }
        let warning = pushError.map { "<p class=\"erreur\" role=\"alert\">Envoi au dépôt distant en échec : \(h($0))</p>" } ?? ""
        return page("Tableau de bord", account: account, csrf: csrf, notice: notice, """
        \(warning)
        <p>Bonjour \(h(account.name)). Vous êtes \(h(account.role.label))\(account.role.canPublish ? " : vous pouvez publier." : " : vous enregistrez des brouillons, qu’un éditeur publie.")</p>
        <ul class="types">\(rows)</ul>
        <p><a href="/televerser">Importer des documents</a> (Word, PDF, images : plusieurs à la fois)</p>
        """)
    }

    /// The kinds a document may be imported as; « selon le document » lets the importer read it.
    static let importKinds = ["compte-rendu", "retex", "actualite", "page", "ressource"]

    static func importForm(account: Account, csrf: String, maximum: Int) -> String {
        let options = importKinds.compactMap { name in Scaffold.kinds.first { $0.name == name } }
            .map { "<option value=\"\($0.name)\">\(h($0.kind.singular))</option>" }.joined()
        return page("Importer des documents", account: account, csrf: csrf, """
        <p>Envoyez en une fois les documents du drive : comptes rendus Word ou OpenDocument, PDF, \
        images, présentations. Chacun devient un brouillon à relire (un texte Word devient une page ; \
        un PDF, une image ou une présentation, une ressource), enregistré à votre nom. \
        \(maximum >> 20) Mo au plus par document.</p>
        <form method="post" action="/televerser" enctype="multipart/form-data">
        <input type="hidden" name="_csrf" value="\(h(csrf))">
        <p><label for="fichiers">Documents</label>
        <input id="fichiers" name="fichiers" type="file" multiple required aria-describedby="fichiers-aide"
         accept="\(Desk.importedTypes.sorted().map { "." + $0 }.joined(separator: ","))">
        <span class="aide" id="fichiers-aide">Word (.docx, .odt, .doc, .rtf), PDF, images (.jpg, .png, .webp, .gif), présentations (.pptx, .odp). \
        Le type est vérifié d’après le contenu du fichier, pas son nom.</span></p>
        <p><label for="type">Type des pages</label>
        <select id="type" name="type"><option value="">Selon le document</option>\(options)</select></p>
        <p><button type="submit">Importer</button></p>
        </form>
        """)
    }

    static func imported(_ results: [Desk.Imported], account: Account, csrf: String) -> String {
        let items = results.map { result -> String in
            let file = result.file
            var html = "<li><strong>\(h(file.source))</strong> : "
            switch file.outcome {
            case .imported where result.commit != nil:
                let page = file.page ?? ""
                html += "importé\(file.title.map { " — <a href=\"/modifier?chemin=\(q(page))\">\(h($0))</a>" } ?? "") (brouillon\(file.kind.map { ", \(h($0))" } ?? ""))"
            case .alreadyImported:
                html += "déjà importé" + (file.page.map { " : <a href=\"/modifier?chemin=\(q($0))\">\(h($0))</a>" } ?? "")
            case .duplicate: html += "en double"
            case .refused: html += "<span class=\"erreur\">refusé</span>"
            default: html += "<span class=\"erreur\">non importé</span>"
            }
            var notes = file.notes.map { "<li>\(h($0))</li>" }
            notes += file.losses.map { "<li>À vérifier (\(h($0.place))) : \(h($0.message))</li>" }
            notes += file.problems.map { "<li class=\"erreur\">Ligne \($0.line) : \(h($0.message))\($0.help.map { " — " + h($0) } ?? "")</li>" }
            if !notes.isEmpty { html += "<ul>\(notes.joined())</ul>" }
            return html + "</li>"
        }
        let done = results.filter { $0.commit != nil }.count
        return page("Documents importés", account: account, csrf: csrf, """
        <p role="status">\(done) document(s) importé(s) sur \(results.count), en brouillon : relisez chacun, puis publiez-le.</p>
        <ul class="elements">\(items.joined(separator: "\n"))</ul>
        <p><a href="/televerser">Importer d’autres documents</a></p>
        """)
    }

    static func list(kind: Kind, name: String, items: [Desk.Item], account: Account, csrf: String) -> String {
        let rows = items.map { item in
            "<li><a href=\"/modifier?chemin=\(q(item.path))\">\(h(item.title))</a>\(item.draft ? " <span class=\"etiquette\">brouillon</span>" : "")</li>"
        }.joined(separator: "\n")
        return page(kind.plural, account: account, csrf: csrf, """
        <p><a href="/nouveau/\(name)">Nouveau : \(h(kind.singular.lowercased()))</a></p>
        <ul class="elements">\(rows.isEmpty ? "<li>Rien pour l’instant.</li>" : rows)</ul>
        """)
    }

    // MARK: The form of an item

    struct FormState {
        var kind: Kind
        var typeName: String
        var path: String?
        var file: ContentFile
        var revision: String?
        /// Problems by key (`body` for the text, `` for the whole page).
        var problems: [String: [Desk.Problem]] = [:]
        var conflict: (theirs: String, author: String?)?
        var extraSessions = 0
        /// The problems are remarks on a draft that was saved (warnings), not why nothing was.
        var saved = false
    }

    static func form(_ state: FormState, choices: [Kind: [Desk.Item]], model: ContentModel, account: Account, csrf: String, notice: String? = nil) -> String {
        let kind = state.kind
        let action = state.path.map { "/modifier?chemin=\(q($0))" } ?? "/nouveau/\(state.typeName)"
        var html = ""
        let all = state.problems.values.joined()
        if !all.isEmpty {
            let items = state.problems.sorted { $0.key < $1.key }.flatMap { key, list in
                list.map { d in "<li>\(key.isEmpty ? "" : "<a href=\"#champ-\(h(key))\">\(h(label(key, kind: kind, model: model)))</a> : ")\(h(d.message))</li>" }
            }.joined()
            let heading = state.saved
                ? "Brouillon enregistré, avec \(all.count) remarque\(all.count > 1 ? "s" : "") à corriger avant de publier"
                : "Rien n’a été enregistré : \(all.count) problème\(all.count > 1 ? "s" : "") à corriger"
            html += "<div class=\"erreurs\" role=\"alert\"><h2>\(heading)</h2><ul>\(items)</ul></div>"
        }
        if let conflict = state.conflict {
            html += """
            <div class="erreurs" role="alert"><h2>Quelqu’un a enregistré cette page pendant que vous la modifiiez</h2>
            <p>\(h(conflict.author ?? "Une autre personne")) a enregistré la version ci-dessous. Votre version est dans le formulaire :
            rien n’est perdu. Reprenez ce qui manque de l’une dans l’autre, puis enregistrez.</p>
            <label for="leur-version">Version enregistrée par \(h(conflict.author ?? "l’autre personne"))</label>
            <textarea id="leur-version" readonly rows="12">\(h(conflict.theirs))</textarea></div>
            """
        }
        html += """
        <form method="post" action="\(action)" enctype="multipart/form-data" novalidate>
        <input type="hidden" name="_csrf" value="\(h(csrf))">
        <input type="hidden" name="_revision" value="\(h(state.revision ?? ""))">
        """
        for field in model.fields(of: kind) where field.key != "draft" {
            html += input(field, value: state.file.values[field.key], problems: state.problems[field.key] ?? [], state: state,
                          choices: choices, model: model, prefix: "")
        }
        if kind.isMarkdown {
            html += textArea(key: "body", name: "body", label: "Texte de la page (Markdown)",
                             help: "Titres : ## Intertitre. Listes : - élément. Liens : [texte](adresse). Un texte collé depuis Word ou LibreOffice garde ses titres, listes, liens et tableaux ; l’aperçu du texte suit la frappe.",
                             value: state.file.body, problems: state.problems["body"] ?? [], rows: 14, markdown: true)
        }
        let canPublish = account.role.canPublish
        html += "<p class=\"boutons\">"
        if kind.hasDrafts { html += "<button type=\"submit\" name=\"_action\" value=\"brouillon\">Enregistrer comme brouillon</button> " }
        if canPublish { html += "<button type=\"submit\" name=\"_action\" value=\"publier\">Publier</button>" }
        html += "</p></form>"
        if let path = state.path {
            html += """
            <form method="post" action="/apercu?chemin=\(q(path))"><input type="hidden" name="_csrf" value="\(h(csrf))">
            <p><button type="submit" class="secondaire">Aperçu (tel que le site le montrera, brouillons compris)</button>
            <a href="/historique?chemin=\(q(path))">Historique et versions précédentes</a></p></form>
            """
        }
        let title = state.path == nil ? "Nouveau : \(kind.singular.lowercased())" : "Modifier : \(state.file.title ?? "")"
        return page(title, account: account, csrf: csrf, notice: notice, html)
    }

    static func label(_ key: String, kind: Kind, model: ContentModel) -> String {
        if key == "body" { return "Texte de la page" }
        return model.fields(of: kind).first { $0.key == key }?.label ?? key
    }

    static func errors(_ problems: [Desk.Problem], id: String) -> String {
        guard !problems.isEmpty else { return "" }
        return "<ul class=\"erreur\" id=\"\(id)-erreur\">" + problems.map { d in
            "<li>\(h(d.message))\(d.help.map { " — \(h($0))" } ?? "")</li>"
        }.joined() + "</ul>"
    }

    static func describedBy(_ id: String, problems: [Desk.Problem]) -> String {
        "aria-describedby=\"\(id)-aide\(problems.isEmpty ? "" : " \(id)-erreur")\"\(problems.isEmpty ? "" : " aria-invalid=\"true\"")"
    }

    /// A text area; `markdown`: its text is Markdown (the desk's script converts what is pasted
    /// from Word and shows the text as the site will, as it is typed).
    static func textArea(key: String, name: String, label: String, help: String, value: String, problems: [Desk.Problem], rows: Int,
                         markdown: Bool = false) -> String {
        let id = "champ-" + name.replacingOccurrences(of: ".", with: "-")
        return """
        <div class="champ" id="\(h("champ-" + key))-bloc"><label for="\(h(id))">\(h(label))</label>
        <p class="aide" id="\(h(id))-aide">\(h(help))</p>\(errors(problems, id: id))
        <textarea id="\(h(id))" name="\(h(name))" rows="\(rows)"\(markdown ? " data-markdown" : "") \(describedBy(id, problems: problems))>\(h(value))</textarea></div>
        """
    }

    static func text(_ value: ContentFile.Value?) -> String {
        switch value {
        case .text(let t): t
        case .list(let l): l.joined(separator: ", ")
        case .yaml(let y): y
        default: ""
        }
    }

    static func input(_ field: ContentField, value: ContentFile.Value?, problems: [Desk.Problem], state: FormState,
                      choices: [Kind: [Desk.Item]], model: ContentModel, prefix: String) -> String {
        let name = prefix + field.key
        let id = "champ-" + name.replacingOccurrences(of: ".", with: "-")
        let required = field.required ? " <span class=\"requis\">(obligatoire)</span>" : ""
        let labelHTML = "<label for=\"\(h(id))\">\(h(field.label))\(required)</label>"
        let helpHTML = "<p class=\"aide\" id=\"\(h(id))-aide\">\(h(field.help.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "`", with: "")))</p>" + errors(problems, id: id)
        let aria = describedBy(id, problems: problems)
        let current = text(value)
        func line(_ type: String, extra: String = "") -> String {
            "<div class=\"champ\">\(labelHTML)\(helpHTML)<input id=\"\(h(id))\" name=\"\(h(name))\" type=\"\(type)\" value=\"\(h(current))\" \(aria)\(extra)></div>"
        }
        switch field.input {
        case .line:
            return line("text")
        case .reference(let kind):
            return line("text", extra: " list=\"liste-\(kind.rawValue)\"") + datalist("liste-\(kind.rawValue)", choices[kind] ?? [])
        case .markdown:
            return textArea(key: field.key, name: name, label: field.label, help: field.help, value: current, problems: problems, rows: 6, markdown: true)
        case .yaml:
            return textArea(key: field.key, name: name, label: field.label + " (YAML)", help: field.help, value: current, problems: problems, rows: 16)
        // A native input shows only a valid value in its own format: anything else (an impossible
        // date, `9h30`) stays in a text input, so what was typed is never hidden nor lost.
        case .date:
            return line(current.isEmpty || current.count == 10 && Self.isDate(current) ? "date" : "text")
        case .dateTime:
            return line(current.isEmpty || current.count == 16 && Self.isDate(current) ? "datetime-local"
                         : current.count == 10 && Self.isDate(current) ? "date" : "text")
        case .time:
            let isTime = current.count == 5 && (try? DateParser.parseTime(current).get()) != nil
            return line(current.isEmpty || isTime ? "time" : "text")
        case .link: return line("url")
        case .email: return line("email")
        case .phone: return line("tel")
        case .words:
            return line("text", extra: " placeholder=\"séparés par des virgules\"")
        case .yesNo:
            let checked = (value == .yesNo(true)) ? " checked" : ""
            return "<div class=\"champ case\"><input id=\"\(h(id))\" name=\"\(h(name))\" type=\"checkbox\" value=\"oui\"\(checked) \(aria)>\(labelHTML)\(helpHTML)</div>"
        case .file:
            let accept = field.key == "photo" ? "image/jpeg,image/png,image/webp" : ".pdf,.jpg,.jpeg,.png,.webp,.docx,.odt,.xlsx,.ods,.pptx,.odp,.csv,.zip"
            let now = current.isEmpty ? "" : "<p>Fichier actuel : <code>\(h(current))</code> (choisissez un fichier pour le remplacer).</p><input type=\"hidden\" name=\"\(h(name))_actuel\" value=\"\(h(current))\">"
            return "<div class=\"champ\">\(labelHTML)\(helpHTML)\(now)<input id=\"\(h(id))\" name=\"\(h(name))\" type=\"file\" accept=\"\(accept)\" \(aria)></div>"
        case .references(let kinds):
            let listID = "liste-" + kinds.map(\.rawValue).joined(separator: "-")
            let items = kinds.flatMap { choices[$0] ?? [] }
            var values: [String] = []
            if case .list(let l)? = value { values = l }
            values += ["", ""]
            let inputs = values.enumerated().map { i, v in
                "<input id=\"\(h(id))\(i == 0 ? "" : "-\(i)")\" name=\"\(h(name))\" value=\"\(h(v))\" list=\"\(listID)\" \(aria) aria-label=\"\(h(field.label)) \(i + 1)\" autocomplete=\"off\">"
            }.joined()
            return "<div class=\"champ\">\(labelHTML)\(helpHTML)<div class=\"references\">\(inputs)</div></div>" + datalist(listID, items)
        case .list(let group):
            var items = state.file.items(field.key)
            let empty = state.path == nil && items.isEmpty ? 2 : 1
            items += Array(repeating: [:], count: empty + state.extraSessions)
            var html = "<fieldset class=\"champ\" id=\"\(h(id))\"><legend>\(h(field.label))</legend><p class=\"aide\" id=\"\(h(id))-aide\">\(h(field.help))</p>\(errors(problems, id: id))"
            for (i, item) in items.enumerated() {
                html += "<fieldset class=\"seance\"><legend>Séance \(i + 1)</legend>"
                for sub in model.fields(group) {
                    html += input(sub, value: item[sub.key], problems: [], state: state, choices: choices, model: model, prefix: "\(field.key).\(i).")
                }
                html += "</fieldset>"
            }
            html += "<button type=\"submit\" name=\"_action\" value=\"ajouter-seance\" class=\"secondaire\">Ajouter une séance</button></fieldset>"
            return html
        }
    }

    static func isDate(_ text: String) -> Bool {
        (try? DateParser.parseDateTime(text).get()) != nil
    }

    static func datalist(_ id: String, _ items: [Desk.Item]) -> String {
        "<datalist id=\"\(id)\">" + items.map { item in
            let itemID = ((item.path as NSString).lastPathComponent as NSString).deletingPathExtension
            return "<option value=\"\(h(itemID))\">\(h(item.title))</option>"
        }.joined() + "</datalist>"
    }

    // MARK: History

    static func history(path: String, title: String, versions: [(commit: String, author: String, date: Date, message: String)],
                        account: Account, csrf: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "fr_FR")
        formatter.timeZone = TimeZone(identifier: "Europe/Paris")
        formatter.dateFormat = "d MMMM yyyy 'à' HH:mm"
        let rows = versions.enumerated().map { i, v in
            let back = i == 0 || !account.role.canPublish ? "" : """
            <form method="post" action="/revenir?chemin=\(q(path))" class="inline"><input type="hidden" name="_csrf" value="\(h(csrf))">
            <input type="hidden" name="commit" value="\(h(v.commit))"><button type="submit" class="secondaire">Revenir à cette version</button></form>
            """
            return "<li><strong>\(h(formatter.string(from: v.date)))</strong>, \(h(v.author)) : \(h(v.message)) \(back)</li>"
        }.joined(separator: "\n")
        return page("Historique : \(title)", account: account, csrf: csrf, """
        <p><a href="/modifier?chemin=\(q(path))">Retour au formulaire</a></p>
        <ol class="versions">\(rows)</ol>
        """)
    }

    // MARK: Accounts

    static func accounts(_ accounts: [Account], account: Account, csrf: String, notice: String?) -> String {
        let rows = accounts.map { a in
            """
            <li>\(h(a.name)) — \(h(a.role.label))\(a.name == account.name ? "" : """
             <form method="post" action="/comptes/supprimer" class="inline"><input type="hidden" name="_csrf" value="\(h(csrf))">
            <input type="hidden" name="identifiant" value="\(h(a.name))"><button type="submit" class="secondaire">Supprimer</button></form>
            """)</li>
            """
        }.joined(separator: "\n")
        let options = Role.allCases.map { "<option value=\"\($0.rawValue)\">\($0.label)</option>" }.joined()
        return page("Comptes", account: account, csrf: csrf, notice: notice, """
        <ul>\(rows)</ul>
        <h2>Ajouter ou modifier un compte</h2>
        <form method="post" action="/comptes"><input type="hidden" name="_csrf" value="\(h(csrf))">
        <p><label for="identifiant">Identifiant</label><input id="identifiant" name="identifiant" required autocapitalize="none"></p>
        <p><label for="role">Rôle</label><select id="role" name="role">\(options)</select></p>
        <p><label for="mot_de_passe">Mot de passe (10 caractères au moins)</label><input id="mot_de_passe" name="mot_de_passe" type="password" autocomplete="new-password" required></p>
        <p><button type="submit">Enregistrer le compte</button></p></form>
        """)
    }

    static let css = """
    *{box-sizing:border-box}
    body{margin:0;font:1rem/1.5 system-ui,sans-serif;color:#1b1b1b;background:#fff}
    header{background:#1d3f6e;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center}
    header a,header .lien{color:#fff}
    .marque{font-weight:700;margin:0}
    nav{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
    main{max-width:46rem;margin:0 auto;padding:1rem}
    h1{font-size:1.5rem;line-height:1.25}
    label,legend{display:block;font-weight:600}
    .case label{display:inline;margin-left:.4rem}
    input,textarea,select{font:inherit;width:100%;padding:.5rem;border:1px solid #595959;border-radius:4px;background:#fff;color:#1b1b1b}
    input[type=checkbox]{width:auto;transform:scale(1.3)}
    textarea{min-height:6rem}
    .rendu{border:1px dashed #595959;border-radius:4px;padding:0 .75rem;margin-top:.5rem;background:#fafafa;overflow-x:auto}
    .rendu table{border-collapse:collapse}.rendu td,.rendu th{border:1px solid #8a8a8a;padding:.25rem .5rem}
    .references input{margin-bottom:.3rem}
    .champ{margin:0 0 1.2rem}
    fieldset{border:1px solid #767676;border-radius:4px;padding:.5rem .8rem;margin:0 0 1.2rem}
    .aide{margin:.1rem 0 .3rem;color:#3a3a3a;font-size:.93rem}
    .erreur{color:#a4000f;font-weight:600}
    ul.erreur{padding-left:1.2rem;margin:.2rem 0}
    [aria-invalid=true]{border:2px solid #a4000f}
    .erreurs{border:2px solid #a4000f;padding:.5rem 1rem;margin:0 0 1.5rem;border-radius:4px}
    .erreurs h2{font-size:1.1rem;margin:.3rem 0}
    .avis{background:#e6f2e9;border-left:4px solid #18753c;padding:.5rem 1rem}
    button{font:inherit;font-weight:600;padding:.6rem 1rem;border-radius:4px;border:2px solid #1d3f6e;background:#1d3f6e;color:#fff;cursor:pointer;margin:.2rem 0;min-height:44px}
    button.secondaire{background:#fff;color:#1d3f6e}
    button.lien{background:none;border:none;padding:0;text-decoration:underline;font-weight:400;min-height:auto}
    .inline{display:inline}
    .boutons{display:flex;flex-wrap:wrap;gap:.5rem}
    .etiquette{font-size:.85rem;background:#fff4e5;color:#6b3b00;padding:0 .4rem;border-radius:3px}
    ul.types li,ul.elements li{margin:.4rem 0}
    a{color:#1d3f6e}
    a:focus,button:focus,input:focus,textarea:focus,select:focus{outline:3px solid #e07b00;outline-offset:2px}
    .requis{font-weight:400;font-size:.9rem}
    """
}
