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

    /// The text of a new file. Optional keys are written commented out (`# clé: exemple`), so the
    /// file builds as it is; remove the `# ` to use one.
    public static func text(for kind: Kind, title: String, today: LocalDate) -> String {
        let quoted = "\"" + title.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        let common = """
        # summary: Une phrase qui résume la page (par défaut : le premier paragraphe).
        # tags: [icope, parcours]                 # thèmes : une page par thème
        # territories: [Somme, Hauts-de-France]   # territoires : une page par territoire
        # draft: true                             # brouillon : publié nulle part tant que cette ligne est active
        """
        switch kind {
        case .news:
            return """
            ---
            title: \(quoted)
            date: \(today)                       # date de publication (AAAA-MM-JJ)
            \(common)
            ---
            Écrivez ici le texte de l’actualité, en Markdown. Le premier paragraphe sert de résumé.

            ## Un intertitre

            Un lien vers une autre page du site : [l’agenda](../evenements/).

            """
        case .event:
            return """
            ---
            title: \(quoted)
            start: \(today)T09:00                # début (obligatoire) : AAAA-MM-JJTHH:MM, ou seulement la date
            # end: \(today)T17:00                # fin
            # location: Salle, adresse, ville
            # registration: https://example.org/inscription   # lien d’inscription (https://)
            # organizers: [dac-02]               # structures organisatrices (identifiants de l’annuaire)
            \(common)
            # sessions:                          # le programme, séance par séance
            #   - title: "Atelier 1 : retours d’expérience"
            #     start: "09:30"                 # heure entre guillemets
            #     end: "11:00"
            #     room: Salle A
            #     speakers: [claire-martin]      # intervenants (identifiants du trombinoscope)
            #     summary: Une phrase sur la séance.
            ---
            Présentez l’événement : pour qui, pourquoi, comment s’inscrire.

            """
        case .minutes:
            return """
            ---
            title: \(quoted)
            date: \(today)                       # date de la réunion
            # location: Ville
            # event: identifiant-de-l-evenement  # l’événement de content/evenements/ dont c’est le compte rendu
            # participants: [cpts-strasbourg, claire-martin]   # structures ou personnes
            # next_meeting: \(today)             # prochaine rencontre (relié à l’événement de ce jour s’il existe)
            \(common)
            ---
            ## Points clés

            ## Décisions

            ## Prochaines étapes

            """
        case .retex:
            return """
            ---
            title: \(quoted)
            date: \(today)
            # structures: [cpts-strasbourg]      # structures concernées (identifiants de l’annuaire)
            \(common)
            ---
            ## Tops

            ## Flops

            ## Pistes

            """
        case .resource:
            return """
            ---
            title: \(quoted)
            date: \(today)
            # file: mon-document.pdf             # le fichier, posé à côté de cette fiche (PDF, image, document)
            # audience: Professionnels de santé  # public visé
            \(common)
            ---
            Décrivez le document : à quoi il sert, comment l’utiliser.

            """
        case .page:
            return """
            ---
            title: \(quoted)
            # summary: Une phrase qui résume la page.
            ---
            Le texte de la page, en Markdown.

            """
        case .structure:
            return """
            name: \(quoted)
            # kind: CPTS                          # CPTS, DAC, MSP, CLIC, CCAS, filière gériatrique…
            # territories: [Strasbourg]
            # address: 1 rue de l’Exemple, 67000 Strasbourg
            # phone: "+33 3 00 00 00 00"          # entre guillemets
            # email: contact@example.org
            # website: https://example.org
            # missions: [Accès aux soins, Prévention]
            # description: |
            #   Présentation de la structure, en Markdown.

            """
        case .orientation:
            return """
            title: \(quoted)
            # summary: Une phrase qui dit à qui sert cet arbre.
            intro: |
              À qui s’adresse ce parcours, et comment l’utiliser. En Markdown.
            # example: true                       # exemple à adapter : la page le signale
            # tags: [icope, parcours]
            # territories: [Somme]
            # start: debut                        # la première étape (par défaut : la première écrite)
            nodes:                                # les étapes : des questions et des issues
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
        case .person:
            return """
            name: \(quoted)
            # role: Coordinatrice
            # structures: [cpts-strasbourg]       # identifiants de l’annuaire
            # territories: [Strasbourg]
            # Photo, courriel et téléphone ne sont publiés qu’avec l’accord écrit de la personne
            # (consent: true). Modèle d’accord : docs/contenu.md, « Consentement ».
            # photo: \(Slug.make(title)).jpg     # la photo, posée à côté de cette fiche
            # email: prenom.nom@example.org
            # phone: "+33 6 00 00 00 00"
            # consent: true
            # bio: |
            #   Quelques lignes de présentation, en Markdown.

            """
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
