import Foundation

/// A file of the site's cache (`.maillage-cache/`) made once for a content: a PDF's preview,
/// a document's text. It is written to a temporary file beside its place, then moved there, so
/// that a build killed while making it leaves no half-written file to be taken as made.
enum CachedFile {
    /// Makes `target` with `make`, given the temporary file to write, unless it is there
    /// already; whether it was made now, or why it could not be.
    static func ensure<Failure: Error>(_ target: URL, make: (URL) -> Result<Void, Failure>) -> Result<Bool, Failure> {
        guard !FileManager.default.fileExists(atPath: target.path) else { return .success(false) }
        let temporary = target.deletingLastPathComponent().appendingPathComponent(
            target.deletingPathExtension().lastPathComponent + ".tmp-\(UUID().uuidString)." + target.pathExtension)
        defer { try? FileManager.default.removeItem(at: temporary) }
        if case .failure(let why) = make(temporary) { return .failure(why) }
        try? FileManager.default.removeItem(at: target)
        try? FileManager.default.moveItem(at: temporary, to: target)
        return .success(true)
    }
}
