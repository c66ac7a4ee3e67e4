import Foundation

// The models the templates receive, by the names `docs/theme.md` documents. Every list is
// always present (possibly empty), so that a template can test it with `{{^empty(key)}}`; an
// optional field is absent when nil, as a missing key was.

/// A page: what every page carries (`site`, `page`, `nav`, `footer`) and its own part, under
/// the name its template reads (`doc`, `list`…).
struct PageModel: TemplateModel {
    var chrome: Chrome
    var content: Content
    var mentions: [String] = []

    enum Content: Sendable {
        case home(HomeModel)
        case document(DocumentModel)
        case structure(StructureModel)
        case person(PersonModel)
        case orientation(OrientationModel)
        case list(ListModel)
        case terms([TermCount])
        case accessibility(AccessibilityModel)
        /// The search page, the 404 page: what every page carries, nothing more.
        case plain
    }

    static let fields = TemplateFields<PageModel>([
        "site": { $0.chrome.site }, "page": { $0.chrome.page }, "nav": { $0.chrome.nav }, "footer": { $0.chrome.footer },
        "home": { if case .home(let x) = $0.content { x } else { nil } },
        "doc": { if case .document(let x) = $0.content { x } else { nil } },
        "structure": { if case .structure(let x) = $0.content { x } else { nil } },
        "person": { if case .person(let x) = $0.content { x } else { nil } },
        "orientation": { if case .orientation(let x) = $0.content { x } else { nil } },
        "list": { if case .list(let x) = $0.content { x } else { nil } },
        "terms": { if case .terms(let x) = $0.content { x } else { nil } },
        "a11y": { if case .accessibility(let x) = $0.content { x } else { nil } },
    ])
}

/// What every page carries.
struct Chrome: Sendable {
    var site: SiteInfo
    var page: PageInfo
    var nav: [NavItem]
    var footer: [FooterLink]
}

struct SiteInfo: TemplateModel {
    var title: String, base: String, language: String, description: String?
    static let fields = TemplateFields<SiteInfo>([
        "title": { $0.title }, "base": { $0.base }, "language": { $0.language }, "description": { $0.description },
    ])
}

struct PageInfo: TemplateModel {
    var title: String, canonical: String, isHome: Bool, isSearch: Bool, breadcrumb: [LabelledLink]
    var description: String?, searchIndex: SiteLink?
    static let fields = TemplateFields<PageInfo>([
        "title": { $0.title }, "canonical": { $0.canonical }, "isHome": { $0.isHome }, "isSearch": { $0.isSearch },
        "breadcrumb": { $0.breadcrumb }, "description": { $0.description }, "searchIndex": { $0.searchIndex },
    ])
}

/// An entry of the navigation. Its address is a plain text: the navigation is the same on
/// every page, and no page depends on the pages it names.
struct NavItem: TemplateModel {
    var url: String, label: String, current: Bool
    static let fields = TemplateFields<NavItem>(["url": { $0.url }, "label": { $0.label }, "current": { $0.current }])
}

/// A link of the footer, the same on every page (an edit that changes it renders every page).
struct FooterLink: TemplateModel {
    var url: String, label: String
    static let fields = TemplateFields<FooterLink>(["url": { $0.url }, "label": { $0.label }])
}

/// A link with its label: a breadcrumb's step, a feed, a download.
struct LabelledLink: TemplateModel {
    var url: SiteLink, label: String
    static let fields = TemplateFields<LabelledLink>(["url": { $0.url }, "label": { $0.label }])
}

/// A link to a page with its title and, on some lists, a line under it.
struct LinkItem: TemplateModel {
    var title: String, url: SiteLink, detail: String?
    static let fields = TemplateFields<LinkItem>(["title": { $0.title }, "url": { $0.url }, "detail": { $0.detail }])
}

/// A tag or a territory, linked to its page.
struct TermLink: TemplateModel {
    var name: String, url: SiteLink
    static let fields = TemplateFields<TermLink>(["name": { $0.name }, "url": { $0.url }])
}

/// A tag or a territory on `/etiquettes/` or `/territoires/`, with the number of its pages.
struct TermCount: TemplateModel {
    var name: String, url: SiteLink, count: Int
    static let fields = TemplateFields<TermCount>(["name": { $0.name }, "url": { $0.url }, "count": { $0.count }])
}

/// A page on a list (`card.mustache`).
struct Card: TemplateModel {
    var title: String, url: SiteLink, kindLabel: String, draft: Bool
    var dateText: String?, dateISO: String?, summary: String?
    static let fields = TemplateFields<Card>([
        "title": { $0.title }, "url": { $0.url }, "kindLabel": { $0.kindLabel }, "draft": { $0.draft },
        "dateText": { $0.dateText }, "dateISO": { $0.dateISO }, "summary": { $0.summary },
    ])
}

/// A date as the page shows it and as a machine reads it (`<time datetime>`).
struct DateText: TemplateModel {
    var text: String, iso: String
    static let fields = TemplateFields<DateText>(["text": { $0.text }, "iso": { $0.iso }])
}

/// A group of links under a heading (« Personnes », « Comptes rendus »…).
struct LinkGroup: TemplateModel {
    var id: String, heading: String, items: [LinkItem]
    static let fields = TemplateFields<LinkGroup>(["id": { $0.id }, "heading": { $0.heading }, "items": { $0.items }])
}

// MARK: Home

struct HomeModel: TemplateModel {
    var html: String, sections: [HomeSection]
    static let fields = TemplateFields<HomeModel>(["html": { $0.html }, "sections": { $0.sections }])
}

/// A block of the home page: its three latest cards and a link to the whole list.
struct HomeSection: TemplateModel {
    var id: String, heading: String, items: [Card], url: SiteLink, moreLabel: String
    static let fields = TemplateFields<HomeSection>([
        "id": { $0.id }, "heading": { $0.heading }, "items": { $0.items }, "url": { $0.url }, "moreLabel": { $0.moreLabel },
    ])
}

// MARK: Documents

/// A Markdown page of any kind (`document.mustache` and the templates that inherit from it).
struct DocumentModel: TemplateModel {
    var title: String, kindLabel: String, html: String, draft: Bool
    var tags: [TermLink], territories: [TermLink]
    var dateText: String?, dateISO: String?
    var event: EventModel?, minutes: MinutesModel?, retex: RetexModel?, resource: ResourceModel?
    var hasTerms: Bool { !tags.isEmpty || !territories.isEmpty }
    static let fields = TemplateFields<DocumentModel>([
        "title": { $0.title }, "kindLabel": { $0.kindLabel }, "html": { $0.html }, "draft": { $0.draft },
        "tags": { $0.tags }, "territories": { $0.territories }, "hasTerms": { $0.hasTerms },
        "dateText": { $0.dateText }, "dateISO": { $0.dateISO },
        "event": { $0.event }, "minutes": { $0.minutes }, "retex": { $0.retex }, "resource": { $0.resource },
    ])
}

struct EventModel: TemplateModel {
    var when: String, startISO: String, past: Bool, icsURL: SiteLink
    var organizers: [LinkItem], minutes: [LinkItem], slots: [SessionSlot]
    var location: String?, registration: String?, jsonLD: String
    static let fields = TemplateFields<EventModel>([
        "when": { $0.when }, "startISO": { $0.startISO }, "past": { $0.past }, "icsURL": { $0.icsURL },
        "organizers": { $0.organizers }, "minutes": { $0.minutes }, "slots": { $0.slots },
        "location": { $0.location }, "registration": { $0.registration }, "jsonLD": { $0.jsonLD },
    ])
}

/// Sessions that start at the same time (side by side on wide screens when there are several).
struct SessionSlot: TemplateModel {
    var parallel: Bool, sessions: [SessionModel], startISO: String?, startText: String?
    static let fields = TemplateFields<SessionSlot>([
        "parallel": { $0.parallel }, "sessions": { $0.sessions }, "startISO": { $0.startISO }, "startText": { $0.startText },
    ])
}

struct SessionModel: TemplateModel {
    var title: String, speakers: [LinkItem], endText: String?, room: String?, summary: String?
    static let fields = TemplateFields<SessionModel>([
        "title": { $0.title }, "speakers": { $0.speakers }, "endText": { $0.endText }, "room": { $0.room }, "summary": { $0.summary },
    ])
}

struct MinutesModel: TemplateModel {
    var participants: [LinkItem], location: String?, event: LinkItem?, nextMeeting: NextMeeting? = nil
    static let fields = TemplateFields<MinutesModel>([
        "participants": { $0.participants }, "location": { $0.location }, "event": { $0.event }, "nextMeeting": { $0.nextMeeting },
    ])
}

/// The next meeting of a minutes, linked to its event's page when one is planned that day.
struct NextMeeting: TemplateModel {
    var text: String, iso: String, url: SiteLink?
    static let fields = TemplateFields<NextMeeting>(["text": { $0.text }, "iso": { $0.iso }, "url": { $0.url }])
}

struct RetexModel: TemplateModel {
    var structures: [LinkItem]
    static let fields = TemplateFields<RetexModel>(["structures": { $0.structures }])
}

struct ResourceModel: TemplateModel {
    var audience: String?, file: AttachedFile?, preview: PreviewImage?
    static let fields = TemplateFields<ResourceModel>(["audience": { $0.audience }, "file": { $0.file }, "preview": { $0.preview }])
}

/// A resource's file, as its download link shows it.
struct AttachedFile: TemplateModel {
    var url: SiteLink, name: String, typeLabel: String, sizeLabel: String, isImage: Bool
    static let fields = TemplateFields<AttachedFile>([
        "url": { $0.url }, "name": { $0.name }, "typeLabel": { $0.typeLabel }, "sizeLabel": { $0.sizeLabel }, "isImage": { $0.isImage },
    ])
}

/// The image of a PDF's first page.
struct PreviewImage: TemplateModel {
    var url: SiteLink, width: Int, height: Int
    static let fields = TemplateFields<PreviewImage>(["url": { $0.url }, "width": { $0.width }, "height": { $0.height }])
}

// MARK: Structures and people

struct StructureModel: TemplateModel {
    var missions: [String], related: [LinkGroup], territories: [TermLink]
    var kind: String?, address: String?, phone: String?, email: String?, website: String?, descriptionHTML: String?
    var vcardURL: SiteLink, jsonLD: String, peopleURL: SiteLink?
    static let fields = TemplateFields<StructureModel>([
        "missions": { $0.missions }, "related": { $0.related }, "tags": { _ in [TermLink]() },
        "territories": { $0.territories }, "hasTerms": { !$0.territories.isEmpty },
        "kind": { $0.kind }, "address": { $0.address }, "phone": { $0.phone }, "phoneURL": { $0.phone.map(Format.telURL) },
        "email": { $0.email }, "website": { $0.website }, "descriptionHTML": { $0.descriptionHTML },
        "vcardURL": { $0.vcardURL }, "jsonLD": { $0.jsonLD }, "peopleURL": { $0.peopleURL },
    ])
}

/// A person's page. Consent: `portrait`, `email`, `phone` and `hasContact` are made only with
/// `consent: true` (nil otherwise).
struct PersonModel: TemplateModel {
    var name: String, structures: [LinkItem], related: [LinkGroup], territories: [TermLink]
    var role: String?, bioHTML: String?, portrait: PortraitImage?, email: String?, phone: String?, hasContact: Bool?
    var vcardURL: SiteLink, jsonLD: String
    static let fields = TemplateFields<PersonModel>([
        "name": { $0.name }, "initials": { Format.initials($0.name) }, "structures": { $0.structures }, "related": { $0.related },
        "tags": { _ in [TermLink]() }, "territories": { $0.territories }, "hasTerms": { !$0.territories.isEmpty },
        "role": { $0.role }, "bioHTML": { $0.bioHTML }, "portrait": { $0.portrait },
        "email": { $0.email }, "phone": { $0.phone }, "phoneURL": { $0.phone.map(Format.telURL) }, "hasContact": { $0.hasContact },
        "vcardURL": { $0.vcardURL }, "jsonLD": { $0.jsonLD },
    ])
}

/// `<picture>` data of a consenting person's portrait.
struct PortraitImage: TemplateModel {
    var webp: String, jpeg: SiteLink, size: Int
    static let fields = TemplateFields<PortraitImage>(["webp": { $0.webp }, "jpeg": { $0.jpeg }, "size": { $0.size }])
}

// MARK: Lists

struct ListModel: TemplateModel {
    var groups: [ListGroup]
    var style: String? = nil, intro: String? = nil, filters: [FilterGroup]? = nil, download: LabelledLink? = nil
    var sortable: Bool? = nil, feeds: [LabelledLink]? = nil, pagination: Pagination? = nil
    static let fields = TemplateFields<ListModel>([
        "groups": { $0.groups }, "style": { $0.style }, "intro": { $0.intro }, "filters": { $0.filters },
        "download": { $0.download }, "sortable": { $0.sortable }, "feeds": { $0.feeds }, "pagination": { $0.pagination },
    ])
}

/// A list's group (a year, « À venir », a kind of structure): cards, or a directory's entries.
struct ListGroup: TemplateModel {
    var id: String, heading: String, count: Int, items: [any TemplateModel]
    static let fields = TemplateFields<ListGroup>(["id": { $0.id }, "heading": { $0.heading }, "count": { $0.count }, "items": { $0.items }])
}

/// A structure on the annuaire's lists, or a person on the trombinoscope's.
struct DirectoryEntry: TemplateModel {
    var title: String, url: SiteLink, detail: String?, showPortrait: Bool, filterText: String
    /// People only.
    var initials: String? = nil, sortStructure: String? = nil, portrait: PortraitImage? = nil, lazy: Bool? = nil
    /// The structures whose names a person's line shows.
    var mentions: [String] = []
    static let fields = TemplateFields<DirectoryEntry>([
        "title": { $0.title }, "url": { $0.url }, "detail": { $0.detail }, "showPortrait": { $0.showPortrait },
        "filterText": { $0.filterText }, "initials": { $0.initials }, "sortStructure": { $0.sortStructure },
        "portrait": { $0.portrait }, "lazy": { $0.lazy },
    ])
}

/// A directory's filters under a heading (« Par type », « Par territoire »).
struct FilterGroup: TemplateModel {
    var heading: String, items: [FilterItem]
    static let fields = TemplateFields<FilterGroup>(["heading": { $0.heading }, "items": { $0.items }])
}

struct FilterItem: TemplateModel {
    var label: String, count: Int, url: SiteLink, current: Bool
    /// A structure's filter shows its name.
    var mentions: [String] = []
    static let fields = TemplateFields<FilterItem>(["label": { $0.label }, "count": { $0.count }, "url": { $0.url }, "current": { $0.current }])
}

struct Pagination: TemplateModel {
    var pages: [PageNumber], previous: SiteLink?, next: SiteLink?
    static let fields = TemplateFields<Pagination>(["pages": { $0.pages }, "previous": { $0.previous }, "next": { $0.next }])
}

/// A page number of a list's navigation, or a gap (`…`) where numbers are left out.
struct PageNumber: TemplateModel {
    var number: Int?, url: SiteLink?, current: Bool?
    var gap: Bool { number == nil }
    static let fields = TemplateFields<PageNumber>(["number": { $0.number }, "url": { $0.url }, "current": { $0.current }, "gap": { $0.gap }])
}

// MARK: Orientation

struct OrientationModel: TemplateModel {
    var example: Bool, startAnchor: String, countText: String, steps: [StepModel], outline: [OutlineItem]
    var diagramURL: SiteLink, diagramWidth: Int, diagramHeight: Int
    var tags: [TermLink], territories: [TermLink], introHTML: String?
    static let fields = TemplateFields<OrientationModel>([
        "example": { $0.example }, "startAnchor": { $0.startAnchor }, "countText": { $0.countText }, "steps": { $0.steps },
        "outline": { $0.outline }, "diagramURL": { $0.diagramURL }, "diagramWidth": { $0.diagramWidth },
        "diagramHeight": { $0.diagramHeight }, "tags": { $0.tags }, "territories": { $0.territories },
        "hasTerms": { !$0.tags.isEmpty || !$0.territories.isEmpty }, "introHTML": { $0.introHTML },
    ])
}

/// A step of a tree as reached by one path, with the answers chosen so far (`crumbs`).
struct StepModel: TemplateModel {
    var anchor: String, isStart: Bool, heading: String, number: Int, crumbs: [AnswerLink], current: String, startAnchor: String
    var parentAnchor: String?, isQuestion: Bool, isOutcome: Bool
    var answers: [AnswerLink] = [], structures: [ContactCard] = [], people: [ContactCard] = []
    var helpHTML: String? = nil, delay: String? = nil, html: String? = nil
    static let fields = TemplateFields<StepModel>([
        "anchor": { $0.anchor }, "isStart": { $0.isStart }, "heading": { $0.heading }, "number": { $0.number },
        "crumbs": { $0.crumbs }, "current": { $0.current }, "startAnchor": { $0.startAnchor },
        "hasParent": { $0.parentAnchor != nil }, "parentAnchor": { $0.parentAnchor ?? "" },
        "isQuestion": { $0.isQuestion }, "isOutcome": { $0.isOutcome }, "answers": { $0.answers },
        "structures": { $0.structures }, "people": { $0.people }, "helpHTML": { $0.helpHTML }, "delay": { $0.delay }, "html": { $0.html },
    ])
}

/// An answer, or an answer chosen on the way, and the step it leads to.
struct AnswerLink: TemplateModel {
    var label: String, target: String
    static let fields = TemplateFields<AnswerLink>(["label": { $0.label }, "target": { $0.target }])
}

/// A contact card of an outcome (`orientation-contact.mustache`): a structure or a person. Every
/// field is present, false when empty, so that no lookup falls through to an enclosing value.
/// Consent: a person's email and phone only with `consent: true`.
struct ContactCard: TemplateModel {
    var name: String, url: SiteLink
    var kind: String? = nil, address: String? = nil, phone: String? = nil, email: String? = nil, website: String? = nil
    var role: String? = nil, structuresText: String? = nil
    var mentions: [String] = []
    static let fields = TemplateFields<ContactCard>([
        "name": { $0.name }, "url": { $0.url }, "kind": { orFalse($0.kind) }, "address": { orFalse($0.address) },
        "phone": { orFalse($0.phone) }, "phoneURL": { orFalse($0.phone.map(Format.telURL)) }, "email": { orFalse($0.email) },
        "website": { orFalse($0.website) }, "role": { orFalse($0.role) }, "structuresText": { orFalse($0.structuresText) },
        "hasLines": { $0.phone != nil || $0.email != nil || $0.address != nil || $0.website != nil },
    ])
}

/// The text version of a tree: nested lists, each step once.
struct OutlineItem: TemplateModel {
    var number: Int, text: String, target: String, answer: String?, isReference: Bool, isOutcome: Bool
    var delay: String?, contacts: String?, children: [OutlineItem]
    static let fields = TemplateFields<OutlineItem>([
        "number": { $0.number }, "text": { $0.text }, "target": { $0.target }, "answer": { orFalse($0.answer) },
        "isReference": { $0.isReference }, "isOutcome": { $0.isOutcome }, "delay": { orFalse($0.delay) },
        "contacts": { orFalse($0.contacts) }, "children": { $0.children },
    ])
}

/// A text, or false: for fields that must answer even when empty (no fall-through).
private func orFalse(_ text: String?) -> Any { text.map { $0 as Any } ?? false }

// MARK: Accessibility statement

struct AccessibilityModel: TemplateModel {
    var entity: String, url: String, status: String, statusReason: String, nonAccessible: [String], hasContact: Bool
    var audit: AuditModel?, date: DateText?, email: String?, form: String?, address: String?
    static let fields = TemplateFields<AccessibilityModel>([
        "entity": { $0.entity }, "url": { $0.url }, "status": { $0.status }, "statusReason": { $0.statusReason },
        "nonAccessible": { $0.nonAccessible }, "hasContact": { $0.hasContact }, "audit": { $0.audit }, "date": { $0.date },
        "email": { $0.email }, "form": { $0.form }, "address": { $0.address },
    ])
}

struct AuditModel: TemplateModel {
    var text: String, iso: String, auditor: String?, rate: Int?
    static let fields = TemplateFields<AuditModel>(["text": { $0.text }, "iso": { $0.iso }, "auditor": { $0.auditor }, "rate": { $0.rate }])
}
