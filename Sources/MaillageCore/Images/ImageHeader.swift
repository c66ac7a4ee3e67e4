import Foundation
internal import CMaillageImages

/// The size of an image as its header declares it (libvips reads the header only), remembered
/// for each version of a file (size, date, inode): `serve` asks again at every rebuild.
enum ImageHeader {
    /// The most pixels an image may have to be published or made into portraits (a
    /// 50-megapixel camera's photo passes; a few kilobytes can declare 20,000 × 20,000).
    static let maximumPixels = 60_000_000

    /// Width and height, upright (EXIF orientation applied); nil when libvips cannot read it.
    static func size(at path: String, stamp: InputSnapshot.Stamp) -> (width: Int, height: Int)? {
        memo.size(of: path, stamp: stamp)
    }

    /// Width and height read now, without the memo (a file read once, as the importer's).
    static func measure(_ path: String) -> (width: Int, height: Int)? {
        var width: Int32 = 0, height: Int32 = 0
        var error = [CChar](repeating: 0, count: 256)
        return maillage_image_size(path, &width, &height, &error, error.count) == 0 ? (Int(width), Int(height)) : nil
    }

    private static let memo = Memo()

    private final class Memo: Sendable {
        private let known = Locked<[String: (stamp: InputSnapshot.Stamp, size: (width: Int, height: Int)?)]>([:])

        func size(of path: String, stamp: InputSnapshot.Stamp) -> (width: Int, height: Int)? {
            if let cached = known.withLock({ $0[path] }), cached.stamp == stamp { return cached.size }
            let size = ImageHeader.measure(path)
            known.withLock { $0[path] = (stamp, size) }
            return size
        }
    }
}
