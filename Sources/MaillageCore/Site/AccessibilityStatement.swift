import Foundation

/// The site's accessibility statement (« déclaration d’accessibilité », RGAA 4.1), from the
/// `accessibilite:` block of `maillage.yaml`. Every key is optional: without an audit the
/// honest status is « non conforme », which is the default.
public struct AccessibilityStatement: Sendable {
    public enum Status: String, Sendable, CaseIterable {
        case nonCompliant = "non conforme"
        case partiallyCompliant = "partiellement conforme"
        case fullyCompliant = "totalement conforme"
    }

    public var status: Status = .nonCompliant
    /// Who publishes the site and makes the statement; the site's title by default.
    public var entity: String?
    /// Share of RGAA criteria met by the last audit, in percent.
    public var rate: Int?
    public var auditDate: LocalDate?
    public var auditor: String?
    /// The day the statement was made (or last updated).
    public var date: LocalDate?
    public var email: String?
    /// A contact form's address (http or https).
    public var form: String?
    public var postalAddress: String?
    /// Contents known not to be accessible, one sentence each.
    public var nonAccessible: [String] = []

    public init() {}

    public var hasContact: Bool { email != nil || form != nil || postalAddress != nil }


    /// Reads the `accessibilite:` mapping; every problem is a located diagnostic.
    static func read(_ r: inout FieldReader) -> AccessibilityStatement {
        var statement = AccessibilityStatement()
        if let status = r.string("etat") {
            let written = status.value.lowercased().replacingOccurrences(of: "_", with: " ")
            if let known = Status(rawValue: written) {
                statement.status = known
            } else {
                r.appendDiagnostic(.error(.invalidAccessibilityStatus, at: status.location,
                                          "état de conformité inconnu « \(status.value) »",
                                          help: Suggestion.help(for: written, among: Status.allCases.map(\.rawValue),
                                                                otherwise: "écrivez non conforme, partiellement conforme ou totalement conforme")))
            }
        }
        statement.entity = r.string("responsable")?.value
        if let rate = r.string("taux") {
            let digits = rate.value.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: ",", with: ".")
                .trimmingCharacters(in: .whitespaces)
            if let value = Double(digits), value >= 0, value <= 100 {
                statement.rate = Int(value.rounded())
            } else {
                r.appendDiagnostic(.error(.invalidAccessibilityRate, at: rate.location,
                                          "« taux » doit être un pourcentage entre 0 et 100, pas « \(rate.value) »",
                                          help: "par exemple : taux: 75"))
            }
        }
        statement.auditDate = r.dateTime("audit")?.value.date
        statement.auditor = r.string("auditeur")?.value
        statement.date = r.dateTime("date")?.value.date
        if let email = r.string("courriel") {
            let value = email.value.hasPrefix("mailto:") ? String(email.value.dropFirst(7)) : email.value
            let parts = value.split(separator: "@", omittingEmptySubsequences: false)
            if parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !value.contains(where: { $0.isWhitespace || "<>\"'".contains($0) }) {
                statement.email = value
            } else {
                r.appendDiagnostic(.error(.invalidEmail, at: email.location, "adresse électronique invalide « \(email.value) »",
                                          help: "par exemple : courriel: accessibilite@example.org"))
            }
        }
        if let form = r.string("formulaire") {
            let problems = URLPolicy.check(form, key: "formulaire")
            if problems.isEmpty, URLPolicy.isWeb(form.value) {
                statement.form = form.value
            } else {
                r.appendDiagnostic(problems.first ?? .error(.invalidUrl, at: form.location,
                                                            "« formulaire » doit être l’adresse d’une page web, pas « \(form.value) »",
                                                            help: "par exemple : formulaire: https://example.org/contact ; pour un courriel, écrivez courriel: …"))
            }
        }
        statement.postalAddress = r.string("adresse")?.value
        statement.nonAccessible = r.strings("non_accessibles").map(\.value)
        if statement.status != .nonCompliant, statement.auditDate == nil {
            r.appendDiagnostic(.warning(.accessibilityWithoutAudit, at: r.location(of: "etat"),
                                        "« \(statement.status.rawValue) » suppose un audit : indiquez sa date",
                                        help: "ajoutez « audit: AAAA-MM-JJ » (et « taux: » si vous le connaissez), ou écrivez etat: non conforme"))
        }
        return statement
    }
}
