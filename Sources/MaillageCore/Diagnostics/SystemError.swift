import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Errors of the system and of Foundation told in French: a communicator never reads
/// `No space left on device` or an `NSCocoaErrorDomain` code.
public enum SystemError {
    /// What an `errno` value means, in French.
    public static func describe(errno code: Int32) -> String {
        switch code {
        case EACCES, EPERM: "droits insuffisants"
        case ENOSPC: "plus de place sur le disque"
        case EDQUOT: "quota de disque dépassé"
        case EROFS: "disque en lecture seule"
        case ENAMETOOLONG: "nom de fichier trop long"
        case ENOENT: "fichier ou dossier introuvable"
        case EEXIST: "le fichier existe déjà"
        case EISDIR: "c’est un dossier, pas un fichier"
        case ENOTDIR: "un élément du chemin n’est pas un dossier"
        case EMFILE, ENFILE: "trop de fichiers ouverts"
        case EIO: "erreur de lecture ou d’écriture du disque"
        case EXDEV: "le fichier est sur un autre disque"
        case ELOOP: "trop de liens symboliques en chaîne"
        case ENOMEM: "mémoire insuffisante"
        case EBUSY: "fichier ou dossier occupé"
        case ENOTEMPTY: "le dossier n’est pas vide"
        case EINVAL: "opération impossible sur ce fichier"
        default: "erreur système \(code)"
        }
    }

    /// Any error, in French: ours are already; Foundation's and the system's are translated.
    public static func describe(_ error: any Error) -> String {
        if let diagnostic = error as? Diagnostic { return diagnostic.message }
        if let written = error as? WriteError { return written.description }
        if let posix = error as? POSIXError { return describe(errno: posix.code.rawValue) }
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return describe(errno: Int32(ns.code)) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return describe(errno: Int32(underlying.code))
        }
        if ns.domain == NSCocoaErrorDomain {
            let path = (ns.userInfo[NSFilePathErrorKey] as? String).map { " (\($0))" } ?? ""
            switch CocoaError.Code(rawValue: ns.code) {
            case .fileNoSuchFile, .fileReadNoSuchFile: return "fichier ou dossier introuvable" + path
            case .fileReadNoPermission, .fileWriteNoPermission: return "droits insuffisants" + path
            case .fileWriteOutOfSpace: return "plus de place sur le disque" + path
            case .fileWriteFileExists: return "le fichier existe déjà" + path
            case .fileWriteInvalidFileName, .fileReadInvalidFileName: return "nom de fichier impossible (trop long ou caractère interdit)" + path
            case .fileWriteVolumeReadOnly: return "disque en lecture seule" + path
            case .fileReadCorruptFile: return "fichier illisible" + path
            case .fileReadInapplicableStringEncoding, .fileWriteInapplicableStringEncoding: return "encodage de texte impossible" + path
            default: return "erreur de fichier \(ns.code)" + path
            }
        }
        return "erreur inattendue (\(ns.domain) \(ns.code))"
    }
}
