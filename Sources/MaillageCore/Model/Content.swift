/// The keys every Markdown page shares.
public struct PageHeader: Sendable {
    public var title: String
    public var date: Located<DateTime>?
    public var summary: String?
    public var tags: [Located<String>]
    public var territories: [Located<String>]
    public var draft: Bool
    /// Left by `maillage importer`: the document this page came from and its content hash
    /// (`compte-rendu.docx#3f2a…`), so that the same document is not imported twice.
    public var importedFrom: String? = nil
}

/// Markdown text with the file line of its first line, so that errors in it can be located.
public struct MarkdownText: Sendable {
    public var text: String
    public var file: String
    public var firstLine: Int

    public init(text: String, file: String, firstLine: Int) {
        self.text = text
        self.file = file
        self.firstLine = firstLine
    }
}

/// A Markdown file of `content/`: news, event, minutes, retex, resource or free page.
public struct Document: Sendable {
    public var id: String
    public var kind: Kind
    /// Site-relative path of the source file.
    public var path: String
    public var header: PageHeader
    public var body: MarkdownText
    public var details: Details

    public enum Details: Sendable {
        case none
        case event(Event)
        case minutes(Minutes)
        case retex(Retex)
        case resource(Resource)
    }
}

public struct Event: Sendable {
    public var start: Located<DateTime>
    public var end: Located<DateTime>?
    public var location: String?
    public var registration: Located<String>?
    public var organizers: [Located<String>]
    public var sessions: [Session]
}

public struct Session: Sendable {
    public var title: String
    public var start: DateTime?
    public var end: DateTime?
    public var room: String?
    public var speakers: [Located<String>]
    public var summary: String?
}

public struct Minutes: Sendable {
    public var location: String?
    public var event: Located<String>?
    public var participants: [Located<String>]
    public var nextMeeting: Located<DateTime>?
}

public struct Retex: Sendable {
    public var structures: [Located<String>]
}

public struct Resource: Sendable {
    public var file: Located<String>?
    public var audience: String?
    /// `scanned: true`: the file is a scan, with no text for search to read (said, not warned).
    public var scanned = false
}

/// A structure of the annuaire (`content/annuaire/<id>.yaml`).
public struct Structure: Sendable {
    public var id: String
    public var path: String
    public var name: String
    public var kind: String?
    public var territories: [Located<String>]
    public var address: String?
    public var phone: String?
    public var email: String?
    public var website: Located<String>?
    public var missions: [String]
    public var description: MarkdownText?
}

/// A person of the trombinoscope (`content/trombinoscope/<id>.yaml`).
/// Photo, email and phone are only ever published with `consent: true`.
public struct Person: Sendable {
    public var id: String
    public var path: String
    public var name: String
    public var role: String?
    public var structures: [Located<String>]
    public var territories: [Located<String>]
    public var photo: Located<String>?
    public var email: String?
    public var phone: String?
    public var consent: Bool
    public var bio: MarkdownText?
}

/// The home page (`content/index.md`).
public struct HomePage: Sendable {
    public var path: String
    public var title: String
    public var summary: String?
    public var body: MarkdownText
}

/// Everything the parse stage read from a site: typed, validated one file at a time.
public struct SiteContent: Sendable {
    public var config: SiteConfig
    public var home: HomePage?
    public var documents: [Document]
    public var structures: [Structure]
    public var people: [Person]
    public var orientations: [OrientationTree] = []
    /// Every file under `content/` (site-relative paths), to resolve links and attachments.
    public var files: Set<String>
}
