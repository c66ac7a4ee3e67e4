import Foundation

/// A calendar day, as written in content (`2025-12-01`), with no time zone.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...LocalDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// `2025-12-01`
    public var description: String { "\(pad(year, 4))-\(pad(month))-\(pad(day))" }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian calendar).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(daysSinceEpoch z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// 0 = Monday … 6 = Sunday.
    public var weekday: Int { ((daysSinceEpoch % 7) + 7 + 3) % 7 }
}

/// A time of day (`09:30`).
public struct LocalTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int

    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.hour = hour
        self.minute = minute
    }

    public static func < (a: LocalTime, b: LocalTime) -> Bool { (a.hour, a.minute) < (b.hour, b.minute) }
    public var description: String { "\(pad(hour)):\(pad(minute))" }
}

/// A day with an optional time, as content writes it: `2026-04-10` or `2026-04-10T09:30`.
/// Without an offset the time is in the site's time zone.
public struct DateTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var date: LocalDate
    public var time: LocalTime?
    /// Minutes east of UTC when the text gave an offset (`+02:00`, `Z`).
    public var utcOffsetMinutes: Int?

    public init(date: LocalDate, time: LocalTime? = nil, utcOffsetMinutes: Int? = nil) {
        self.date = date
        self.time = time
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    public static func < (a: DateTime, b: DateTime) -> Bool {
        if a.date != b.date { return a.date < b.date }
        return (a.time?.hour ?? -1, a.time?.minute ?? -1) < (b.time?.hour ?? -1, b.time?.minute ?? -1)
    }

    /// ISO 8601 as written back (`2026-04-10T09:30`).
    public var description: String {
        guard let time else { return date.description }
        return "\(date)T\(time)"
    }
}

func pad(_ n: Int, _ width: Int = 2) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

/// Why a date text is not a date, in French, for diagnostics.
public enum DateParseError: Error, Sendable, Equatable {
    case format
    case month(Int)
    case day(Int, month: Int, year: Int)
    case time
}

public enum DateParser {
    /// Parses `YYYY-MM-DD`, optionally followed by `THH:MM[:SS]` (or a space), optionally an offset.
    public static func parseDateTime(_ raw: String) -> Result<DateTime, DateParseError> {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let scalars = Array(text.unicodeScalars)
        func digits(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= scalars.count else { return nil }
            var value = 0
            for s in scalars[from..<(from + count)] {
                guard s.isASCII, let d = Int(String(s)) else { return nil }
                value = value * 10 + d
            }
            return value
        }
        guard scalars.count >= 10, let y = digits(0, 4), scalars[4] == "-", let m = digits(5, 2),
              scalars[7] == "-", let d = digits(8, 2) else { return .failure(.format) }
        guard (1...12).contains(m) else { return .failure(.month(m)) }
        guard let date = LocalDate(year: y, month: m, day: d) else { return .failure(.day(d, month: m, year: y)) }
        if scalars.count == 10 { return .success(DateTime(date: date)) }
        guard scalars[10] == "T" || scalars[10] == " " || scalars[10] == "t" else { return .failure(.format) }
        var rest = String(String.UnicodeScalarView(scalars[11...]))
        var offset: Int?
        if rest.hasSuffix("Z") || rest.hasSuffix("z") {
            offset = 0
            rest.removeLast()
        } else if let signIndex = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let sign = rest[signIndex] == "-" ? -1 : 1
            let parts = rest[rest.index(after: signIndex)...].split(separator: ":")
            guard parts.count == 2 || (parts.count == 1 && parts[0].count == 4) else { return .failure(.time) }
            let (hh, mm) = parts.count == 2 ? (Int(parts[0]), Int(parts[1])) : (Int(parts[0].prefix(2)), Int(parts[0].suffix(2)))
            guard let hh, let mm, hh < 24, mm < 60 else { return .failure(.time) }
            offset = sign * (hh * 60 + mm)
            rest = String(rest[..<signIndex])
        }
        switch parseTime(rest, allowSeconds: true) {
        case .success(let time): return .success(DateTime(date: date, time: time, utcOffsetMinutes: offset))
        case .failure(let e): return .failure(e)
        }
    }

    /// Parses `HH:MM` (or `HH:MM:SS` when allowed; seconds are dropped), also `9h30`.
    public static func parseTime(_ raw: String, allowSeconds: Bool = false) -> Result<LocalTime, DateParseError> {
        let text = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let parts = text.split(separator: text.contains("h") ? "h" : ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || (allowSeconds && parts.count == 3),
              parts[0].count <= 2, !parts[0].isEmpty, parts[0].allSatisfy(\.isASCII),
              let h = Int(parts[0]) else { return .failure(.time) }
        let minuteText = parts[1].isEmpty && text.contains("h") ? "00" : String(parts[1])
        guard minuteText.count == 2, minuteText.allSatisfy(\.isASCII), let m = Int(minuteText) else { return .failure(.time) }
        if parts.count == 3 {
            let sec = parts[2].split(separator: ".").first ?? ""
            guard sec.count == 2, let s = Int(sec), s < 60 else { return .failure(.time) }
        }
        guard let time = LocalTime(hour: h, minute: m) else { return .failure(.time) }
        return .success(time)
    }

    static func describe(_ error: DateParseError, text: String) -> (message: String, help: String) {
        switch error {
        case .format:
            // Written the French way: the exact value to write instead.
            if let value = FrenchDateReader.read(text) {
                return ("date écrite à la française « \(text) » : les dates s’écrivent AAAA-MM-JJ",
                        "écrivez \(value) à la place (\(FrenchDates.long(value)))")
            }
            return ("date illisible « \(text) »", "écrivez la date au format AAAA-MM-JJ, par exemple 2026-12-01 (avec l’heure : 2026-12-01T09:30)")
        case .month(let m):
            return ("date impossible « \(text) » : il n’y a pas de mois \(m)", "le mois va de 01 à 12 ; le format est AAAA-MM-JJ, par exemple 2026-12-01")
        case .day(let d, let m, let y):
            let days = LocalDate.daysIn(month: m, year: y)
            return ("date impossible « \(text) » : le mois \(pad(m)) de \(y) n’a que \(days) jours, pas de jour \(d)", "vérifiez le jour et le mois (format AAAA-MM-JJ)")
        case .time:
            return ("heure impossible « \(text) »", "écrivez l’heure au format HH:MM sur 24 heures, par exemple 09:30 ou 14:00")
        }
    }
}

extension LocalDate {
    /// Today in this machine's time zone (what a reader's browser calls today).
    public static var today: LocalDate { today(in: .current) }

    /// The day it is at `now` in `timezone`.
    public static func today(in timezone: TimeZone, at now: Date = Date()) -> LocalDate {
        let local = now.timeIntervalSince1970 + Double(timezone.secondsFromGMT(for: now))
        return LocalDate(daysSinceEpoch: Int((local / 86400).rounded(.down)))
    }
}

extension LocalDate {
    /// A day written `AAAA-MM-JJ`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }
}
