import Foundation

/// `sitemap.xml` and `atom.xml`.
enum Feeds {
    static func sitemap(_ pages: [(address: String, date: DateTime?)], site: ResolvedSite) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for page in pages.sorted(by: { $0.address < $1.address }) {
            xml += "  <url><loc>\(Format.xmlEscape(site.config.baseURL + page.address))</loc>"
            if let date = page.date { xml += "<lastmod>\(date.date)</lastmod>" }
            xml += "</url>\n"
        }
        return xml + "</urlset>\n"
    }

    /// The feed's entries: the newest dated pages but free pages, newest first.
    static func atomEntries(_ site: ResolvedSite, limit: Int = 50) -> ArraySlice<(ResolvedDocument, DateTime)> {
        site.documents.filter { $0.document.kind != .page }
            .compactMap { d -> (ResolvedDocument, DateTime)? in
                guard let date = d.document.header.date?.value ?? d.link.date else { return nil }
                return (d, date)
            }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.link.address < $1.0.link.address }
            .prefix(limit)
    }

    /// The latest news, events, minutes, retex and resources, newest first.
    static func atom(_ site: ResolvedSite, limit: Int = 50) -> String {
        let tz = TimeZone(identifier: site.config.timezone) ?? TimeZone(identifier: "Europe/Paris")!
        let entries = atomEntries(site, limit: limit)
        let base = site.config.baseURL
        let updated = entries.first.map { Format.rfc3339($0.1, timezone: tz) }
            ?? Format.rfc3339(DateTime(date: site.buildDate), timezone: tz)
        var xml = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(Format.xmlEscape(site.config.language))">
          <title>\(Format.xmlEscape(site.config.title))</title>
          \(site.config.description.map { "<subtitle>\(Format.xmlEscape($0))</subtitle>" } ?? "")
          <id>\(Format.xmlEscape(base))</id>
          <link rel="alternate" type="text/html" href="\(Format.xmlEscape(base))"/>
          <link rel="self" type="application/atom+xml" href="\(Format.xmlEscape(base + "atom.xml"))"/>
          <updated>\(updated)</updated>
          <author><name>\(Format.xmlEscape(site.config.title))</name></author>

        """
        for (d, date) in entries {
            let link = base + d.link.address
            xml += """
              <entry>
                <title>\(Format.xmlEscape(d.link.title))</title>
                <link rel="alternate" type="text/html" href="\(Format.xmlEscape(link))"/>
                <id>\(Format.xmlEscape(link))</id>
                <updated>\(Format.rfc3339(date, timezone: tz))</updated>
                <category term="\(d.document.kind.folder)" label="\(Format.xmlEscape(d.document.kind.singular))"/>
                \(d.link.summary.map { "<summary>\(Format.xmlEscape($0))</summary>" } ?? "")
              </entry>

            """
        }
        return xml + "</feed>\n"
    }
}
