/// A taxonomy term (a tag or a territory) as shown, with its address slug.
public struct Term: Sendable, Hashable {
    public var name: String
    public var slug: String
}

/// A link to a page of the site: what every list, card and reference shows.
public struct PageLink: Sendable, Hashable {
    public var kind: Kind
    public var id: String
    public var title: String
    /// Site-relative address of the page folder (`evenements/campus/`; `""` for home).
    public var address: String
    public var date: DateTime?
    public var summary: String?
}

/// A file of `content/` published as it is (a flyer, a consenting person's photo, an image in a page).
public struct Attachment: Sendable, Hashable {
    /// Site-relative source path (`content/ressources/flyer.pdf`).
    public var source: String
    /// Site-relative output path (`ressources/flyer.pdf`).
    public var output: String
    public var size: Int
    /// Where content first names it (for an error about its address).
    public var location: SourceLocation
}

public struct ResolvedDocument: Sendable {
    public var document: Document
    public var link: PageLink
    public var html: String
    public var plainText: String
    public var tags: [Term]
    public var territories: [Term]
    /// The resource's file, once published.
    public var file: Attachment?
    /// Source paths of the files its text links to (published with it).
    public var linkedFiles: [String] = []
}

public struct ResolvedStructure: Sendable {
    public var structure: Structure
    public var link: PageLink
    public var descriptionHTML: String?
    public var territories: [Term]
}

public struct ResolvedPerson: Sendable {
    public var person: Person
    public var link: PageLink
    public var bioHTML: String?
    public var territories: [Term]
    /// Only with consent.
    public var photo: Attachment?
}

/// The resolve stage's result: every published page with its address, its references
/// checked and turned into links, its Markdown rendered, and the reverse links computed.
public struct ResolvedSite: Sendable {
    public var config: SiteConfig
    public var buildDate: LocalDate
    public var homeTitle: String
    public var homeHTML: String
    public var homeSummary: String?
    public var documents: [ResolvedDocument]
    public var structures: [ResolvedStructure]
    public var people: [ResolvedPerson]
    public var attachments: [Attachment]
    /// Links to every page with an id, by kind then id.
    public var links: [Kind: [String: PageLink]]
    /// Reverse references: the pages that point to a page, by the target's kind and id.
    public var backlinks: [Kind: [String: [PageLink]]]
    public var tags: [Term: [PageLink]]
    public var territories: [Term: [PageLink]]
    public var orientations: [ResolvedOrientation] = []
    /// Anchors and absolute links, checked once the pages are rendered.
    public var pendingLinks: [PendingLink] = []
    /// Every web address of the content (Markdown links, `website`, `registration`), where written.
    public var externalLinks: [Located<String>] = []

    public func link(_ kind: Kind, _ id: String) -> PageLink? { links[kind]?[id] }

    public func backlinks(to kind: Kind, _ id: String, from sourceKind: Kind) -> [PageLink] {
        (backlinks[kind]?[id] ?? []).filter { $0.kind == sourceKind }
    }
}
