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
}
