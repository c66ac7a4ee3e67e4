import Foundation

/// The accessibility statement (`/accessibilite/`) and its footer link.
extension SiteRenderer {
    static let accessibilityAddress = "accessibilite/"

    /// The label RGAA asks for in every page's footer: « Accessibilité : partiellement conforme ».
    static func accessibilityFooterLabel(_ statement: AccessibilityStatement) -> String {
        "Accessibilité : \(statement.status.rawValue)"
    }

    func accessibilityContext() -> [String: Any] {
        let statement = site.config.accessibility
        var context = common(title: "Déclaration d’accessibilité", description: "Déclaration d’accessibilité du site \(site.config.title)",
                             address: Self.accessibilityAddress, section: nil, breadcrumb: [("", "Accueil")])
        var a11y: [String: Any] = [
            "entity": statement.entity ?? site.config.title,
            "url": site.config.baseURL,
            "status": statement.status.rawValue,
            "statusReason": statement.auditDate == nil && statement.status == .nonCompliant ? ", faute d’audit de conformité à ce jour" : "",
            "nonAccessible": statement.nonAccessible,
            "hasContact": statement.hasContact,
        ]
        if let audit = statement.auditDate {
            var item: [String: Any] = ["text": FrenchDates.medium(audit), "iso": audit.description]
            if let auditor = statement.auditor { item["auditor"] = auditor }
            if let rate = statement.rate { item["rate"] = rate }
            a11y["audit"] = item
        }
        if let date = statement.date { a11y["date"] = ["text": FrenchDates.medium(date), "iso": date.description] }
        if let email = statement.email { a11y["email"] = email }
        if let form = statement.form { a11y["form"] = form }
        if let address = statement.postalAddress { a11y["address"] = address }
        context["a11y"] = a11y
        return context
    }
}
