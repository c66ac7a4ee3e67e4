import Foundation

/// Small French formatting helpers shared by the renderers.
public enum Format {
    /// The start of a text, cut at a word boundary, with an ellipsis.
    static func excerpt(_ text: String, _ length: Int) -> String {
        // No more bytes than `length`: no more characters either. (The text's characters are
        // not counted: that walks all of it; only the first `length` are walked.)
        guard text.utf8.count > length else { return text }
        let cut = text.prefix(length)
        guard cut.endIndex < text.endIndex else { return text }
        let end = cut.lastIndex(of: " ") ?? cut.endIndex
        return cut[..<end].trimmingCharacters(in: .punctuationCharacters.union(.whitespaces)) + "…"
    }

    /// Seconds east of UTC in force at a local time of `timezone` (or its written offset).
    static func utcOffset(_ dateTime: DateTime, in timezone: TimeZone) -> Int {
        if let minutes = dateTime.utcOffsetMinutes { return minutes * 60 }
        let time = dateTime.time ?? LocalTime(hour: 0, minute: 0)!
        let naive = dateTime.date.daysSinceEpoch * 86400 + time.hour * 3600 + time.minute * 60
        // The offset at the naive instant, corrected once: right on both sides of a DST change.
        let guess = timezone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(naive)))
        return timezone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(naive - guess)))
    }

    /// « 1,2 Mo », « 350 Ko », « 900 octets »
    static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) octets" }
        let units = ["Ko", "Mo", "Go"]
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let rounded = value >= 100 ? String(Int(value.rounded())) : String(format: "%.1f", value).replacingOccurrences(of: ".", with: ",")
        return "\(rounded.hasSuffix(",0") ? String(rounded.dropLast(2)) : rounded) \(units[unit])"
    }

    /// What kind of file a download is, from its extension.
    static func fileType(_ name: String) -> String {
        switch (name as NSString).pathExtension.lowercased() {
        case "pdf": "PDF"
        case "png": "image PNG"
        case "jpg", "jpeg": "image JPEG"
        case "webp": "image WebP"
        case "gif": "image GIF"
        case "svg": "image SVG"
        case "doc", "docx": "document Word"
        case "odt": "document OpenDocument"
        case "xls", "xlsx": "tableur Excel"
        case "ods": "tableur OpenDocument"
        case "ppt", "pptx": "présentation PowerPoint"
        case "odp": "présentation OpenDocument"
        case "csv": "tableau CSV"
        case "txt": "texte"
        case "zip": "archive ZIP"
        case let ext where !ext.isEmpty: ext.uppercased()
        default: "fichier"
        }
    }

    static func isImage(_ name: String) -> Bool {
        ["png", "jpg", "jpeg", "webp", "gif", "svg"].contains((name as NSString).pathExtension.lowercased())
    }

    /// `tel:` link for a phone number as written (« +33 3 00 00 00 00 » → tel:+33300000000).
    static func telURL(_ phone: String) -> String {
        "tel:" + phone.filter { $0.isNumber || $0 == "+" }
    }

    /// Initials for a portrait placeholder: « Claire Martin » → « CM ».
    static func initials(_ name: String) -> String {
        let words = name.split(whereSeparator: { $0 == " " || $0 == "-" }).filter { $0.first?.isLetter == true }
        let letters = (words.count > 1 ? [words.first!, words.last!] : Array(words.prefix(1))).compactMap(\.first)
        return String(letters).uppercased()
    }

    /// An RFC 3339 timestamp for a content date, in the site's time zone.
    static func rfc3339(_ dateTime: DateTime, timezone: TimeZone) -> String {
        let time = dateTime.time ?? LocalTime(hour: 0, minute: 0)!
        let offset = utcOffset(dateTime, in: timezone)
        let sign = offset < 0 ? "-" : "+"
        return "\(dateTime.date)T\(time):00\(sign)\(pad(abs(offset) / 3600)):\(pad(abs(offset) % 3600 / 60))"
    }

    public static func xmlEscape(_ text: String) -> String {
        // Most texts (addresses, names) have nothing to escape.
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var out = ""
        out.reserveCapacity(text.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }
}
