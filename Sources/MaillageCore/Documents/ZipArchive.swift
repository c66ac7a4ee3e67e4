import Foundation
internal import CMaillageSystem

/// The members of a ZIP archive (a Word or OpenDocument file is one), read with zlib.
enum ZipArchive {
    enum Failure: Error {
        case unreadable, missing, tooLarge
    }

    /// The member `name`, at most `limit` bytes once unpacked (a zip bomb stops there).
    static func read(_ url: URL, _ name: String, limit: Int) -> Result<Data, Failure> {
        var bytes: UnsafeMutablePointer<UInt8>?
        var size = 0
        switch maillage_zip_read(url.path, name, limit, &bytes, &size) {
        case 0:
            guard let bytes else { return .failure(.unreadable) }
            return .success(Data(bytesNoCopy: bytes, count: size, deallocator: .free))
        case -2: return .failure(.missing)
        case -3: return .failure(.tooLarge)
        default: return .failure(.unreadable)
        }
    }

    /// The names of its members, in the archive's order; nil when it is not a readable archive.
    static func names(_ url: URL) -> [String]? {
        var buffer: UnsafeMutablePointer<CChar>?
        var size = 0
        guard maillage_zip_names(url.path, &buffer, &size) == 0, let buffer else { return nil }
        defer { free(buffer) }
        let raw = UnsafeRawBufferPointer(start: buffer, count: size)
        return raw.split(separator: 0, omittingEmptySubsequences: true).map { String(decoding: $0, as: UTF8.self) }
    }
}
