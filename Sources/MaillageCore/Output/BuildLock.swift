import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One build at a time for a site folder: an exclusive `flock` on `.maillage-cache/build.lock`.
/// A second `maillage build`, `check` or `serve` rebuild of the same site waits for the first
/// to finish instead of racing it for `site/` and the image cache. The system releases the
/// lock when the process ends, however it ends (a killed build leaves no stale lock).
public final class BuildLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// The lock file of a site folder.
    public static func path(for site: URL) -> URL {
        site.appendingPathComponent(".maillage-cache/build.lock")
    }

    /// Takes the lock of `site`, waiting as long as another process holds it; `waiting` is
    /// called once, with that process's id when known, before waiting. Returns nil when the
    /// lock file cannot be created (a read-only site folder): the build then goes on unlocked.
    public static func acquire(site: URL, waiting: (Int32?) -> Void) -> BuildLock? {
        let url = path(for: site)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else {
                close(fd)
                return nil
            }
            waiting(holder(of: url))
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    close(fd)
                    return nil
                }
            }
        }
        // Who holds the lock, for the message of the next build that has to wait.
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return BuildLock(descriptor: fd)
    }

    static func holder(of url: URL) -> Int32? {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
