/// The `Content-Type` of a file the site holds, by its extension: `maillage serve` and the
/// atelier's preview answer with the same.
public enum MediaType {
    public static func of(extension ext: String) -> String {
        switch ext.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "xml": "application/xml"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "webp": "image/webp"
        case "pdf": "application/pdf"
        case "ics": "text/calendar; charset=utf-8"
        case "vcf": "text/vcard; charset=utf-8"
        case "json": "application/json"
        default: "application/octet-stream"
        }
    }
}
