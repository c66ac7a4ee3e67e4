import Foundation
import HummingbirdBcrypt
import MaillageCore

/// Who may use the atelier, and what they may do there.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// Writes drafts only.
    case redacteur
    /// Also publishes.
    case editeur
    /// Also manages accounts.
    case admin

    public var label: String {
        switch self {
        case .redacteur: "rédacteur"
        case .editeur: "éditeur"
        case .admin: "administrateur"
        }
    }

    var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
    public var canPublish: Bool { self >= .editeur }
}

public struct Account: Sendable, Codable, Equatable {
    public var name: String
    public var role: Role
    /// bcrypt (cost 12): never the password.
    public var hash: String
}

/// The accounts file: `.atelier/comptes.json` in the site folder, readable by its owner only,
/// never published (outside `content/`) and kept out of git (`.git/info/exclude`).
public struct AccountStore: Sendable {
    public let file: URL

    public init(site: URL) {
        file = site.appendingPathComponent(".atelier/comptes.json")
    }

    public enum Problem: Error, CustomStringConvertible {
        case badName(String), shortPassword, unreadable(String)
        public var description: String {
            switch self {
            case .badName(let n): "identifiant refusé « \(n) » : de 2 à 40 lettres minuscules, chiffres, points ou tirets"
            case .shortPassword: "mot de passe trop court : au moins 10 caractères"
            case .unreadable(let why): "fichier des comptes illisible : \(why)"
            }
        }
    }

    public func load() throws -> [Account] {
        guard let data = FileManager.default.contents(atPath: file.path) else { return [] }
        do { return try JSONDecoder().decode([Account].self, from: data) } catch { throw Problem.unreadable(SystemError.describe(error)) }
    }

    static func isValidName(_ name: String) -> Bool {
        (2...40).contains(name.count) && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" }
    }

    /// Adds or replaces an account; the password is hashed with bcrypt.
    public func set(name: String, role: Role, password: String, cost: UInt8 = 12) throws {
        guard Self.isValidName(name) else { throw Problem.badName(name) }
        guard password.count >= 10 else { throw Problem.shortPassword }
        var accounts = try load().filter { $0.name != name }
        accounts.append(Account(name: name, role: role, hash: Bcrypt.hash(password, cost: cost)))
        try save(accounts.sorted { $0.name < $1.name })
    }

    public func remove(name: String) throws -> Bool {
        let accounts = try load()
        let kept = accounts.filter { $0.name != name }
        try save(kept)
        return kept.count != accounts.count
    }

    func save(_ accounts: [Account]) throws {
        let folder = file.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(accounts).write(to: file, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        Self.excludeFromGit(site: folder.deletingLastPathComponent())
    }

    /// Adds the desk's own folders to the working copy's `.git/info/exclude`, never committed by
    /// mistake: `.atelier/` (accounts, preview) and `.maillage-cache/` (the preview's images).
    static func excludeFromGit(site: URL) {
        let exclude = site.appendingPathComponent(".git/info/exclude")
        guard FileManager.default.fileExists(atPath: site.appendingPathComponent(".git").path) else { return }
        var text = (try? String(contentsOf: exclude, encoding: .utf8)) ?? ""
        let lines = Set(text.split(separator: "\n").map(String.init))
        let missing = ["/.atelier/", "/.maillage-cache/"].filter { !lines.contains($0) }
        guard !missing.isEmpty else { return }
        if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
        try? FileManager.default.createDirectory(at: exclude.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? (text + missing.map { $0 + "\n" }.joined()).write(to: exclude, atomically: true, encoding: .utf8)
    }

    /// The account, when the password is right. The comparison is bcrypt's; an unknown name
    /// costs a hash too, so that timing does not tell which names exist.
    public func verify(name: String, password: String) -> Account? {
        let accounts = (try? load()) ?? []
        guard let account = accounts.first(where: { $0.name == name }) else {
            _ = Bcrypt.verify(password, hash: Self.decoy)
            return nil
        }
        return Bcrypt.verify(password, hash: account.hash) ? account : nil
    }

    static let decoy = Bcrypt.hash("pas un mot de passe", cost: 12)
}

/// Sign-in attempts: after 5 failures for a name, or 20 from one address (behind a reverse
/// proxy every person shares one address: a lower count would let anyone lock everyone out),
/// each further attempt waits, doubling from 2 s up to 15 min; a success clears the name's count.
public final class SignInThrottle: Sendable {
    private struct Entry { var failures = 0; var until = Date.distantPast }
    private let entries = Locked<[String: Entry]>([:])
    static let freeAttempts = (name: 5, address: 20)

    public init() {}

    /// Seconds to wait before this name or address may try again, or nil.
    public func wait(name: String, address: String, now: Date = Date()) -> Int? {
        entries.withLock { entries in
            let until = [entries["n:" + name]?.until, entries["a:" + address]?.until].compactMap { $0 }.max() ?? .distantPast
            return until > now ? Int(until.timeIntervalSince(now).rounded(.up)) : nil
        }
    }

    public func failed(name: String, address: String, now: Date = Date()) {
        entries.withLock { entries in
            for (key, free) in [("n:" + name, Self.freeAttempts.name), ("a:" + address, Self.freeAttempts.address)] {
                var entry = entries[key] ?? Entry()
                entry.failures += 1
                if entry.failures >= free {
                    let delay = min(900, 2 * pow(2, Double(entry.failures - free)))
                    entry.until = now.addingTimeInterval(delay)
                }
                entries[key] = entry
            }
        }
    }

    public func succeeded(name: String) {
        entries.withLock { $0["n:" + name] = nil }
    }
}
