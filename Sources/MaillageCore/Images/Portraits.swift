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

    private func portrait(_ p: ResolvedPerson) -> Swift.Result<(Portrait, Int), Diagnostic> {
        let photo = p.photo!
        let source = root.appendingPathComponent(photo.source)
        let location = p.person.photo?.location ?? SourceLocation(file: p.person.path)
        guard let hash = ContentHash.ofFile(source) else {
            return .failure(.error("unreadable-image", at: location, "photo illisible « \(photo.source) »"))
        }
        var made = 0
        var files: [(String, URL)] = []
        let folder = p.link.address
        for (scale, withJPEG) in [(1, true), (2, false)] {
            let pixels = Portrait.size * scale
            let key = "\(hash)-portrait-\(pixels)"
            let webp = cache.appendingPathComponent("\(key).webp")
            let jpeg = cache.appendingPathComponent("\(key).jpg")
            let ready = FileManager.default.fileExists(atPath: webp.path) && (!withJPEG || FileManager.default.fileExists(atPath: jpeg.path))
            if !ready {
                let temporary = UUID().uuidString
                let webpTemp = cache.appendingPathComponent("\(key).\(temporary).webp")
                let jpegTemp = cache.appendingPathComponent("\(key).\(temporary).jpg")
                var error = [CChar](repeating: 0, count: 512)
                let status = maillage_portrait(source.path, Int32(pixels), webpTemp.path, withJPEG ? jpegTemp.path : nil, &error, error.count)
                guard status == 0 else {
                    try? FileManager.default.removeItem(at: webpTemp)
                    try? FileManager.default.removeItem(at: jpegTemp)
                    let reason = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                    return .failure(.error("invalid-image", at: location,
                                           "la photo « \((photo.source as NSString).lastPathComponent) » n’est pas une image lisible (\(reason))",
                                           help: "enregistrez la photo en JPEG ou PNG depuis un logiciel d’images, puis remplacez le fichier"))
                }
                try? FileManager.default.removeItem(at: webp)
                try? FileManager.default.moveItem(at: webpTemp, to: webp)
                if withJPEG {
                    try? FileManager.default.removeItem(at: jpeg)
                    try? FileManager.default.moveItem(at: jpegTemp, to: jpeg)
                }
                made += 1
            }
            files.append(("\(folder)portrait-\(pixels).webp", webp))
            if withJPEG { files.append(("\(folder)portrait-\(pixels).jpg", jpeg)) }
        }
        let small = Portrait.size, large = Portrait.size * 2
        return .success((Portrait(webpSmall: "\(folder)portrait-\(small).webp", webpLarge: "\(folder)portrait-\(large).webp",
                                  jpegSmall: "\(folder)portrait-\(small).jpg", files: files), made))
    }
}
