/// The kinds of content a site holds. A file's kind comes from its folder.
public enum Kind: String, Sendable, CaseIterable, Hashable, Comparable {
    case news, event, minutes, retex, resource, page, structure, person, orientation

    /// The folder of `content/` that holds this kind, which is also its address.
    public var folder: String {
        switch self {
        case .news: "actualites"
        case .event: "evenements"
        case .minutes: "comptes-rendus"
        case .retex: "retex"
        case .resource: "ressources"
        case .page: "pages"
        case .structure: "annuaire"
        case .person: "trombinoscope"
        case .orientation: "orientation"
        }
    }

    public var isMarkdown: Bool { self != .structure && self != .person && self != .orientation }

    /// The key that names an item: `name` in the annuaire and the trombinoscope, `title` elsewhere.
    public var titleKey: String { self == .structure || self == .person ? "name" : "title" }

    /// Whether an item may be a draft (`draft: true`): the annuaire and the trombinoscope are
    /// published as soon as they are written.
    public var hasDrafts: Bool { self != .structure && self != .person }

    public static func forFolder(_ folder: String) -> Kind? {
        allCases.first { $0.folder == folder }
    }

    /// French labels, for lists and headings.
    public var singular: String {
        switch self {
        case .news: "Actualité"
        case .event: "Événement"
        case .minutes: "Compte rendu"
        case .retex: "Retour d’expérience"
        case .resource: "Ressource"
        case .page: "Page"
        case .structure: "Structure"
        case .person: "Personne"
        case .orientation: "Arbre d’orientation"
        }
    }

    public var plural: String {
        switch self {
        case .news: "Actualités"
        case .event: "Agenda"
        case .minutes: "Comptes rendus"
        case .retex: "Retours d’expérience"
        case .resource: "Ressources"
        case .page: "Pages"
        case .structure: "Annuaire"
        case .person: "Trombinoscope"
        case .orientation: "Arbres d’orientation"
        }
    }

    /// What a reference to this kind is called in messages: « intervenant inconnu ».
    var unknownNoun: String {
        switch self {
        case .structure: "structure inconnue"
        case .person: "personne inconnue"
        case .event: "événement inconnu"
        case .orientation: "arbre d’orientation inconnu"
        default: "\(singular.lowercased()) inconnu(e)"
        }
    }

    /// The order kinds are listed in on tag and territory pages.
    public static func < (a: Kind, b: Kind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
