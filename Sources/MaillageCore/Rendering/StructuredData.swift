import Foundation

/// schema.org JSON-LD, for search engines and agenda aggregators.
enum StructuredData {
    static func event(_ e: Event, _ d: ResolvedDocument, site: ResolvedSite) -> String {
        let tz = TimeZone(identifier: site.config.timezone) ?? TimeZone(identifier: "Europe/Paris")!
        func date(_ value: DateTime) -> String { value.time == nil ? value.date.description : Format.rfc3339(value, timezone: tz) }
        func place(_ name: String) -> [String: Any] { ["@type": "Place", "name": name, "address": name] }
        var object: [String: Any] = [
            "@context": "https://schema.org", "@type": "Event", "name": d.link.title,
            "url": site.config.baseURL + d.link.address, "startDate": date(e.start.value),
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        ]
        if let end = e.end { object["endDate"] = date(end.value) }
        if let summary = d.link.summary { object["description"] = summary }
        if let location = e.location { object["location"] = place(location) }
        let organizers: [[String: Any]] = e.organizers.compactMap { ref in
            site.link(.structure, ref.value).map { ["@type": "Organization", "name": $0.title, "url": site.config.baseURL + $0.address] }
        }
        if !organizers.isEmpty { object["organizer"] = organizers }
        let sessions: [[String: Any]] = e.sessions.compactMap { s in
            guard let start = s.start else { return nil }
            var sub: [String: Any] = ["@type": "Event", "name": s.title, "startDate": date(start)]
            if let end = s.end { sub["endDate"] = date(end) }
            if let summary = s.summary { sub["description"] = summary }
            let where_ = [e.location, s.room].compactMap { $0 }.joined(separator: " — ")
            if !where_.isEmpty { sub["location"] = place(where_) }
            let performers: [[String: Any]] = s.speakers.compactMap { ref in
                site.link(.person, ref.value).map { ["@type": "Person", "name": $0.title, "url": site.config.baseURL + $0.address] }
            }
            if !performers.isEmpty { sub["performer"] = performers }
            return sub
        }
        if !sessions.isEmpty { object["subEvent"] = sessions }
        return json(object)
    }

    /// Deterministic JSON (keys sorted) that is safe inside `<script>`: `<`, `>` and `&` are
    /// escaped. Written by hand: `JSONSerialization` was 4 % of a 10,000-page build.
    static func json(_ object: [String: Any]) -> String {
        var out = ""
        func quote(_ text: String) {
            out += "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "<": out += "\\u003c"
                case ">": out += "\\u003e"
                case "&": out += "\\u0026"
                default:
                    if scalar.value < 0x20 {
                        out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            out += "\""
        }
        func write(_ value: Any) {
            switch value {
            case let text as String:
                quote(text)
            case let dictionary as [String: Any]:
                out += "{"
                for (i, key) in dictionary.keys.sorted().enumerated() {
                    if i > 0 { out += "," }
                    quote(key)
                    out += ":"
                    write(dictionary[key]!)
                }
                out += "}"
            case let array as [Any]:
                out += "["
                for (i, element) in array.enumerated() {
                    if i > 0 { out += "," }
                    write(element)
                }
                out += "]"
            default:
                quote("\(value)")
            }
        }
        write(object)
        return out
    }
}

extension StructuredData {
    /// Kinds of structures that are health organisations for schema.org.
    static let medicalKinds = ["cpts", "dac", "msp", "clic", "filiere", "clsm", "ptsm", "centre de sante", "hopital", "ch ", "chu", "ehpad", "ssiad"]

    static func structure(_ s: ResolvedStructure, site: ResolvedSite) -> String {
        let x = s.structure
        let kind = Slug.make(x.kind ?? "").replacingOccurrences(of: "-", with: " ")
        let medical = medicalKinds.contains { kind.hasPrefix($0.trimmingCharacters(in: .whitespaces)) || kind == $0 }
        var object: [String: Any] = [
            "@context": "https://schema.org", "@type": medical ? "MedicalOrganization" : "Organization",
            "name": x.name, "url": site.config.baseURL + s.link.address,
        ]
        if let k = x.kind { object["description"] = k }
        if let website = x.website { object["sameAs"] = website.value }
        if let address = x.address { object["address"] = ["@type": "PostalAddress", "streetAddress": address] }
        if let phone = x.phone { object["telephone"] = phone }
        if let email = x.email { object["email"] = email }
        if !s.territories.isEmpty { object["areaServed"] = s.territories.map(\.name) }
        return json(object)
    }

    /// A person; email, phone and image only with consent.
    static func person(_ p: ResolvedPerson, portrait: Portrait?, site: ResolvedSite) -> String {
        let x = p.person
        var object: [String: Any] = [
            "@context": "https://schema.org", "@type": "Person", "name": x.name, "url": site.config.baseURL + p.link.address,
        ]
        if let role = x.role { object["jobTitle"] = role }
        let organisations: [[String: Any]] = x.structures.compactMap { ref in
            site.link(.structure, ref.value).map { ["@type": "Organization", "name": $0.title, "url": site.config.baseURL + $0.address] }
        }
        if !organisations.isEmpty { object["worksFor"] = organisations }
        if x.consent {
            if let email = x.email { object["email"] = email }
            if let phone = x.phone { object["telephone"] = phone }
            if let portrait { object["image"] = site.config.baseURL + portrait.jpegSmall }
        }
        return json(object)
    }
}
