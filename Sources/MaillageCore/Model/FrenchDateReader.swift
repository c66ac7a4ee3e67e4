import Foundation

/// Dates as French people write them in documents and, by habit, in front matter:
/// « mardi 1er décembre 2026 », « 1 déc. 2026 », « 01/12/2026 », « 1.12.26 », each optionally
/// followed by a time (« à 9h30 », « 14 h », « 09:30 »). One reader for the importer (the first
/// date of a Word minute) and for the help of an `invalid-date` error in front matter, which
/// gives the exact value to write instead.
public enum FrenchDateReader {
    /// A date found in a text, with the text it was read from.
    public struct Found: Sendable, Equatable {
        public var value: DateTime
        public var written: String
    }

    /// The whole text read as one French date (a time may follow); nil when it is not one.
    public static func read(_ text: String) -> DateTime? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: ".,;")))
        guard let found = first(in: trimmed), found.written.count == trimmed.count else { return nil }
        return found.value
    }

    /// The first French date in a text, or nil.
    public static func first(in text: String) -> Found? {
        // Matched on the text folded (lower case, no accents, one kind of apostrophe and
        // space), whose characters stand where the text's do.
        let folded = fold(text)
        let range = NSRange(folded.startIndex..., in: folded)
        var best: (NSRange, DateTime)?
        for pattern in [Self.wordPattern, Self.numericPattern] {
            for match in pattern.matches(in: folded, range: range) {
                guard let value = value(of: match, in: folded, numeric: pattern === Self.numericPattern) else { continue }
                if best == nil || match.range.location < best!.0.location { best = (match.range, value) }
                break
            }
        }
        guard let (found, value) = best else { return nil }
        let characters = Array(text)
        let start = folded.distance(from: folded.startIndex, to: Range(found, in: folded)!.lowerBound)
        let length = folded[Range(found, in: folded)!].count
        return Found(value: value, written: String(characters[start..<min(characters.count, start + length)]))
    }

    static let months: [(prefix: String, number: Int)] = [
        ("janv", 1), ("fevr", 2), ("fev", 2), ("mars", 3), ("avr", 4), ("mai", 5), ("juin", 6),
        ("juil", 7), ("aout", 8), ("sept", 9), ("oct", 10), ("nov", 11), ("dec", 12),
    ]

    private static let time = #"(?:\s*(?:,|a|des|de)?\s*(\d{1,2})\s*(?:h|:)\s*(\d{2})?)?"#
    private static let weekday = #"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"#
    private static let monthWord = #"(janvier|janv\.?|fevrier|fevr\.?|fev\.?|mars|avril|avr\.?|mai|juin|juillet|juil\.?|aout|septembre|sept\.?|octobre|oct\.?|novembre|nov\.?|decembre|dec\.?)"#
    // Groups: day, month, year, hour, minute.
    private static let wordPattern = try! NSRegularExpression(
        pattern: #"\b"# + weekday + #"(\d{1,2})(?:er|e)?\s+"# + monthWord + #"\s+(\d{4})\b"# + time)
    private static let numericPattern = try! NSRegularExpression(
        pattern: #"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.-]\d)"# + time)

    private static func value(of match: NSTextCheckingResult, in text: String, numeric: Bool) -> DateTime? {
        func group(_ i: Int) -> String? {
            guard match.range(at: i).location != NSNotFound, let r = Range(match.range(at: i), in: text) else { return nil }
            return String(text[r])
        }
        let (dayGroup, monthGroup, yearGroup, hourGroup) = numeric ? (1, 3, 4, 5) : (1, 2, 3, 4)
        guard let day = group(dayGroup).flatMap({ Int($0) }), let monthText = group(monthGroup),
              var year = group(yearGroup).flatMap({ Int($0) }) else { return nil }
        let month = numeric ? Int(monthText) : months.first { monthText.hasPrefix($0.prefix) }?.number
        guard let month else { return nil }
        if year < 100 { year += 2000 }
        guard let date = LocalDate(year: year, month: month, day: day) else { return nil }
        var time: LocalTime?
        if let hour = group(hourGroup).flatMap({ Int($0) }) {
            time = LocalTime(hour: hour, minute: group(hourGroup + 1).flatMap { Int($0) } ?? 0)
        }
        return DateTime(date: date, time: time)
    }

    /// Lower case, without accents, one character for each of the text's.
    static func fold(_ text: String) -> String {
        String(text.map { c -> Character in
            let folded = String(c).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            if folded.count == 1, let f = folded.first { return f.isWhitespace ? " " : f }
            return c.isWhitespace ? " " : c
        })
    }
}
