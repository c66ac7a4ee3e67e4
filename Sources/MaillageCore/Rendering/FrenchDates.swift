/// Dates and times as French readers expect them: « mardi 1er décembre 2026 », « 9 h 30 ».
public enum FrenchDates {
    static let weekdays = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    static let months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                         "septembre", "octobre", "novembre", "décembre"]

    /// « mardi 1er décembre 2026 »
    public static func long(_ date: LocalDate) -> String {
        "\(weekdays[date.weekday]) \(dayMonth(date)) \(date.year)"
    }

    /// « 1er décembre 2026 »
    public static func medium(_ date: LocalDate) -> String {
        "\(dayMonth(date)) \(date.year)"
    }

    /// « 1er décembre »
    static func dayMonth(_ date: LocalDate) -> String {
        "\(date.day == 1 ? "1er" : String(date.day)) \(months[date.month - 1])"
    }

    /// « 9 h 30 », « 14 h »
    public static func time(_ time: LocalTime) -> String {
        time.minute == 0 ? "\(time.hour) h" : "\(time.hour) h \(pad(time.minute))"
    }

    /// « mardi 1er décembre 2026 à 9 h 30 »
    public static func long(_ dateTime: DateTime) -> String {
        guard let time = dateTime.time else { return long(dateTime.date) }
        return "\(long(dateTime.date)) à \(self.time(time))"
    }

    /// An event's span: « vendredi 10 avril 2026, 9 h – 17 h », or across days
    /// « du lundi 1er juin 2026 à 9 h au mardi 2 juin 2026 à 17 h ».
    public static func range(_ start: DateTime, _ end: DateTime?) -> String {
        guard let end, end != start else {
            if let time = start.time { return "\(long(start.date)), \(self.time(time))" }
            return long(start.date)
        }
        if end.date == start.date {
            switch (start.time, end.time) {
            case let (s?, e?): return "\(long(start.date)), \(time(s)) – \(time(e))"
            case let (s?, nil): return "\(long(start.date)), \(time(s))"
            default: return long(start.date)
            }
        }
        if start.time == nil && end.time == nil {
            if start.date.year == end.date.year && start.date.month == end.date.month {
                return "du \(weekdays[start.date.weekday]) \(start.date.day == 1 ? "1er" : String(start.date.day)) au \(long(end.date))"
            }
            return "du \(long(start.date)) au \(long(end.date))"
        }
        return "du \(long(start)) au \(long(end))"
    }

    /// `2026-04-10` or `2026-04-10T09:30` for `<time datetime>`.
    public static func machine(_ dateTime: DateTime) -> String {
        guard let time = dateTime.time else { return dateTime.date.description }
        var text = "\(dateTime.date)T\(time)"
        if let offset = dateTime.utcOffsetMinutes {
            text += offset == 0 ? "Z" : "\(offset < 0 ? "-" : "+")\(pad(abs(offset) / 60)):\(pad(abs(offset) % 60))"
        }
        return text
    }
}
