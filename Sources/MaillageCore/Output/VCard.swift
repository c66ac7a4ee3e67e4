/// vCard 4.0 (RFC 6350) contact cards. A person without consent gets name, role and
/// organisation only: never email, phone or photo.
struct VCard {
    let site: ResolvedSite

    func structure(_ s: ResolvedStructure) -> [String] {
        let x = s.structure
        var lines = ["BEGIN:VCARD", "VERSION:4.0", "KIND:org", "FN:" + ContentLine.escape(x.name), "ORG:" + ContentLine.escape(x.name)]
        if let address = x.address { lines.append("ADR;TYPE=work:;;" + ContentLine.escape(address) + ";;;;") }
        if let phone = x.phone { lines.append("TEL;VALUE=uri;TYPE=work:" + Format.telURL(phone)) }
        if let email = x.email { lines.append("EMAIL;TYPE=work:" + ContentLine.escape(email)) }
        lines.append("URL:" + (x.website?.value ?? site.config.baseURL + s.link.address))
        let note = ([x.kind].compactMap { $0 } + s.territories.map(\.name)).joined(separator: " — ")
        if !note.isEmpty { lines.append("NOTE:" + ContentLine.escape(note)) }
        lines += ["SOURCE:" + site.config.baseURL + s.link.address + vcfName(s.link), "UID:" + site.config.baseURL + s.link.address, "END:VCARD"]
        return lines
    }

    func person(_ p: ResolvedPerson, portrait: Portrait?) -> [String] {
        let x = p.person
        let words = x.name.split(separator: " ")
        let family = words.count > 1 ? String(words.last!) : x.name
        let given = words.count > 1 ? words.dropLast().joined(separator: " ") : ""
        var lines = ["BEGIN:VCARD", "VERSION:4.0", "KIND:individual", "FN:" + ContentLine.escape(x.name),
                     "N:\(ContentLine.escape(family));\(ContentLine.escape(given));;;"]
        if let role = x.role { lines.append("TITLE:" + ContentLine.escape(role)) }
        if let first = x.structures.first, let structure = site.link(.structure, first.value) {
            lines.append("ORG:" + ContentLine.escape(structure.title))
        }
        if x.consent {
            if let email = x.email { lines.append("EMAIL;TYPE=work:" + ContentLine.escape(email)) }
            if let phone = x.phone { lines.append("TEL;VALUE=uri;TYPE=work:" + Format.telURL(phone)) }
            if let portrait { lines.append("PHOTO:" + site.config.baseURL + LinkContext.percentEncode(portrait.jpegSmall)) }
        }
        lines += ["URL:" + site.config.baseURL + p.link.address, "UID:" + site.config.baseURL + p.link.address, "END:VCARD"]
        return lines
    }

    /// `cpts-strasbourg.vcf`, beside the page.
    func vcfName(_ link: PageLink) -> String { "\(Slug.make(link.id)).vcf" }
}
