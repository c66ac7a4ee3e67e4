import Foundation

/// The accessibility statement (`/accessibilite/`) and its footer link.
extension SiteRenderer {
    static let accessibilityAddress = "accessibilite/"

    /// The label RGAA asks for in every page's footer: « Accessibilité : partiellement conforme ».
    static func accessibilityFooterLabel(_ statement: AccessibilityStatement) -> String {
        "Accessibilité : \(statement.status.rawValue)"
    }

    func accessibilityModel() -> PageModel {
        let statement = site.config.accessibility
        let model = AccessibilityModel(
            entity: statement.entity ?? site.config.title, url: site.config.baseURL, status: statement.status.rawValue,
            statusReason: statement.auditDate == nil && statement.status == .nonCompliant ? ", faute d’audit de conformité à ce jour" : "",
            nonAccessible: statement.nonAccessible, hasContact: statement.hasContact,
            audit: statement.auditDate.map { AuditModel(text: FrenchDates.medium($0), iso: $0.description, auditor: statement.auditor, rate: statement.rate) },
            date: statement.date.map { DateText(text: FrenchDates.medium($0), iso: $0.description) },
            email: statement.email, form: statement.form, address: statement.postalAddress)
        return PageModel(chrome: chrome(title: "Déclaration d’accessibilité", description: "Déclaration d’accessibilité du site \(site.config.title)",
                                        address: Self.accessibilityAddress, section: nil, breadcrumb: [("", "Accueil")]),
                         content: .accessibility(model))
    }
}
