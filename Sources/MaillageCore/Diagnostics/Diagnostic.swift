/// Where something is in the site's sources: a path relative to the site folder,
/// with a 1-based line and column (columns count Unicode characters).
public struct SourceLocation: Sendable, Hashable, Comparable {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int = 1, column: Int = 1) {
        self.file = file
        self.line = max(1, line)
        self.column = max(1, column)
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// One problem found in a site, written for the communicator who has to fix it.
public struct Diagnostic: Sendable, Hashable, Error {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public var severity: Severity
    /// A stable machine-readable code (`unknown-reference`, `yaml-syntax`…), for tools and tests.
    public var code: String
    public var location: SourceLocation
    /// What is wrong, in plain French.
    public var message: String
    /// How to fix it, in plain French, when there is something useful to say.
    public var help: String?

    public init(_ severity: Severity, _ code: DiagnosticCode, at location: SourceLocation, _ message: String, help: String? = nil) {
        self.severity = severity
        self.code = code.rawValue
        self.location = location
        self.message = message
        self.help = help
    }

    public static func error(_ code: DiagnosticCode, at location: SourceLocation, _ message: String, help: String? = nil) -> Diagnostic {
        Diagnostic(.error, code, at: location, message, help: help)
    }

    public static func warning(_ code: DiagnosticCode, at location: SourceLocation, _ message: String, help: String? = nil) -> Diagnostic {
        Diagnostic(.warning, code, at: location, message, help: help)
    }
}

/// Every code a diagnostic can have: the one list. Each is explained, for communicators, in
/// `docs/contenu.md` (« Tous les messages »), which a test checks.
public enum DiagnosticCode: String, Sendable, CaseIterable {
    case absolutePath = "absolute-path"
    case accessibilityWithoutAudit = "accessibility-without-audit"
    case activeFile = "active-file"
    case binaryFile = "binary-file"
    case brokenAnchor = "broken-anchor"
    case brokenLink = "broken-link"
    case draftLink = "draft-link"
    case draftReference = "draft-reference"
    case duplicateAddress = "duplicate-address"
    case duplicateKey = "duplicate-key"
    case emptyTerm = "empty-term"
    case endBeforeStart = "end-before-start"
    case externalLink = "external-link"
    case hiddenFile = "hidden-file"
    case imageTooLarge = "image-too-large"
    case invalidAccessibilityRate = "invalid-accessibility-rate"
    case invalidAccessibilityStatus = "invalid-accessibility-status"
    case invalidBaseUrl = "invalid-base-url"
    case invalidDate = "invalid-date"
    case invalidEmail = "invalid-email"
    case invalidImage = "invalid-image"
    case invalidSynonyms = "invalid-synonyms"
    case invalidTimezone = "invalid-timezone"
    case invalidUrl = "invalid-url"
    case invalidUtf8 = "invalid-utf8"
    case misplacedFile = "misplaced-file"
    case missingConfig = "missing-config"
    case missingContent = "missing-content"
    case missingFile = "missing-file"
    case missingFrontMatter = "missing-front-matter"
    case missingHome = "missing-home"
    case missingKey = "missing-key"
    case notAFile = "not-a-file"
    case orientationCycle = "orientation-cycle"
    case pathEscape = "path-escape"
    case pdfTooHeavy = "pdf-too-heavy"
    case pdfWithoutText = "pdf-without-text"
    case previewFailed = "preview-failed"
    case privateFile = "private-file"
    case rawHtml = "raw-html"
    case reservedAddress = "reserved-address"
    case sourceFile = "source-file"
    case stepId = "step-id"
    case stepKind = "step-kind"
    case symlinkEscape = "symlink-escape"
    case templateSyntax = "template-syntax"
    case tooManyPaths = "too-many-paths"
    case unclosedFrontMatter = "unclosed-front-matter"
    case unknownFolder = "unknown-folder"
    case unknownKey = "unknown-key"
    case unknownReference = "unknown-reference"
    case unknownStep = "unknown-step"
    case unreachableStep = "unreachable-step"
    case unreadableFile = "unreadable-file"
    case unreadableImage = "unreadable-image"
    case unsafeId = "unsafe-id"
    case unsafeLink = "unsafe-link"
    case unsafeUrl = "unsafe-url"
    case unsupportedLanguage = "unsupported-language"
    case writeFailed = "write-failed"
    case wrongType = "wrong-type"
    case yamlKey = "yaml-key"
    case yamlNotMapping = "yaml-not-mapping"
    case yamlSyntax = "yaml-syntax"
}

/// The problems of one build, collected by every stage so that all of them are reported at once.
public struct Diagnostics: Sendable {
    public private(set) var all: [Diagnostic] = []

    public init() {}

    public mutating func append(_ diagnostic: Diagnostic) { all.append(diagnostic) }
    public mutating func append(contentsOf other: [Diagnostic]) { all.append(contentsOf: other) }
    public mutating func append(contentsOf other: Diagnostics) { all.append(contentsOf: other.all) }

    public var errors: [Diagnostic] { all.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { all.filter { $0.severity == .warning } }
    public var hasErrors: Bool { all.contains { $0.severity == .error } }

    /// Sorted by file, line and column, duplicates removed: the order people read them in.
    public var sorted: [Diagnostic] {
        var seen = Set<Diagnostic>()
        return all.filter { seen.insert($0).inserted }
            .sorted { ($0.location, $0.code, $0.message) < ($1.location, $1.code, $1.message) }
    }

    /// With `strict`, warnings count as errors.
    public func promotingWarnings(_ strict: Bool) -> Diagnostics {
        guard strict else { return self }
        var copy = Diagnostics()
        copy.all = all.map { var d = $0; d.severity = .error; return d }
        return copy
    }
}
