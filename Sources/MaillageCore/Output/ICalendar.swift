import Foundation

/// iCalendar files (RFC 5545): one per event, and the agenda of upcoming events.
/// Times are written in UTC, so that no VTIMEZONE is needed and every calendar agrees.
struct ICalendar {
    let site: ResolvedSite
    let timezone: TimeZone

    init(site: ResolvedSite) {
        self.site = site
        self.timezone = TimeZone(identifier: site.config.timezone) ?? TimeZone(identifier: "Europe/Paris")!
    }

    /// The file of one event: the whole event, then one VEVENT per session.
    /// With a `memo`, an event already written there is taken from it.
    func calendar(for documents: [ResolvedDocument], name: String, memo: Memo? = nil) -> String {
        var text = ContentLine.file([
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Maillage//Maillage//FR", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:" + ContentLine.escape(name), "X-WR-TIMEZONE:" + site.config.timezone,
        ])
        for d in documents {
            guard case .event(let event) = d.document.details else { continue }
            let make = { ContentLine.file(vevent(d, event)) }
            text += memo?.event(d.link.address, make) ?? make()
        }
        return text + ContentLine.file(["END:VCALENDAR"])
    }

    /// Events as a calendar writes them, by address, for one renderer: `maillage serve`'s edit
    /// in place writes the agenda again with only the events it affects written anew (it
    /// forgets those, see `InPlaceEdit`).
    final class Memo: Sendable {
        private let events = Locked<[String: String]>([:])

        func event(_ address: String, _ make: () -> String) -> String {
            if let known = events.withLock({ $0[address] }) { return known }
            let text = make()
            events.withLock { $0[address] = text }
            return text
        }

        func forget(_ addresses: some Sequence<String>) {
            events.withLock { events in
                for address in addresses { events[address] = nil }
            }
        }
    }

    private func vevent(_ d: ResolvedDocument, _ event: Event) -> [String] {
        let url = site.config.baseURL + d.link.address
        var description = d.link.summary ?? ""
        description += (description.isEmpty ? "" : "\n\n") + url
        var lines = ["BEGIN:VEVENT", "UID:\(d.document.id)@\(site.config.host)", "DTSTAMP:\(stamp)"]
        lines += span(event.start.value, event.end?.value)
        lines += ["SUMMARY:" + ContentLine.escape(d.link.title), "DESCRIPTION:" + ContentLine.escape(description), "URL:" + url]
        if let location = event.location { lines.append("LOCATION:" + ContentLine.escape(location)) }
        if !d.tags.isEmpty { lines.append("CATEGORIES:" + d.tags.map { ContentLine.escape($0.name) }.joined(separator: ",")) }
        lines.append("END:VEVENT")

        var seen = Set<String>()
        for session in event.sessions {
            guard let start = session.start else { continue }
            var uid = "\(d.document.id)-\(Slug.make(start.description))-\(Slug.make(session.title).prefix(40))"
            while !seen.insert(uid).inserted { uid += "-bis" }
            var text = session.summary ?? ""
            let speakers = session.speakers.compactMap { site.link(.person, $0.value)?.title }
            if !speakers.isEmpty { text += (text.isEmpty ? "" : "\n") + "Avec " + speakers.joined(separator: ", ") }
            text += (text.isEmpty ? "" : "\n\n") + url
            lines += ["BEGIN:VEVENT", "UID:\(uid)@\(site.config.host)", "DTSTAMP:\(stamp)"]
            lines += span(start, session.end)
            lines += ["SUMMARY:" + ContentLine.escape("\(session.title) — \(d.link.title)"), "DESCRIPTION:" + ContentLine.escape(text), "URL:" + url]
            let place = [event.location, session.room].compactMap { $0 }.joined(separator: " — ")
            if !place.isEmpty { lines.append("LOCATION:" + ContentLine.escape(place)) }
            lines.append("END:VEVENT")
        }
        return lines
    }

    /// DTSTAMP is the build day at midnight UTC: the same for every build of one day.
    private var stamp: String { "\(compact(site.buildDate))T000000Z" }

    private func span(_ start: DateTime, _ end: DateTime?) -> [String] {
        guard start.time != nil else {
            // All-day: DTEND is the day after the last day (exclusive).
            let last = end?.date ?? start.date
            let after = LocalDate(daysSinceEpoch: max(last, start.date).daysSinceEpoch + 1)
            return ["DTSTART;VALUE=DATE:\(compact(start.date))", "DTEND;VALUE=DATE:\(compact(after))"]
        }
        var lines = ["DTSTART:" + utc(start)]
        if let end, end > start {
            lines.append("DTEND:" + utc(end.time == nil ? DateTime(date: end.date, time: LocalTime(hour: 23, minute: 59)) : end))
        }
        return lines
    }

    private func compact(_ date: LocalDate) -> String { "\(pad(date.year, 4))\(pad(date.month))\(pad(date.day))" }

    /// A local date-time (in the site's zone unless it carries an offset) as UTC `YYYYMMDDTHHMMSSZ`.
    func utc(_ value: DateTime) -> String {
        let time = value.time ?? LocalTime(hour: 0, minute: 0)!
        let naive = value.date.daysSinceEpoch * 86400 + time.hour * 3600 + time.minute * 60
        let seconds = naive - Format.utcOffset(value, in: timezone)
        let day = LocalDate(daysSinceEpoch: Int((Double(seconds) / 86400).rounded(.down)))
        let rest = seconds - day.daysSinceEpoch * 86400
        return "\(compact(day))T\(pad(rest / 3600))\(pad(rest % 3600 / 60))00Z"
    }
}
