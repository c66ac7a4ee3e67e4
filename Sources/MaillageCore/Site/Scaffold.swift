import Foundation

/// New content files, with every key of their kind explained in French: `maillage new`, `maillage init`.
public enum Scaffold {
    /// The names communicators type (`maillage new evenement …`) and the kind they make.
    public static let kinds: [(name: String, kind: Kind)] = [
        ("actualite", .news), ("evenement", .event), ("compte-rendu", .minutes), ("retex", .retex),
        ("ressource", .resource), ("page", .page), ("structure", .structure), ("personne", .person),
        ("orientation", .orientation),
    ]

    public static func kind(named name: String) -> Kind? {
        let folded = Slug.make(name)
        return kinds.first { $0.name == folded || $0.kind.folder == folded }?.kind
    }

    /// `content/evenements/journee-regionale-icope.md`
    public static func path(for kind: Kind, title: String) -> String {
        "content/\(kind.folder)/\(Slug.make(title)).\(kind.isMarkdown ? "md" : "yaml")"
    }

    /// The text of a new file, made from the content model: each key with its help as a comment;
    /// optional keys are written commented out (`# clé: exemple`), so the file builds as it is;
    /// remove the `# ` to use one.
    public static func text(for kind: Kind, title: String, today: LocalDate, model: ContentModel = .standard) -> String {
        let quoted = "\"" + title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        var lines: [String] = []
        for field in model.fields(of: kind) where field.key != "draft" || kind.isMarkdown {
            lines += comment(field.help, indent: "")
            let value: String
            switch field.key {
            case kind.titleKey: value = quoted
            case "nodes": value = orientationSteps
            case "intro": value = "|\n  À qui s’adresse ce parcours, et comment l’utiliser. En Markdown."
            default: value = sample(field, model: model, today: today, id: Slug.make(title))
            }
            let active = field.required || field.key == "intro"
            let written = "\(field.key): \(value)".replacingOccurrences(of: ": \n", with: ":\n")
            lines += written.split(separator: "\n", omittingEmptySubsequences: false).map { active ? String($0) : "# " + $0 }
        }
        let header = lines.joined(separator: "\n") + "\n"
        guard kind.isMarkdown else { return header + "\n" }
        return "---\n" + header + "---\n" + body(for: kind)
    }

    /// A field's example value, with today's date for dates.
    static func sample(_ field: ContentField, model: ContentModel, today: LocalDate, id: String) -> String {
        switch field.input {
        case .date: return "\(today)"
        case .dateTime: return field.key == "end" ? "\(today)T17:00" : field.key == "start" ? "\(today)T09:00" : "\(today)"
        case .markdown: return "|\n  Quelques lignes de présentation, en Markdown."
        case .list(let group):
            // The first item of the list, each key on its line: `- title: …`, then the others indented.
            let items = model.fields(group).map { "\($0.key): \(sample($0, model: model, today: today, id: id))" }
            return "\n" + items.enumerated().map { ($0.offset == 0 ? "  - " : "    ") + $0.element }.joined(separator: "\n")
        default:
            if field.key == "photo" { return "\(id).jpg" }
            return field.sampleValue ?? "…"
        }
    }

    /// A help as comment lines of at most about 96 characters.
    static func comment(_ help: String, indent: String) -> [String] {
        var lines: [String] = []
        var line = ""
        let plain = help.replacingOccurrences(of: "**", with: "")
        for word in plain.split(separator: " ") {
            if !line.isEmpty, line.count + word.count > 92 {
                lines.append(indent + "# " + line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(indent + "# " + line) }
        return lines
    }

    /// The steps of a new orientation tree: a question and two outcomes, to adapt.
    static let orientationSteps = """

      debut:
        question: La personne a-t-elle besoin d’une évaluation rapide ?
        # help: Une précision sur la question, en Markdown.
        answers:                          # chaque réponse mène à une autre étape (next)
          - label: Oui
            next: appel-rapide
          - label: Non
            next: suivi-habituel
      appel-rapide:
        outcome: Appeler la structure d’appui   # une issue : ce qu’il faut faire
        delay: sous 48 heures                   # délai indicatif
        # structures: [dac-02]                  # structures à contacter (identifiants de l’annuaire)
        # people: [camille-exemple]             # personnes à contacter (trombinoscope)
        text: |
          Ce qu’il faut faire, en Markdown.
      suivi-habituel:
        outcome: Poursuivre le suivi habituel
        text: |
          Le médecin traitant reste l’interlocuteur principal.
    """

    /// The Markdown a new page starts with.
    static func body(for kind: Kind) -> String {
        switch kind {
        case .news:
            "Écrivez ici le texte de l’actualité, en Markdown. Le premier paragraphe sert de résumé.\n\n## Un intertitre\n\nUn lien vers une autre page du site : [l’agenda](../evenements/).\n"
        case .event: "Présentez l’événement : pour qui, pourquoi, comment s’inscrire.\n"
        case .minutes: "## Points clés\n\n## Décisions\n\n## Prochaines étapes\n"
        case .retex: "## Tops\n\n## Flops\n\n## Pistes\n"
        case .resource: "Décrivez le document : à quoi il sert, comment l’utiliser.\n"
        default: "Le texte de la page, en Markdown.\n"
        }
    }
}

extension Scaffold {
    /// A small, buildable site with one example of each kind, linked together: `maillage init`.
    public static func starterSite(title: String, today: LocalDate) -> [String: String] {
        let next = LocalDate(daysSinceEpoch: today.daysSinceEpoch + 30)
        let quoted = "\"" + title.replacingOccurrences(of: "\"", with: "\\\"") + "\""
        return [
            "maillage.yaml": """
            title: \(quoted)                      # le nom du site (obligatoire)
            base_url: https://coordos.example.org/   # l’adresse du site publié (obligatoire)
            language: fr
            timezone: Europe/Paris
            description: Ressources, agendas et annuaire des coordinations du territoire
            # La déclaration d’accessibilité (/accessibilite/, liée en bas de chaque page).
            accessibilite:
              etat: non conforme                    # sans audit ; ou partiellement conforme, totalement conforme
              courriel: contact@example.org         # où signaler un défaut d’accessibilité
              # formulaire: https://example.org/contact
              # audit: 2026-03-15                   # date du dernier audit RGAA
              # taux: 75                            # part des critères respectés (%)

            """,
            "content/index.md": """
            ---
            title: \(quoted)
            ---
            Bienvenue ! Ce site réunit l’[agenda](evenements/), les comptes rendus, les retours
            d’expérience, les ressources, l’[annuaire](annuaire/) et le [trombinoscope](trombinoscope/)
            du réseau. Modifiez ce texte dans `content/index.md`.

            """,
            "content/actualites/bienvenue.md": """
            ---
            title: Le site du réseau est en ligne
            date: \(today)
            tags: [réseau]
            ---
            Premier article : retrouvez la [prochaine rencontre](../evenements/rencontre-du-reseau.md).

            """,
            "content/evenements/rencontre-du-reseau.md": """
            ---
            title: Rencontre du réseau
            start: \(next)T14:00
            end: \(next)T17:00
            location: Salle du conseil, Amiens
            organizers: [cpts-exemple]
            tags: [réseau]
            territories: [Somme]
            sessions:
              - title: Tour de table
                start: "14:00"
                end: "15:00"
                speakers: [camille-exemple]
            ---
            Une rencontre pour faire connaissance et partager les projets.

            """,
            "content/comptes-rendus/premiere-reunion.md": """
            ---
            title: Compte rendu de la première réunion
            date: \(today)
            location: Amiens
            participants: [cpts-exemple, camille-exemple]
            next_meeting: \(next)
            ---
            ## Points clés

            - Le réseau se dote d’un site commun.

            """,
            "content/retex/premier-retex.md": """
            ---
            title: Un premier retour d’expérience
            date: \(today)
            structures: [cpts-exemple]
            ---
            ## Tops

            ## Flops

            ## Pistes

            """,
            "content/ressources/guide.md": """
            ---
            title: Guide de contribution
            date: \(today)
            audience: Chargés de communication
            ---
            Posez un fichier (PDF, image) à côté de cette fiche et indiquez-le avec `file: nom-du-fichier.pdf`.

            """,
            "content/pages/a-propos.md": """
            ---
            title: À propos
            ---
            Qui sommes-nous ? Présentez ici le réseau.

            """,
            "content/annuaire/cpts-exemple.yaml": """
            name: CPTS Exemple
            kind: CPTS
            territories: [Somme]
            missions: [Accès aux soins, Prévention]
            description: |
              Présentation de la structure, en **Markdown**.

            """,
            "content/trombinoscope/camille-exemple.yaml": """
            name: Camille Exemple
            role: Coordinatrice
            structures: [cpts-exemple]
            # Photo, courriel et téléphone ne sont publiés qu’avec consent: true.
            consent: false

            """,
        ]
    }
}
