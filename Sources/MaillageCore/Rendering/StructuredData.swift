import Foundation

/// schema.org JSON-LD, for search engines and agenda aggregators.
enum StructuredData {
    static func event(_ e: Event, _ d: ResolvedDocument, site: ResolvedSite) -> String {
        let tz = TimeZone(identifier: site.config.timezone) ?? TimeZone(identifier: "Europe/Paris")!
        func date(_ value: DateTime) -> JSONValue { .string(value.time == nil ? value.date.description : Format.rfc3339(value, timezone: tz)) }
        func place(_ name: String) -> JSONValue { .object(["@type": "Place", "name": .string(name), "address": .string(name)]) }
        var object: [String: JSONValue] = [
            "@context": "https://schema.org", "@type": "Event", "name": .string(d.link.title),
            "url": .string(site.config.baseURL + d.link.address), "startDate": date(e.start.value),
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        ]
        object["endDate"] = e.end.map { date($0.value) }
        object["description"] = d.link.summary.map(JSONValue.string)
        object["location"] = e.location.map(place)
        let organizers = entities(e.organizers, .structure, type: "Organization", site: site)
        if !organizers.isEmpty { object["organizer"] = .array(organizers) }
        let sessions: [JSONValue] = e.sessions.compactMap { s in
            guard let start = s.start else { return nil }
            var sub: [String: JSONValue] = ["@type": "Event", "name": .string(s.title), "startDate": date(start)]
            sub["endDate"] = s.end.map(date)
            sub["description"] = s.summary.map(JSONValue.string)
            let where_ = [e.location, s.room].compactMap { $0 }.joined(separator: " — ")
            if !where_.isEmpty { sub["location"] = place(where_) }
            let performers = entities(s.speakers, .person, type: "Person", site: site)
            if !performers.isEmpty { sub["performer"] = .array(performers) }
            return .object(sub)
        }
        if !sessions.isEmpty { object["subEvent"] = .array(sessions) }
        return JSONValue.object(object).written(inHTML: true)
    }

    /// The structures or people that references name, each with its name and address.
    private static func entities(_ refs: [Located<String>], _ kind: Kind, type: String, site: ResolvedSite) -> [JSONValue] {
        refs.compactMap { ref in
            site.link(kind, ref.value).map {
                .object(["@type": .string(type), "name": .string($0.title), "url": .string(site.config.baseURL + $0.address)])
            }
        }
    }
}

extension StructuredData {
    /// Kinds of structures that are health organisations for schema.org.
    static let medicalKinds = ["cpts", "dac", "msp", "clic", "filiere", "clsm", "ptsm", "centre de sante", "hopital", "ch ", "chu", "ehpad", "ssiad"]

    static func structure(_ s: ResolvedStructure, site: ResolvedSite) -> String {
        let x = s.structure
        let kind = Slug.make(x.kind ?? "").replacingOccurrences(of: "-", with: " ")
        let medical = medicalKinds.contains { kind.hasPrefix($0.trimmingCharacters(in: .whitespaces)) || kind == $0 }
        var object: [String: JSONValue] = [
            "@context": "https://schema.org", "@type": medical ? "MedicalOrganization" : "Organization",
            "name": .string(x.name), "url": .string(site.config.baseURL + s.link.address),
        ]
        object["description"] = x.kind.map(JSONValue.string)
        object["sameAs"] = x.website.map { .string($0.value) }
        object["address"] = x.address.map { .object(["@type": "PostalAddress", "streetAddress": .string($0)]) }
        object["telephone"] = x.phone.map(JSONValue.string)
        object["email"] = x.email.map(JSONValue.string)
        if !s.territories.isEmpty { object["areaServed"] = .array(s.territories.map { .string($0.name) }) }
        return JSONValue.object(object).written(inHTML: true)
    }

    /// A person; email, phone and image only with consent.
    static func person(_ p: ResolvedPerson, portrait: Portrait?, site: ResolvedSite) -> String {
        let x = p.person
        var object: [String: JSONValue] = [
            "@context": "https://schema.org", "@type": "Person", "name": .string(x.name), "url": .string(site.config.baseURL + p.link.address),
        ]
        object["jobTitle"] = x.role.map(JSONValue.string)
        let organisations = entities(x.structures, .structure, type: "Organization", site: site)
        if !organisations.isEmpty { object["worksFor"] = .array(organisations) }
        if x.consent {
            object["email"] = x.email.map(JSONValue.string)
            object["telephone"] = x.phone.map(JSONValue.string)
            object["image"] = portrait.map { .string(site.config.baseURL + $0.jpegSmall) }
        }
        return JSONValue.object(object).written(inHTML: true)
    }
}
