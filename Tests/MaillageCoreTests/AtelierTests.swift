import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import MaillageAtelier
@testable import MaillageCore

/// The atelier, served for real on the loopback, on a site that is a git working copy with a
/// bare remote; each attack is tried and must leave the working copy and the remote unchanged.
@Suite("atelier: the web desk", .serialized)
struct AtelierTests {
    /// A site from `maillage init`, committed, with a remote, and two accounts.
    final class Desk: @unchecked Sendable {
        let folder: URL
        var site: URL { folder.appendingPathComponent("site") }
        var remote: URL { folder.appendingPathComponent("remote.git") }
        let port: Int
        var task: Task<Void, any Error>?

        /// `serve`: false makes the site and its remote only (a test then drives a `MaillageAtelier.Desk`).
        init(serve: Bool = true, idleTimeout: Duration = .seconds(30)) async throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("maillage-atelier-\(UUID().uuidString)")
            port = Int.random(in: 20000...40000)
            let today = LocalDate(year: 2026, month: 11, day: 23)!
            for (path, text) in Scaffold.starterSite(title: "Réseau test", today: today) {
                let url = folder.appendingPathComponent("site/" + path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: url, atomically: true, encoding: .utf8)
            }
            try Self.git(["init", "-q", "--bare", "-b", "main", remote.path], in: folder)
            try Self.git(["init", "-q", "-b", "main"], in: site)
            try Self.git(["add", "-A"], in: site)
            try Self.git(["-c", "user.name=Test", "-c", "user.email=t@example.org", "commit", "-qm", "Site"], in: site)
            try Self.git(["remote", "add", "origin", remote.path], in: site)
            try Self.git(["push", "-q", "origin", "main"], in: site)
            let accounts = AccountStore(site: site)
            try accounts.set(name: "camille", role: .editeur, password: "motdepasse-editeur", cost: 4)
            try accounts.set(name: "rene", role: .redacteur, password: "motdepasse-redacteur", cost: 4)
            guard serve else { return }
            let server = AtelierServer(site: site, port: port, idleTimeout: idleTimeout)
            task = Task { try await server.run(signals: false) }
            for _ in 0..<200 {
                if (try? await Client(port: port).get("/connexion").status) == 200 { return }
                try await Task.sleep(for: .milliseconds(50))
            }
            throw Failure("l’atelier n’a pas démarré")
        }

        func stop() {
            task?.cancel()
            try? FileManager.default.removeItem(at: folder)
        }

        @discardableResult
        static func git(_ arguments: [String], in folder: URL) throws -> String {
            let run = try ExternalTool(executable: "git", timeout: 60).run(arguments, in: folder)
            guard run.status == 0 else { throw Failure("git \(arguments.joined(separator: " ")) : \(run.errors)") }
            return run.output
        }

        /// The working copy's state: every file and the last commit, to see that nothing changed.
        func state() throws -> String {
            try Self.git(["status", "--porcelain", "--untracked-files=all"], in: site) + (try Self.git(["rev-parse", "HEAD"], in: site))
                + (try Self.git(["--git-dir", remote.path, "rev-parse", "main"], in: folder))
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    /// A browser without JavaScript: cookies kept by hand, redirects not followed.
    final class Client: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        let port: Int
        var cookies: [String: String] = [:]
        lazy var session = URLSession(configuration: .ephemeral, delegate: self, delegateQueue: nil)

        init(port: Int) { self.port = port }

        struct Reply { var status: Int; var body: String; var headers: [String: String] }

        func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
            completionHandler(nil)
        }

        func send(_ method: String, _ path: String, body: Data? = nil, contentType: String? = nil) async throws -> Reply {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            request.httpMethod = method
            request.httpShouldHandleCookies = false
            if !cookies.isEmpty { request.setValue(cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "), forHTTPHeaderField: "Cookie") }
            if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
            request.httpBody = body
            let (data, response) = try await session.data(for: request)
            let http = response as! HTTPURLResponse
            var headers: [String: String] = [:]
            for (k, v) in http.allHeaderFields { headers[String(describing: k).lowercased()] = String(describing: v) }
            if let set = headers["set-cookie"] {
                for cookie in set.components(separatedBy: ", ") {
                    let pair = cookie.split(separator: ";").first.map(String.init) ?? ""
                    let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                    if parts.count == 2 { cookies[parts[0]] = parts[1] }
                }
            }
            return Reply(status: http.statusCode, body: String(decoding: data, as: UTF8.self), headers: headers)
        }

        func get(_ path: String) async throws -> Reply { try await send("GET", path) }

        func csrf(_ page: String) -> String {
            guard let range = page.range(of: "name=\"_csrf\" value=\"") else { return "" }
            return String(page[range.upperBound...].prefix { $0 != "\"" })
        }

        func post(_ path: String, _ fields: [(String, String)], files: [(String, String, Data)] = []) async throws -> Reply {
            let boundary = "----maillage\(UUID().uuidString)"
            var body = Data()
            for (name, value) in fields {
                body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
            }
            for (name, filename, data) in files {
                body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
                body += data + Data("\r\n".utf8)
            }
            body += Data("--\(boundary)--\r\n".utf8)
            return try await send("POST", path, body: body, contentType: "multipart/form-data; boundary=\(boundary)")
        }

        func signIn(_ name: String, _ password: String) async throws -> Reply {
            let page = try await get("/connexion")
            let body = "_csrf=\(csrf(page.body))&identifiant=\(name)&mot_de_passe=\(password)"
            return try await send("POST", "/connexion", body: Data(body.utf8), contentType: "application/x-www-form-urlencoded")
        }
    }

    static let eventForm: [(String, String)] = [
        ("title", "Journée ICOPE <script>alert(1)</script>"), ("start", "2027-01-10T09:00"), ("location", "Amiens"),
        ("organizers", "cpts-exemple"), ("sessions.0.title", "Atelier A"), ("sessions.0.start", "09:30"),
        ("sessions.0.speakers", "camille-exemple"), ("sessions.1.title", "Atelier B"), ("sessions.1.start", "11:00"),
        ("body", "Le programme de la **journée**."),
    ]

    @Test func anEditorPublishesAnEventAndAFlyerAndTheRemoteBuildsThem() async throws {
        let desk = try await Desk()
        defer { desk.stop() }
        let editor = Client(port: desk.port)
        #expect(try await editor.signIn("camille", "motdepasse-editeur").status == 303)
        let form = try await editor.get("/nouveau/evenement")
        #expect(form.status == 200)
        // Every field is named after its key and has a label.
        for key in ["title", "start", "location", "organizers", "sessions.0.title", "body"] {
            #expect(form.body.contains("name=\"\(key)\""), "champ \(key)")
        }
        #expect(form.body.contains("Enregistrer comme brouillon") && form.body.contains("Publier"))
        let token = editor.csrf(form.body)
        let saved = try await editor.post("/nouveau/evenement", [("_csrf", token), ("_action", "publier")] + Self.eventForm)
        #expect(saved.status == 303, "\(saved.body)")
        let flyer = try Data(contentsOf: TestSite.pdf)
        let resource = try await editor.post("/nouveau/ressource", [("_csrf", token), ("_action", "publier"), ("title", "Flyer ICOPE"),
                                                                     ("date", "2026-11-20")], files: [("file", "flyer.pdf", flyer)])
        #expect(resource.status == 303, "\(resource.body)")
        // The preview shows the event as the site will.
        let preview = try await editor.post("/apercu?chemin=content%2Fevenements%2Fjournee-icope-script-alert-1-script.md", [("_csrf", token)])
        #expect(preview.status == 303)
        let page = try await editor.get(preview.headers["location"] ?? "/")
        #expect(page.status == 200 && page.body.contains("Atelier B") && !page.body.contains("<script>alert"))
        // Pushed, by camille, and a fresh clone builds strictly with both pages.
        for _ in 0..<100 {
            if (try? Desk.git(["--git-dir", desk.remote.path, "log", "--format=%an", "main"], in: desk.folder))?.components(separatedBy: "\n").filter({ $0 == "camille" }).count == 2 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let authors = try Desk.git(["--git-dir", desk.remote.path, "log", "--format=%an|%s", "main"], in: desk.folder)
        #expect(authors.contains("camille|Publier : Flyer ICOPE (ressource)"), "\(authors)")
        let clone = desk.folder.appendingPathComponent("clone")
        try Desk.git(["clone", "-q", desk.remote.path, clone.path], in: desk.folder)
        let report = Build.run(BuildOptions(source: clone, strict: true))
        #expect(report.succeeded, "\(report.diagnostics)")
        let event = try String(contentsOf: clone.appendingPathComponent("site/evenements/journee-icope-script-alert-1-script/index.html"), encoding: .utf8)
        #expect(event.contains("Atelier A") && event.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !event.contains("<script>alert"))
        #expect(FileManager.default.fileExists(atPath: clone.appendingPathComponent("site/ressources/flyer-icope.pdf").path))
    }

    @Test func aWriterCannotPublishAndEveryRouteNeedsASession() async throws {
        let desk = try await Desk()
        defer { desk.stop() }
        let before = try desk.state()
        let stranger = Client(port: desk.port)
        // Every route the router has, but the sign-in page and the style sheet: asked for by
        // its method without a session, with a file named where the route takes one.
        let routes = AtelierServer(site: desk.site, port: desk.port).routes
            .filter { !["/connexion", "/atelier.css", "/atelier.js"].contains($0.path) }
        #expect(routes.count >= 17, "\(routes)")
        for (method, route) in routes {
            let path = route.replacingOccurrences(of: ":type", with: "evenement").replacingOccurrences(of: "**", with: "index.html")
                + "?chemin=content%2Fpages%2Fa-propos.md"
            if method == "GET" {
                let reply = try await stranger.get(path)
                #expect(reply.status == 303 && reply.headers["location"] == "/connexion", "GET \(path)")
            } else {
                let reply = try await stranger.post(path, [("_action", "publier")] + Self.eventForm, files: [("fichiers", "cr.pdf", Data("%PDF-1.4".utf8))])
                #expect(reply.status == 401, "\(method) \(path)")
            }
        }
        let writer = Client(port: desk.port)
        #expect(try await writer.signIn("rene", "motdepasse-redacteur").status == 303)
        let form = try await writer.get("/nouveau/actualite")
        #expect(!form.body.contains(">Publier<"))
        let token = writer.csrf(form.body)
        let refused = try await writer.post("/nouveau/actualite", [("_csrf", token), ("_action", "publier"), ("title", "Essai"), ("date", "2026-11-20")])
        #expect(refused.status == 422 && refused.body.contains("un éditeur publie"))
        // Without the token, or with a wrong one: refused, nothing written.
        let noToken = try await writer.post("/nouveau/actualite", [("_action", "brouillon"), ("title", "Essai"), ("date", "2026-11-20")])
        #expect(noToken.status == 403)
        let wrongToken = try await writer.post("/nouveau/actualite", [("_csrf", "faux"), ("_action", "brouillon"), ("title", "Essai"), ("date", "2026-11-20")])
        #expect(wrongToken.status == 403)
        #expect(try desk.state() == before)
        // A draft is allowed, and is a commit by rene.
        let draft = try await writer.post("/nouveau/actualite", [("_csrf", token), ("_action", "brouillon"), ("title", "Essai"), ("date", "2026-11-20")])
        #expect(draft.status == 303)
        #expect(try Desk.git(["log", "-1", "--format=%an|%s"], in: desk.site).hasPrefix("rene|Brouillon : Essai"))
        // After sign-out, the same cookie opens nothing.
        let saved = writer.cookies
        #expect(try await writer.post("/deconnexion", [("_csrf", token)]).status == 303)
        writer.cookies = saved
        #expect(try await writer.get("/").status == 303)
    }

    @Test func signInIsThrottledAndUploadsAreChecked() async throws {
        let desk = try await Desk()
        defer { desk.stop() }
        let before = try desk.state()
        let attacker = Client(port: desk.port)
        var statuses: [Int] = []
        for _ in 0..<20 { statuses.append(try await attacker.signIn("camille", "mauvais-mot-de-passe").status) }
        #expect(statuses.prefix(5).allSatisfy { $0 == 401 })
        #expect(statuses.dropFirst(5).allSatisfy { $0 == 429 }, "\(statuses)")
        // Even the right password waits now.
        #expect(try await attacker.signIn("camille", "motdepasse-editeur").status == 429)

        // Another name signs in: one name's attacker does not lock the others out.
        #expect(try await Client(port: desk.port).signIn("rene", "motdepasse-redacteur").status == 303)
        // Guessing over many names: the address (the loopback here) waits after 20 failures.
        var spray: [Int] = []
        for i in 0..<20 { spray.append(try await Client(port: desk.port).signIn("nom\(i)", "mauvais").status) }
        #expect(spray.prefix(15).allSatisfy { $0 == 401 } && spray.last == 429, "\(spray)")
        #expect(try desk.state() == before)
    }

    @Test func hostileUploadsAndTwoEditorsOnOnePage() async throws {
        let desk = try await Desk()
        defer { desk.stop() }
        let a = Client(port: desk.port), b = Client(port: desk.port)
        #expect(try await a.signIn("camille", "motdepasse-editeur").status == 303)
        try AccountStore(site: desk.site).set(name: "dominique", role: .editeur, password: "motdepasse-dominique", cost: 4)
        #expect(try await b.signIn("dominique", "motdepasse-dominique").status == 303)
        let before = try desk.state()
        let form = try await a.get("/nouveau/ressource")
        let token = a.csrf(form.body)
        let fields = [("_csrf", token), ("_action", "publier"), ("title", "Flyer"), ("date", "2026-11-20")]
        let program = Data([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 64))
        let renamed = try await a.post("/nouveau/ressource", fields, files: [("file", "flyer.pdf", program)])
        #expect(renamed.status == 422 && renamed.body.contains("c’est un programme"))
        let pdf = try Data(contentsOf: TestSite.pdf)
        let escaping = try await a.post("/nouveau/ressource", fields, files: [("file", "../../maillage.yaml", pdf)])
        #expect(escaping.status == 422)
        let big = try await a.post("/nouveau/ressource", fields, files: [("file", "gros.pdf", Data("%PDF-".utf8) + Data(count: 70 << 20))])
        #expect(big.status == 413)
        let exe = try await a.post("/nouveau/ressource", fields, files: [("file", "setup.exe", program)])
        #expect(exe.status == 422)
        // Errors come back next to their field, in maillage check's words, with what was typed.
        let wrong = try await a.post("/nouveau/evenement", [("_csrf", token), ("_action", "publier"), ("title", "Journée"),
                                                            ("start", "2027-02-30T09:00"), ("organizers", "cpts-inconnue"), ("location", "Salle <b>A</b>")])
        #expect(wrong.status == 422)
        #expect(wrong.body.contains("id=\"champ-start-erreur\"") && wrong.body.contains("id=\"champ-organizers-erreur\""), "\(wrong.body)")
        #expect(wrong.body.contains("cpts-inconnue") && wrong.body.contains("value=\"Salle &lt;b&gt;A&lt;/b&gt;\""))
        // The impossible date stays visible (a datetime-local input would hide it).
        #expect(wrong.body.contains("name=\"start\" type=\"text\" value=\"2027-02-30T09:00\""))
        #expect(try desk.state() == before)

        // Both open « À propos »; A saves first; B's save is a conflict that loses nothing.
        let path = "/modifier?chemin=content%2Fpages%2Fa-propos.md"
        let formA = try await a.get(path), formB = try await b.get(path)
        func revision(_ page: String) -> String {
            guard let r = page.range(of: "name=\"_revision\" value=\"") else { return "" }
            return String(page[r.upperBound...].prefix { $0 != "\"" })
        }
        let savedA = try await a.post(path, [("_csrf", a.csrf(formA.body)), ("_revision", revision(formA.body)), ("_action", "publier"),
                                             ("title", "À propos"), ("body", "Version de Camille.")])
        #expect(savedA.status == 303)
        let savedB = try await b.post(path, [("_csrf", b.csrf(formB.body)), ("_revision", revision(formB.body)), ("_action", "publier"),
                                             ("title", "À propos du réseau"), ("body", "Version de Dominique.")])
        #expect(savedB.status == 409)
        #expect(savedB.body.contains("Version de Camille.") && savedB.body.contains("Version de Dominique."))
        #expect(try String(contentsOf: desk.site.appendingPathComponent("content/pages/a-propos.md"), encoding: .utf8).contains("Version de Camille."))
        // B saves again from the conflict page: now on top of A's version.
        let again = try await b.post(path, [("_csrf", b.csrf(savedB.body)), ("_revision", revision(savedB.body)), ("_action", "publier"),
                                            ("title", "À propos du réseau"), ("body", "Version de Camille.\n\nVersion de Dominique.")])
        #expect(again.status == 303)
        let log = try Desk.git(["log", "--format=%an", "--", "content/pages/a-propos.md"], in: desk.site)
        #expect(log.hasPrefix("dominique\ncamille\n"))
    }

    static func news(_ title: String, date: String = "2026-12-01", body: String = "Une note.") -> ContentFile {
        ContentFile(kind: .news, values: ["title": .text(title), "date": .text(date)], body: body)
    }

    /// Saves that arrive while the desk is busy go together: one build checks them, one git
    /// process commits them; each is still a commit of its own, by its author, and each is
    /// answered on its own: saved, refused at its field, or a conflict.
    @Test func savesArrivingTogetherAreBatchedYetEachIsACommit() async throws {
        let fixture = try await Desk(serve: false)
        defer { fixture.stop() }
        let desk = MaillageAtelier.Desk(site: fixture.site)
        let before = Int(try Desk.git(["rev-list", "--count", "HEAD"], in: fixture.site).trimmingCharacters(in: .whitespacesAndNewlines))!
        let page = "content/pages/a-propos.md"
        let base = desk.read(page)!.revision
        func request(_ file: ContentFile, path: String? = nil, author: String, base: String? = nil, publish: Bool = false) -> MaillageAtelier.Desk.SaveRequest {
            .init(kind: file.kind, path: path, file: file, base: base, publish: publish, author: author, role: .editeur, attachments: [])
        }
        let requests = [
            request(Self.news("Note de Ana"), author: "ana"),
            request(Self.news("Note de Bao"), author: "bao"),
            request(Self.news("Note impossible", date: "2026-02-30"), author: "cyd"),
            request(ContentFile(kind: .page, values: ["title": .text("À propos")], body: "Version de Dan."), path: page, author: "dan", base: base, publish: true),
            request(ContentFile(kind: .page, values: ["title": .text("À propos")], body: "Version d’Eva."), path: page, author: "eva", base: base, publish: true),
            request(Self.news("Note de Fox"), author: "fox"),
        ]
        // The desk is kept busy while they arrive: they make one batch.
        desk.queue.async { Thread.sleep(forTimeInterval: 0.3) }
        let outcomes = await withTaskGroup(of: (Int, MaillageAtelier.Desk.SaveOutcome).self) { group in
            for (i, r) in requests.enumerated() { group.addTask { (i, await desk.save(r)) } }
            var all: [Int: MaillageAtelier.Desk.SaveOutcome] = [:]
            for await (i, outcome) in group { all[i] = outcome }
            return all
        }
        var commits: [String] = []
        for i in [0, 1, 5] {
            guard case .saved(let path, let commit, _)? = outcomes[i] else { Issue.record("\(i) : \(String(describing: outcomes[i]))"); continue }
            commits.append(commit)
            #expect(try Desk.git(["log", "-1", "--format=%an", commit, "--", path], in: fixture.site).hasPrefix(requests[i].author))
            #expect(FileManager.default.fileExists(atPath: desk.previewFolder.appendingPathComponent(
                MaillageAtelier.Desk.address(of: path, kind: .news).dropFirst() + "index.html").path), "aperçu de \(path)")
        }
        #expect(Set(commits).count == 3)
        guard case .refused(_, let problems)? = outcomes[2] else { Issue.record("\(String(describing: outcomes[2]))"); return }
        #expect(problems.contains { $0.key == "date" })
        #expect(!FileManager.default.fileExists(atPath: fixture.site.appendingPathComponent("content/actualites/note-impossible.md").path))
        // One of the two editors of the page saved; the other is shown their version.
        let pageOutcomes = [outcomes[3], outcomes[4]]
        #expect(pageOutcomes.filter { if case .saved? = $0 { true } else { false } }.count == 1)
        #expect(pageOutcomes.contains { if case .conflict(_, let theirs, _, _)? = $0 { theirs.contains("Version de Dan.") } else { false } })
        let after = Int(try Desk.git(["rev-list", "--count", "HEAD"], in: fixture.site).trimmingCharacters(in: .whitespacesAndNewlines))!
        #expect(after == before + 4)
        #expect(try Desk.git(["status", "--porcelain"], in: fixture.site).isEmpty)
        // Saving the same text again is no new commit.
        let again = await desk.save(request(ContentFile(kind: .page, values: ["title": .text("À propos")], body: "Version de Dan."), path: page,
                                            author: "dan", base: desk.read(page)!.revision, publish: true))
        guard case .saved = again else { Issue.record("\(again)"); return }
        #expect(Int(try Desk.git(["rev-list", "--count", "HEAD"], in: fixture.site).trimmingCharacters(in: .whitespacesAndNewlines))! == after)
    }

    /// Someone pushed to the remote between two saves: the desk merges it before pushing, and
    /// the next save's checks see the files it brought (a structure the new event names).
    @Test func theRemoteMovedOnBetweenSaves() async throws {
        let fixture = try await Desk(serve: false)
        defer { fixture.stop() }
        let desk = MaillageAtelier.Desk(site: fixture.site)
        func request(_ file: ContentFile, author: String = "ana") -> MaillageAtelier.Desk.SaveRequest {
            .init(kind: file.kind, path: nil, file: file, base: nil, publish: true, author: author, role: .editeur, attachments: [])
        }
        guard case .saved = await desk.save(request(Self.news("Avant"))) else { Issue.record("premier enregistrement"); return }
        // Another clone adds a structure and pushes.
        let other = fixture.folder.appendingPathComponent("autre")
        try Desk.git(["clone", "-q", fixture.remote.path, other.path], in: fixture.folder)
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: other.appendingPathComponent("content/actualites/avant.md").path) {
            try await Task.sleep(for: .milliseconds(100))
            try Desk.git(["pull", "-q"], in: other)
        }
        try "name: Maison de santé du Val\ntype: Maison de santé\n".write(to: other.appendingPathComponent("content/annuaire/msp-du-val.yaml"), atomically: true, encoding: .utf8)
        try Desk.git(["add", "-A"], in: other)
        try Desk.git(["-c", "user.name=Git", "-c", "user.email=g@example.org", "commit", "-qm", "Structure"], in: other)
        try Desk.git(["push", "-q", "origin", "main"], in: other)
        // The desk's next save is pushed after a merge.
        guard case .saved = await desk.save(request(Self.news("Après"))) else { Issue.record("deuxième enregistrement"); return }
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: fixture.site.appendingPathComponent("content/annuaire/msp-du-val.yaml").path) {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(FileManager.default.fileExists(atPath: fixture.site.appendingPathComponent("content/annuaire/msp-du-val.yaml").path))
        // Now an event organized by the structure the merge brought passes the checks.
        let event = ContentFile(kind: .event, values: ["title": .text("Rencontre au Val"), "start": .text("2026-12-10T14:00"),
                                                       "organizers": .list(["msp-du-val"])], body: "")
        let outcome = await desk.save(request(event))
        guard case .saved = outcome else { Issue.record("\(outcome)"); return }
        for _ in 0..<100 {
            let remote = try Desk.git(["--git-dir", fixture.remote.path, "log", "--format=%s", "main"], in: fixture.folder)
            if remote.contains("Rencontre au Val") { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let remote = try Desk.git(["--git-dir", fixture.remote.path, "log", "--format=%an|%s", "main"], in: fixture.folder)
        #expect(remote.contains("ana|Publier : Rencontre au Val") && remote.contains("Git|Structure") && remote.contains("ana|Publier : Après"), "\(remote)")
        #expect(desk.pushError == nil)
    }

    /// Several documents at once, through the importer: a Word minutes and a PDF become drafts,
    /// each a commit by the rédacteur who sent them; a copy is imported once; a path, a program
    /// renamed `.pdf` and an unknown type are refused with their reason; nothing else is written.
    @Test func severalDocumentsAtOnceBecomeDrafts() async throws {
        let desk = try await Desk()
        defer { desk.stop() }
        let writer = Client(port: desk.port)
        #expect(try await writer.signIn("rene", "motdepasse-redacteur").status == 303)
        let form = try await writer.get("/televerser")
        #expect(form.status == 200 && form.body.contains("name=\"fichiers\" type=\"file\" multiple"))
        let drive = FixtureSiteTests.fixtures.appendingPathComponent("import/drive")
        func bytes(_ name: String) throws -> Data { try Data(contentsOf: drive.appendingPathComponent(name)) }
        let before = Int(try Desk.git(["rev-list", "--count", "HEAD"], in: desk.site).trimmingCharacters(in: .whitespacesAndNewlines))!
        let reply = try await writer.post("/televerser", [("_csrf", writer.csrf(form.body)), ("type", "")], files: [
            ("fichiers", "compte-rendu-copil-mars.docx", try bytes("compte-rendu-copil-mars.docx")),
            ("fichiers", "flyer-journee-aidants.pdf", try bytes("flyer-journee-aidants.pdf")),
            ("fichiers", "copie de compte-rendu-copil-mars.docx", try bytes("copie de compte-rendu-copil-mars.docx")),
            ("fichiers", "../../maillage.yaml", Data("title: piégé\n".utf8)),
            ("fichiers", "programme.pdf", Data([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0]) + Data(count: 64)),
        ])
        #expect(reply.status == 200, "\(reply.body)")
        #expect(reply.body.contains("2 document(s) importé(s) sur 5"), "\(reply.body)")
        #expect(reply.body.contains("en double") && reply.body.contains("type « .yaml » non pris") && reply.body.contains("programme"))
        let log = try Desk.git(["log", "--format=%an|%s", "-\(Int(try Desk.git(["rev-list", "--count", "HEAD"], in: desk.site).trimmingCharacters(in: .whitespacesAndNewlines))! - before)"], in: desk.site)
        #expect(log.split(separator: "\n").count == 2 && log.split(separator: "\n").allSatisfy { $0.hasPrefix("rene|Importer : ") }, "\(log)")
        // Drafts, inside content/, and the working copy clean (the uploads' folder is gone).
        let changed = try Desk.git(["diff", "--name-only", "HEAD~2", "HEAD"], in: desk.site).split(separator: "\n").map(String.init)
        #expect(!changed.isEmpty && changed.allSatisfy { $0.hasPrefix("content/") }, "\(changed)")
        for path in changed where path.hasSuffix(".md") {
            #expect(try String(contentsOf: desk.site.appendingPathComponent(path), encoding: .utf8).contains("\ndraft: true\n"), "\(path)")
        }
        #expect(try Desk.git(["status", "--porcelain", "--untracked-files=all"], in: desk.site).isEmpty)
        #expect(try String(contentsOf: desk.site.appendingPathComponent("maillage.yaml"), encoding: .utf8).contains("Réseau test"))
        let uploads = (try? FileManager.default.contentsOfDirectory(atPath: desk.site.appendingPathComponent(".atelier/televersements").path)) ?? []
        #expect(uploads.isEmpty)
    }

    /// Script typed in every text field of every kind's form: saved (a draft, with the build's
    /// remarks on the HTML in its Markdown at their fields), then shown escaped by the desk (the
    /// form again) and by the preview (the page as the site shows it). Structures and people,
    /// which have no drafts, are published: their Markdown fields get text without tags (tags
    /// there are refused at publication, as `--strict` refuses them).
    @Test func scriptInEveryTextFieldIsEscapedInTheDeskAndOnTheSite() async throws {
        let desk = try await Desk()
        defer { desk.stop() }
        let editor = Client(port: desk.port)
        #expect(try await editor.signIn("camille", "motdepasse-editeur").status == 303)
        let payload = "\"'><script>alert(1)</script><img src=x onerror=alert(2)>"
        let model = ContentModel.standard
        var filled = 0
        for (name, kind) in Scaffold.kinds {
            var fields: [(String, String)] = [("_action", kind.hasDrafts ? "brouillon" : "publier")]
            let markdownText = kind.hasDrafts ? "Texte \(payload)\n\n<script>alert(3)</script>\n\n[lien](javascript:alert(4))" : "Texte \"'> 1 < 2 & 3"
            func values(_ field: ContentField, prefix: String) -> [(String, String)] {
                let key = prefix + field.key
                switch field.input {
                case .line where kind == .orientation && field.key == "start":
                    return [(key, "debut")]
                case .line, .words:
                    filled += 1
                    return [(key, field.key == kind.titleKey ? "\(name) \(payload)" : payload)]
                case .markdown:
                    filled += 1
                    return [(key, markdownText)]
                case .date: return field.required || prefix.isEmpty && field.key == "date" ? [(key, "2026-12-01")] : []
                case .dateTime: return field.required ? [(key, "2027-01-10T09:00")] : []
                case .time: return [(key, "09:30")]
                case .reference, .references:
                    return field.required ? [(key, "cpts-exemple")] : []
                case .list(let group):
                    return model.fields(group).flatMap { values($0, prefix: "\(field.key).0.") }
                case .yaml where kind == .orientation:
                    let quoted = payload.replacingOccurrences(of: "\"", with: "\\\"")
                    return [(key, "debut:\n  question: \"Q \(quoted)\"\n  answers:\n    - label: \"Oui \(quoted)\"\n      next: fin\nfin:\n  outcome: \"Issue \(quoted)\"\n")]
                default: return []
                }
            }
            for field in model.fields(of: kind) where field.key != "draft" && !ContentModel.hiddenKeys.contains(field.key) {
                fields += values(field, prefix: "")
            }
            if kind.isMarkdown { fields.append(("body", markdownText)) }
            let form = try await editor.get("/nouveau/\(name)")
            let saved = try await editor.post("/nouveau/\(name)", [("_csrf", editor.csrf(form.body))] + fields)
            // Tags as typed, or a link to script: never (the text `javascript:` shown as text is harmless).
            let raw = ["<script>alert", "<img src=x", "href=\"javascript:", "href='javascript:"]
            #expect(!raw.contains { saved.body.contains($0) }, "\(name) : réponse à l’enregistrement")
            // Saved: redirected to the form, or the form with the build's remarks (HTML in the text).
            let path: String
            if saved.status == 303, let location = saved.headers["location"] {
                path = location.components(separatedBy: "chemin=").last!.components(separatedBy: "&").first!
            } else if saved.status == 200, saved.body.contains("Brouillon enregistré, avec"),
                      let action = saved.body.components(separatedBy: "action=\"/modifier?chemin=").dropFirst().first {
                path = String(action.prefix { $0 != "\"" })
                #expect(saved.body.contains("id=\"champ-body-erreur\"") || !kind.isMarkdown, "\(name) : remarque au champ du texte")
            } else {
                Issue.record("\(name) : \(saved.status) \(saved.body.components(separatedBy: "class=\"erreur").dropFirst().prefix(3))")
                continue
            }
            let again = try await editor.get("/modifier?chemin=\(path)")
            #expect(again.status == 200 && again.body.contains("alert(1)") && !raw.contains { again.body.contains($0) }, "\(name) : formulaire")
            let preview = try await editor.post("/apercu?chemin=\(path)", [("_csrf", editor.csrf(again.body))])
            #expect(preview.status == 303, "\(name) : aperçu \(preview.status) \(preview.body)")
            let page = try await editor.get(preview.headers["location"] ?? "/")
            #expect(page.status == 200 && page.body.contains("alert(1)"), "\(name) : page \(preview.headers["location"] ?? "")")
            #expect(!raw.contains { page.body.contains($0) }, "\(name) : page de l’aperçu")
            // Published, HTML in a text is refused, at its field, as `--strict` refuses it.
            if kind.hasDrafts && kind.isMarkdown {
                let publish = try await editor.post("/modifier?chemin=\(path)", [("_csrf", editor.csrf(again.body)), ("_revision", Self.revision(again.body))]
                                                    + fields.map { $0.0 == "_action" ? ("_action", "publier") : $0 })
                #expect(publish.status == 422 && publish.body.contains("le HTML écrit dans le texte n’est pas publié")
                        && publish.body.contains("id=\"champ-body-erreur\""), "\(name) : publication refusée")
                #expect(!raw.contains { publish.body.contains($0) })
            }
        }
        #expect(filled > 40)
        // The text's live preview: the site's Markdown, raw HTML left out; the session's token needed.
        let form = try await editor.get("/nouveau/actualite")
        let rendered = try await editor.post("/rendu", [("_csrf", editor.csrf(form.body)), ("texte", "## Titre\n\n<script>alert(5)</script>\n\n[x](javascript:alert(6))")])
        #expect(rendered.status == 200 && rendered.body.contains("<h2") && !rendered.body.contains("<script") && !rendered.body.contains("javascript:"), "\(rendered.body)")
        #expect(try await editor.post("/rendu", [("_csrf", "faux"), ("texte", "x")]).status == 403)
    }

    static func revision(_ page: String) -> String {
        guard let r = page.range(of: "name=\"_revision\" value=\"") else { return "" }
        return String(page[r.upperBound...].prefix { $0 != "\"" })
    }

    /// Connections held open without a word are closed after the idle time; a 1 MB head is
    /// answered 400 and closed at once; 300 held connections do not stop a sign-in page.
    @Test func heldConnectionsAndHugeHeadsAreCutShort() async throws {
        let desk = try await Desk(idleTimeout: .seconds(1))
        defer { desk.stop() }
        func connect() throws -> Int32 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(desk.port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let result = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            guard result == 0 else { throw Failure("connexion refusée") }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            return fd
        }
        /// What the server sends until it closes (or the 5 s receive timeout), and the seconds it took.
        func readAll(_ fd: Int32) -> (String, Double) {
            let start = ContinuousClock.now
            var data = [UInt8](), buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = recv(fd, &buffer, buffer.count, 0)
                if n <= 0 { break }
                data += buffer[0..<n]
            }
            let elapsed = ContinuousClock.now - start
            return (String(decoding: data, as: UTF8.self), Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        let held = try (0..<300).map { _ in try connect() }
        defer { held.forEach { close($0) } }
        #expect(try await Client(port: desk.port).get("/connexion").status == 200)
        // An idle connection is closed by the server after about a second.
        let idle = try connect()
        let (silence, seconds) = readAll(idle)
        close(idle)
        #expect(silence.isEmpty && seconds > 0.5 && seconds < 4, "\(seconds) s")
        // A 1 MB head: 400, closed.
        let big = try connect()
        let head = "GET /connexion HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Remplissage: " + String(repeating: "a", count: 1 << 20) + "\r\n\r\n"
        _ = head.withCString { send(big, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        let (answer, _) = readAll(big)
        close(big)
        #expect(answer.hasPrefix("HTTP/1.1 400") || answer.hasPrefix("HTTP/1.1 431") || answer.isEmpty, "\(answer.prefix(80))")
        #expect(try await Client(port: desk.port).get("/connexion").status == 200)
    }
}
