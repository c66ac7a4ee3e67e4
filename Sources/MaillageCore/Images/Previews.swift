import Foundation
internal import CMaillageImages

/// A derived image published beside a page: a PDF's first page.
public struct Preview: Sendable {
    /// Site-relative output path (`ressources/flyer/apercu.png`).
    public var output: String
    /// The cached file it is copied from.
    public var file: URL
    public var width: Int
    public var height: Int
}

/// Process phase: makes the previews of PDF resources with libvips (its poppler loader renders
/// the first page in-process), in parallel, and keeps them in the site's cache
/// (`.maillage-cache/previews/`), keyed by the PDF's content hash and the size, so that a second
/// build does no work for an unchanged file.
struct PreviewMaker {
    static let size = 480
    let root: URL
    let cache: URL
    /// Where previews not in the cache are rendered: worker processes of this executable,
    /// bounded in memory and time (`PreviewWorker`); in this process when nil (the library's
    /// own tests, which have no `maillage` executable).
    let workers: PreviewWorkerPool?

    init(root: URL, workers: PreviewWorkerPool? = nil) {
        self.root = root
        self.cache = root.appendingPathComponent(".maillage-cache/previews")
        self.workers = workers
    }

    struct Result {
        var previews: [String: Preview] = [:]
        var diagnostics: [Diagnostic] = []
        var made = 0
    }

    func make(for site: ResolvedSite) -> Result {
        let jobs: [(document: ResolvedDocument, file: Attachment)] = site.documents.compactMap { d in
            guard let file = d.file, file.output.lowercased().hasSuffix(".pdf") else { return nil }
            return (d, file)
        }
        var result = Result()
        guard !jobs.isEmpty else { return result }
        try? FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        let outcomes = concurrentMap(jobs.count, width: PreviewWorkerPool.width) { [self] in preview(jobs[$0].document, jobs[$0].file) }
        for (index, outcome) in outcomes.enumerated() {
            switch outcome {
            case .success(let (preview, made)):
                result.previews[jobs[index].file.source] = preview
                if made { result.made += 1 }
            case .failure(let diagnostic):
                result.diagnostics.append(diagnostic)
            }
        }
        return result
    }

    /// The first page of the PDF at `path` in the PNG at `output`: in a worker, or here (also
    /// when no worker could be started).
    private func render(_ path: String, to output: String) -> PreviewOutcome {
        if let outcome = workers?.render(path, size: Self.size, to: output) { return outcome }
        var error = [CChar](repeating: 0, count: 512)
        var width: Int32 = 0, height: Int32 = 0
        guard maillage_preview(path, Int32(Self.size), output, &width, &height, &error, error.count) == 0 else { return .unreadable }
        return .made(width: Int(width), height: Int(height))
    }

    private func preview(_ d: ResolvedDocument, _ file: Attachment) -> Swift.Result<(Preview, Bool), Diagnostic> {
        let source = root.appendingPathComponent(file.source)
        let location = d.document.resourceFileLocation ?? SourceLocation(file: d.document.path)
        let name = (file.source as NSString).lastPathComponent
        let resave = "ouvrez-le dans un lecteur PDF et enregistrez-le de nouveau (« Imprimer en PDF », ou « Réduire la taille du fichier »), puis remplacez le fichier"
        guard let hash = ContentHash.ofFile(source) else {
            return .failure(.error(.previewFailed, at: location, "PDF illisible : pas d’aperçu"))
        }
        // Made by libvips (earlier caches held pdftoppm's), without liborc's vector code (whose
        // pixels differ a little).
        let key = "\(hash)-\(Self.size)-vips-v2"
        let cached = cache.appendingPathComponent("\(key).png")
        let ensured = CachedFile.ensure(cached) { temporary -> Swift.Result<Void, Diagnostic> in
            let outcome = render(source.path, to: temporary.path)
            guard case .made = outcome else {
                guard case .tooHeavy(let timedOut) = outcome else {
                    return .failure(.error(.previewFailed, at: location, "le PDF « \(name) » n’a pas pu être lu pour en faire un aperçu",
                                           help: "vérifiez que le fichier s’ouvre dans un lecteur PDF, enregistrez-le de nouveau (« Imprimer en PDF ») et remplacez-le"))
                }
                let limit = timedOut ? "plus de \(Int(PreviewWorker.timeLimit)) secondes" : "plus de \(PreviewWorker.memoryLimit >> 20) Mo de mémoire"
                return .failure(.error(.pdfTooHeavy, at: location,
                                       "le PDF « \(name) » demande \(limit) pour afficher sa première page : il est abîmé ou bien trop complexe", help: resave))
            }
            return .success(())
        }
        let made: Bool
        switch ensured {
        case .success(let now): made = now
        case .failure(let diagnostic): return .failure(diagnostic)
        }
        guard let (width, height) = PNG.size(of: cached) else {
            return .failure(.error(.previewFailed, at: location, "aperçu du PDF illisible"))
        }
        return .success((Preview(output: d.link.address + "apercu.png", file: cached, width: width, height: height), made))
    }
}

extension Document {
    var resourceFileLocation: SourceLocation? {
        if case .resource(let r) = details { return r.file?.location }
        return nil
    }
}

/// A fast content hash (FNV-1a style, 64 bits, twice with two seeds, eight bytes per step)
/// for cache keys: photos of several megabytes are hashed at every build.
public enum ContentHash {
    public static func hex(_ data: Data) -> String {
        var state = State()
        data.withUnsafeBytes { state.feed($0) }
        return state.finish()
    }

    /// The hash fed piece by piece: the same value as `hex` of the whole.
    struct State {
        var a: UInt64 = 0xcbf29ce484222325
        var b: UInt64 = 0x84222325cbf29ce4
        var count = 0
        /// Bytes of an unfinished eight-byte word.
        private var pending: [UInt8] = []

        mutating func feed(_ input: UnsafeRawBufferPointer) {
            count += input.count
            var buffer = input[...]
            if !pending.isEmpty {
                let taken = min(8 - pending.count, buffer.count)
                pending += buffer.prefix(taken)
                buffer = buffer.dropFirst(taken)
                guard pending.count == 8 else { return }
                pending.withUnsafeBytes { word(UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))) }
                pending = []
            }
            let rest = UnsafeRawBufferPointer(rebasing: buffer)
            let words = rest.count / 8
            for i in 0..<words {
                word(UInt64(littleEndian: rest.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)))
            }
            pending = Array(rest[(words * 8)...])
        }

        private mutating func word(_ word: UInt64) {
            a = (a ^ word) &* 0x100000001b3
            b = (b ^ word) &* 0x100000001b3
            b = (b << 7) | (b >> 57)
        }

        func finish() -> String {
            var (a, b) = (a, b)
            for byte in pending {
                a = (a ^ UInt64(byte)) &* 0x100000001b3
                b = (b ^ UInt64(byte)) &* 0x100000001b3
                b = (b << 7) | (b >> 57)
            }
            return String(a, radix: 16) + String(b, radix: 16) + "-" + String(count, radix: 16)
        }
    }

    /// The hash of the file at `path`, read a megabyte at a time (a file of hundreds of
    /// megabytes is never held in memory whole); nil when it cannot be read.
    static func hexOfFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var state = State()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { return nil }
            if n == 0 { break }
            buffer.withUnsafeBytes { state.feed(UnsafeRawBufferPointer(rebasing: $0.prefix(n))) }
        }
        return state.finish()
    }

    /// Hashes already computed in this process, by path, with the size, modification date and inode
    /// they were computed for: `maillage serve` rebuilds at every save without re-reading photos.
    private static let memo = Locked<[String: (stamp: InputSnapshot.Stamp, hash: String)]>([:])

    /// The hash of a file's content, nil when it cannot be read; `fresh` reads the file even
    /// when its size, date and inode are those of a hash already computed.
    static func ofFile(_ url: URL, fresh: Bool = false) -> String? {
        let path = url.path
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let stamp = InputSnapshot.Stamp(info)
        if !fresh, let known = memo.withLock({ $0[path] }), known.stamp == stamp { return known.hash }
        guard let hash = hexOfFile(path) else { return nil }
        memo.withLock { $0[path] = (stamp, hash) }
        return hash
    }
}

enum PNG {
    /// Width and height from a PNG's IHDR chunk.
    static func size(of url: URL) -> (Int, Int)? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 24), header.count == 24,
              header.starts(with: [0x89, 0x50, 0x4E, 0x47]) else { return nil }
        let bytes = [UInt8](header)
        func be32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        return (be32(16), be32(20))
    }
}
