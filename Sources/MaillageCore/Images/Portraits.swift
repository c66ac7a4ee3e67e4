import Foundation
internal import CMaillageImages

/// The published images of a consenting person's photo: square, upright, metadata stripped.
public struct Portrait: Sendable {
    /// Display size in CSS pixels; files exist at 1× (`small`) and 2× (`large`).
    public static let size = 160
    public var webpSmall: String
    public var webpLarge: String
    public var jpegSmall: String
    /// Output path → cached file, for the write stage.
    public var files: [(output: String, cached: URL)]
}

/// Process phase: portraits of the trombinoscope with libvips, one photo per core,
/// cached in `.maillage-cache/images/` by the photo's content hash and the size.
struct PortraitMaker {
    let root: URL
    let cache: URL

    init(root: URL) {
        self.root = root
        self.cache = root.appendingPathComponent(".maillage-cache/images")
    }

    struct Result {
        var portraits: [String: Portrait] = [:]
        var diagnostics: [Diagnostic] = []
        var made = 0
    }

    func make(for site: ResolvedSite) -> Result {
        let jobs = site.people.filter { $0.person.consent && $0.photo != nil }
        var result = Result()
        guard !jobs.isEmpty else { return result }
        try? FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        let width = 2 * ProcessInfo.processInfo.activeProcessorCount
        let outcomes = concurrentMap(jobs.count, width: width) { [self] in portrait(jobs[$0]) }
        for (index, outcome) in outcomes.enumerated() {
            switch outcome {
            case .success(let (portrait, made)):
                result.portraits[jobs[index].person.id] = portrait
                result.made += made
            case .failure(let diagnostic):
                result.diagnostics.append(diagnostic)
            }
        }
        return result
    }

    /// Pixels of photos being decoded at once: at most as many as one photo may have.
    private let decoding = Budget(ImageHeader.maximumPixels)

    private func unreadable(_ photo: Attachment, at location: SourceLocation) -> Diagnostic {
        .error(.invalidImage, at: location, "la photo « \((photo.source as NSString).lastPathComponent) » n’est pas une image lisible",
               help: "enregistrez la photo en JPEG ou PNG depuis un logiciel d’images, puis remplacez le fichier")
    }

    private func portrait(_ p: ResolvedPerson) -> Swift.Result<(Portrait, Int), Diagnostic> {
        let photo = p.photo!
        let source = root.appendingPathComponent(photo.source)
        let location = p.person.photo?.location ?? SourceLocation(file: p.person.path)
        guard let hash = ContentHash.ofFile(source) else {
            return .failure(.error(.unreadableImage, at: location, "photo illisible « \(photo.source) »"))
        }
        var made = 0
        let folder = p.link.address
        let small = Portrait.size, large = Portrait.size * 2
        // One libvips call makes the three files; "v3": decoded once, WebP at effort 2, without
        // liborc's vector code (whose pixels differ a little: files of "v2" may hold them).
        let names = ["\(large).webp", "\(small).webp", "\(small).jpg"]
        let cached = names.map { cache.appendingPathComponent("\(hash)-portrait-v3-\($0)") }
        if !cached.allSatisfy({ FileManager.default.fileExists(atPath: $0.path) }) {
            // The image's size is read from its header: one too large to decode (a few
            // kilobytes on disk can declare 20,000 × 20,000 pixels) is refused before decoding.
            var info = stat()
            guard stat(source.path, &info) == 0, let (width, height) = ImageHeader.size(at: source.path, stamp: InputSnapshot.Stamp(info)) else {
                return .failure(unreadable(photo, at: location))
            }
            guard width * height <= ImageHeader.maximumPixels else {
                return .failure(.error(.imageTooLarge, at: location,
                                       "la photo « \((photo.source as NSString).lastPathComponent) » mesure \(width) × \(height) pixels : c’est trop grand pour être traité (\(ImageHeader.maximumPixels / 1_000_000) millions de pixels au plus)",
                                       help: "réduisez la photo à 2000 pixels de côté environ (un portrait n’en montre que 320), puis remplacez le fichier"))
            }
            // Large photos one after the other: the pixels being decoded at once stay within
            // `maximumPixels` (a progressive JPEG is held whole while it is decoded).
            let pixels = width * height
            decoding.acquire(pixels)
            defer { decoding.release(pixels) }
            let temporary = UUID().uuidString
            let temps = names.map { cache.appendingPathComponent("\(hash)-portrait-v3-\(temporary)-\($0)") }
            var error = [CChar](repeating: 0, count: 512)
            let status = maillage_portrait(source.path, Int32(small), temps[0].path, temps[1].path, temps[2].path, &error, error.count)
            guard status == 0 else {
                for t in temps { try? FileManager.default.removeItem(at: t) }
                return .failure(unreadable(photo, at: location))
            }
            for (t, c) in zip(temps, cached) {
                try? FileManager.default.removeItem(at: c)
                try? FileManager.default.moveItem(at: t, to: c)
            }
            made = 2  // the two sizes, as counted before
        }
        let files = zip(names, cached).map { ("\(folder)portrait-\($0)", $1) }
        return .success((Portrait(webpSmall: "\(folder)portrait-\(small).webp", webpLarge: "\(folder)portrait-\(large).webp",
                                  jpegSmall: "\(folder)portrait-\(small).jpg", files: files), made))
    }
}

/// A quantity shared by threads (pixels being decoded): `acquire` waits until taking `amount`
/// keeps the total within `limit`, or nothing else is taken.
/// `@unchecked`: `taken` is guarded by `condition`, an `NSCondition` that a decoder waits on
/// until enough of the budget is free; `Mutex` (`Locked`) has no wait, so the compiler cannot
/// see the guard.
final class Budget: @unchecked Sendable {
    private let condition = NSCondition()
    private let limit: Int
    private var taken = 0

    init(_ limit: Int) { self.limit = limit }

    func acquire(_ amount: Int) {
        condition.lock()
        while taken > 0 && taken + amount > limit { condition.wait() }
        taken += amount
        condition.unlock()
    }

    func release(_ amount: Int) {
        condition.lock()
        taken -= amount
        condition.broadcast()
        condition.unlock()
    }
}
