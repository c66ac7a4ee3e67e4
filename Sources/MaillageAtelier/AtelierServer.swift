import Foundation
import Hummingbird
import HummingbirdAuth
import HummingbirdCore
import MaillageCore
import NIOCore
import HTTPTypes
import Logging
import UnixSignals

/// What a signed-in browser holds, server side: the account and the token every form carries.
struct DeskSession: Codable, Sendable {
    var account: String
    var csrf: String
}

struct AtelierContext: SessionRequestContext, RequestContext {
    var coreContext: CoreRequestContextStorage
    let sessions: SessionContext<DeskSession>
    let peer: String
    /// The account of the session, checked against the accounts file at each request.
    var account: Account?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        sessions = .init()
        peer = source.channel.remoteAddress?.ipAddress ?? "?"
        account = nil
    }
}

/// `maillage atelier`: the web desk, on Hummingbird. Routes:
/// - without a session: `GET /connexion`, `POST /connexion`, `GET /atelier.css`, `GET /atelier.js`;
/// - signed in: `GET /`, `GET /liste/T`, `GET|POST /nouveau/T`, `GET|POST /modifier?chemin=`,
///   `GET /historique?chemin=`, `POST /revenir?chemin=`, `GET|POST /televerser`, `POST /rendu`, `POST /apercu?chemin=`, `GET /apercu/…`,
///   `POST /deconnexion`; admins: `GET|POST /comptes`, `POST /comptes/supprimer`.
/// Every POST carries the session's CSRF token; sessions are HttpOnly, SameSite=Strict cookies.
public struct AtelierServer: Sendable {
    public let desk: Desk
    public let accounts: AccountStore
    public let throttle = SignInThrottle()
    public let host: String
    public let port: Int
    /// `Secure` cookies, behind a TLS reverse proxy.
    public let secureCookies: Bool
    /// The largest request: several documents at once, each of 20 MB at most.
    static let maximumBody = 64 << 20

    /// A connection that sends nothing for this long is closed: idle keep-alive, a client gone,
    /// or one that opens connections to hold them (behind a reverse proxy, the proxy's own
    /// limits come first: docs/atelier.md).
    public let idleTimeout: Duration

    /// `previewWorker`: the executable whose `__apercu` subcommand renders PDF previews apart.
    public init(site: URL, host: String = "127.0.0.1", port: Int, secureCookies: Bool = false, previewWorker: URL? = nil,
                idleTimeout: Duration = .seconds(30)) {
        self.idleTimeout = idleTimeout
        desk = Desk(site: site, maximumFileSize: 20 << 20, previewBase: "http://\(host):\(port)/apercu/", previewWorker: previewWorker)
        accounts = AccountStore(site: site)
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
    }

    /// Serves until the task is cancelled (or, with `signals`, until SIGINT or SIGTERM).
    public func run(signals: Bool = true, onRunning: @escaping @Sendable () async -> Void = {}) async throws {
        // A request's head is 16 kB at most (a sign-in cookie and a form's address are far
        // less); past it the connection is answered 400 and closed.
        let http = HTTP1Channel.Configuration(idleTimeout: TimeAmount(idleTimeout),
                                              httpDecoderConfiguration: .init(maxHeaderFieldSize: 16 << 10, maxHeaderListSize: 16 << 10, maxHeaderFieldCount: 100))
        let app = Application(router: router(), server: .http1(configuration: http),
                              configuration: .init(address: .hostname(host, port: port), serverName: "Maillage"),
                              onServerRunning: { _ in await onRunning() }, logger: Self.quietLogger())
        desk.warmUp()
        try await app.runService(gracefulShutdownSignals: signals ? [.sigterm, .sigint] : [])
    }

    static func quietLogger() -> Logger {
        var logger = Logger(label: "maillage.atelier")
        logger.logLevel = .error
        return logger
    }

    func router() -> Router<AtelierContext> {
        let router = Router(context: AtelierContext.self)
        router.add(middleware: SecurityHeaders())
        router.add(middleware: SessionMiddleware(storage: MemoryPersistDriver(), configuration: .init(
            sessionCookieParameters: .init(name: "atelier_session", path: "/", secure: secureCookies, sameSite: .strict),
            defaultSessionExpiration: .seconds(8 * 3600))))
        router.add(middleware: SessionAccount(accounts: accounts))

        router.get("/atelier.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: DeskPages.css)))
        }
        router.get("/atelier.js") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: DeskScript.source)))
        }
        router.get("/connexion") { request, context in signInPage(request, context, message: nil, name: "") }
        router.post("/connexion") { request, context in try await signIn(request, context) }

        let desk = router.group().add(middleware: RequireAccount())
        desk.get("/") { _, context in
            html(DeskPages.dashboard(desk: self.desk, account: context.account!, csrf: context.csrf, notice: nil, pushError: self.desk.pushError))
        }
        desk.get("/liste/:type") { _, context in
            guard let (name, kind) = kindParameter(context) else { return notFound(context) }
            return html(DeskPages.list(kind: kind, name: name, items: self.desk.items(of: kind), account: context.account!, csrf: context.csrf))
        }
        desk.get("/nouveau/:type") { _, context in
            guard let (name, kind) = kindParameter(context) else { return notFound(context) }
            return formPage(DeskPages.FormState(kind: kind, typeName: name, file: ContentFile(kind: kind)), context)
        }
        desk.post("/nouveau/:type") { request, context in
            guard let (name, kind) = kindParameter(context) else { return notFound(context) }
            return try await save(request, context, kind: kind, typeName: name, path: nil)
        }
        desk.get("/modifier") { request, context in
            guard let path = request.uri.queryParameters["chemin"].map(String.init), let kind = self.desk.kind(ofPath: path),
                  let (text, revision) = self.desk.read(path) else { return notFound(context) }
            guard let file = ContentFile.read(text, kind: kind) else {
                return html(DeskPages.page("Fichier illisible", account: context.account, csrf: context.csrf,
                    "<p>Le YAML de ce fichier ne peut pas être lu : corrigez-le dans le dépôt (maillage check le situe).</p><pre>\(DeskPages.h(text))</pre>"))
            }
            let name = Scaffold.kinds.first { $0.kind == kind }!.name
            return formPage(DeskPages.FormState(kind: kind, typeName: name, path: path, file: file, revision: revision), context,
                            notice: request.uri.queryParameters["ok"].map { _ in "Enregistré." })
        }
        desk.post("/modifier") { request, context in
            guard let path = request.uri.queryParameters["chemin"].map(String.init), let kind = self.desk.kind(ofPath: path) else { return notFound(context) }
            let name = Scaffold.kinds.first { $0.kind == kind }!.name
            return try await save(request, context, kind: kind, typeName: name, path: path)
        }
        desk.get("/historique") { request, context in
            guard let path = request.uri.queryParameters["chemin"].map(String.init), self.desk.kind(ofPath: path) != nil else { return notFound(context) }
            return html(DeskPages.history(path: path, title: (path as NSString).lastPathComponent, versions: self.desk.history(path),
                                          account: context.account!, csrf: context.csrf))
        }
        desk.get("/televerser") { _, context in
            html(DeskPages.importForm(account: context.account!, csrf: context.csrf, maximum: self.desk.maximumFileSize))
        }
        desk.post("/televerser") { request, context in try await importDocuments(request, context) }
        desk.post("/rendu") { request, context in
            // A Markdown text as the site renders it (raw HTML left out, script links emptied).
            let form = try await checkedForm(request, context)
            let rendered = Markdown.render(MarkdownText(text: form.value("texte") ?? "", file: "aperçu", firstLine: 1)) { _, _ in .keep }
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: rendered.html)))
        }
        desk.post("/revenir") { request, context in try await revert(request, context) }
        desk.post("/apercu") { request, context in try await preview(request, context) }
        desk.get("/apercu/**") { request, context in previewFile(request, context) }
        desk.get("/apercu/") { request, context in previewFile(request, context) }
        desk.post("/deconnexion") { request, context in
            _ = try await checkedForm(request, context)
            context.sessions.clearSession()
            return redirect("/connexion")
        }
        desk.get("/comptes") { _, context in try accountsPage(context, notice: nil) }
        desk.post("/comptes") { request, context in try await changeAccounts(request, context, remove: false) }
        desk.post("/comptes/supprimer") { request, context in try await changeAccounts(request, context, remove: true) }
        return router
    }

    /// Every route, as method and path (`GET /nouveau/:type`): the security test asks each.
    var routes: [(method: String, path: String)] {
        router().routes.map { ($0.method.rawValue, $0.path.description) }
    }

    // MARK: Responses

    func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    func notFound(_ context: AtelierContext) -> Response {
        html(DeskPages.page("Page introuvable", account: context.account, csrf: context.csrf, "<p><a href=\"/\">Retour au tableau de bord</a></p>"), status: .notFound)
    }

    func kindParameter(_ context: AtelierContext) -> (String, Kind)? {
        guard let name = context.parameters.get("type") else { return nil }
        return Scaffold.kinds.first { $0.name == name }.map { ($0.name, $0.kind) }
    }

    /// The items the references of a kind's form may name (the annuaire, the trombinoscope, the
    /// agenda), for its pickers.
    func choices(for kind: Kind) -> [Kind: [Desk.Item]] {
        var kinds = Set<Kind>()
        func visit(_ fields: [ContentField]) {
            for field in fields {
                switch field.input {
                case .references(let named): kinds.formUnion(named)
                case .reference(let named): kinds.insert(named)
                case .list(let group): visit(desk.model.fields(group))
                default: break
                }
            }
        }
        visit(desk.model.fields(of: kind))
        return Dictionary(uniqueKeysWithValues: kinds.map { ($0, desk.items(of: $0)) })
    }

    func formPage(_ state: DeskPages.FormState, _ context: AtelierContext, notice: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        html(DeskPages.form(state, choices: choices(for: state.kind), model: desk.model, account: context.account!, csrf: context.csrf, notice: notice), status: status)
    }

    // MARK: Forms

    /// The posted form, when its CSRF token is the session's; otherwise an error is thrown and
    /// nothing is done.
    func checkedForm(_ request: Request, _ context: AtelierContext) async throws -> FormData {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maximumBody)
        } catch {
            throw HTTPError(.contentTooLarge, message: "Envoi refusé : plus de \(Self.maximumBody >> 20) Mo. Réduisez le fichier.")
        }
        guard let form = FormData.parse(body, contentType: request.headers[.contentType]) else {
            throw HTTPError(.badRequest, message: "Formulaire illisible.")
        }
        guard let expected = context.sessions.session?.csrf, let given = form.value("_csrf"),
              Self.constantTimeEqual(expected, given) else {
            throw HTTPError(.forbidden, message: "Jeton de formulaire absent ou périmé : rechargez la page et recommencez.")
        }
        return form
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.joined(separator: "-")
    }

    func signInPage(_ request: Request, _ context: AtelierContext, message: String?, name: String, status: HTTPResponse.Status = .ok) -> Response {
        let token = Self.token()
        var response = html(DeskPages.signIn(csrf: token, message: message, name: name), status: status)
        response.headers[values: .setCookie].append(Cookie(name: "atelier_connexion", value: token, path: "/connexion", secure: secureCookies, httpOnly: true, sameSite: .strict).description)
        return response
    }

    func signIn(_ request: Request, _ context: AtelierContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 64 << 10)
        guard let form = FormData.parse(body, contentType: request.headers[.contentType]),
              let expected = request.cookies["atelier_connexion"]?.value, let given = form.value("_csrf"),
              Self.constantTimeEqual(String(expected), given) else {
            return signInPage(request, context, message: "Le formulaire a expiré : recommencez.", name: "", status: .forbidden)
        }
        let name = (form.value("identifiant") ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = form.value("mot_de_passe") ?? ""
        if let wait = throttle.wait(name: name, address: context.peer) {
            var response = signInPage(request, context, message: "Trop d’essais : attendez \(wait) s avant de recommencer.", name: name, status: .tooManyRequests)
            response.headers[.retryAfter] = String(wait)
            return response
        }
        let store = accounts
        let account = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: store.verify(name: name, password: password)) }
        }
        guard let account else {
            throttle.failed(name: name, address: context.peer)
            return signInPage(request, context, message: "Identifiant ou mot de passe incorrect.", name: name, status: .unauthorized)
        }
        throttle.succeeded(name: name)
        context.sessions.createSession(DeskSession(account: account.name, csrf: Self.token()))
        return redirect("/")
    }

    func save(_ request: Request, _ context: AtelierContext, kind: Kind, typeName: String, path: String?) async throws -> Response {
        let form = try await checkedForm(request, context)
        let account = context.account!
        var state = DeskPages.FormState(kind: kind, typeName: typeName, path: path, file: Self.file(from: form, kind: kind, model: desk.model),
                                        revision: form.value("_revision").flatMap { $0.isEmpty ? nil : $0 })
        // What the form does not show is kept from the file as it is: undescribed keys, imported_from.
        if let path, let current = desk.read(path), let old = ContentFile.read(current.text, kind: kind) {
            state.file.extra = old.extra
            for key in ContentModel.hiddenKeys { state.file.values[key] = old.values[key] }
            for field in desk.model.fields(of: kind) where field.input == .file && state.file.values[field.key] == nil {
                state.file.values[field.key] = old.values[field.key]
            }
        }
        let action = form.value("_action") ?? ""
        if action == "ajouter-seance" {
            state.extraSessions = 1
            return formPage(state, context)
        }
        let attachments = form.files.filter { f in desk.model.fields(of: kind).contains { $0.key == f.name && $0.input == .file } && !f.data.isEmpty }
            .map { Desk.Attachment(key: $0.name, filename: $0.filename, data: $0.data) }
        let outcome = await desk.save(Desk.SaveRequest(kind: kind, path: path, file: state.file, base: state.revision, publish: action == "publier",
                                                       author: account.name, role: account.role, attachments: attachments))
        switch outcome {
        case .saved(let saved, _, let warnings) where !warnings.isEmpty:
            // A draft saved with remarks of the build: the form again, each remark at its field.
            guard let current = desk.read(saved) else { return redirect("/modifier?chemin=\(DeskPages.q(saved))&ok=1") }
            state.path = saved
            state.revision = current.revision
            state.file = ContentFile.read(current.text, kind: kind) ?? state.file
            state.problems = Dictionary(grouping: warnings, by: \.key)
            state.saved = true
            return formPage(state, context)
        case .saved(let saved, _, _):
            return redirect("/modifier?chemin=\(DeskPages.q(saved))&ok=1")
        case .refused(_, let problems):
            state.problems = Dictionary(grouping: problems, by: \.key)
            return formPage(state, context, status: .unprocessableContent)
        case .conflict(_, let theirs, let revision, let author):
            state.conflict = (theirs, author)
            state.revision = revision
            return formPage(state, context, status: .conflict)
        }
    }

    /// The form's values as a content file: each key of the model from the field of its name.
    static func file(from form: FormData, kind: Kind, model: ContentModel) -> ContentFile {
        var file = ContentFile(kind: kind)
        func value(_ field: ContentField, _ name: String) -> ContentFile.Value? {
            switch field.input {
            case .yesNo: return form.value(name) == "oui" ? .yesNo(true) : nil
            case .words:
                let words = (form.value(name) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                return words.isEmpty ? nil : .list(words)
            case .references:
                let ids = form.values(name).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                return ids.isEmpty ? nil : .list(ids)
            case .yaml:
                let text = form.value(name) ?? ""
                return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : .yaml(text)
            case .file:
                let kept = form.value(name + "_actuel") ?? ""
                return kept.isEmpty ? nil : .text(kept)
            case .list: return nil
            default:
                let text = (form.value(name) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                return text.isEmpty ? nil : .text(text)
            }
        }
        for field in model.fields(of: kind) where field.key != "draft" {
            if case .list(let group) = field.input {
                var items: [[String: ContentFile.Value]] = []
                for i in 0..<50 {
                    var item: [String: ContentFile.Value] = [:]
                    for sub in model.fields(group) {
                        if let v = value(sub, "\(field.key).\(i).\(sub.key)") { item[sub.key] = v }
                    }
                    if !item.isEmpty { items.append(item) }
                }
                if !items.isEmpty { file.values[field.key] = .items(items) }
            } else if let v = value(field, field.key) {
                file.values[field.key] = v
            }
        }
        file.body = form.value("body") ?? ""
        return file
    }

    func importDocuments(_ request: Request, _ context: AtelierContext) async throws -> Response {
        let form = try await checkedForm(request, context)
        let uploads = form.files.filter { $0.name == "fichiers" && !$0.data.isEmpty }.map { Desk.Upload(filename: $0.filename, data: $0.data) }
        guard !uploads.isEmpty else {
            return html(DeskPages.page("Importer des documents", account: context.account, csrf: context.csrf,
                                       "<p class=\"erreur\" role=\"alert\">Aucun document reçu : choisissez un ou plusieurs fichiers.</p><p><a href=\"/televerser\">Recommencer</a></p>"),
                        status: .unprocessableContent)
        }
        let kind = form.value("type").flatMap { name in DeskPages.importKinds.contains(name) ? Scaffold.kinds.first { $0.name == name }?.kind : nil }
        let results = await desk.importDocuments(uploads, kind: kind, author: context.account!.name,
                                                 today: Build.defaultBuildDate(timezone: "Europe/Paris"))
        let status: HTTPResponse.Status = results.contains { $0.commit != nil } ? .ok : .unprocessableContent
        return html(DeskPages.imported(results, account: context.account!, csrf: context.csrf), status: status)
    }

    func revert(_ request: Request, _ context: AtelierContext) async throws -> Response {
        let form = try await checkedForm(request, context)
        let account = context.account!
        guard let path = request.uri.queryParameters["chemin"].map(String.init), let kind = desk.kind(ofPath: path),
              let commit = form.value("commit"), let old = desk.text(path, at: commit),
              let file = ContentFile.read(old, kind: kind) else { return notFound(context) }
        guard account.role.canPublish else { throw HTTPError(.forbidden, message: "Seul un éditeur peut revenir à une version précédente.") }
        let current = desk.read(path)
        let outcome = await desk.save(Desk.SaveRequest(kind: kind, path: path, file: file, base: current?.revision,
                                                       publish: !file.yesNo("draft"), author: account.name, role: account.role, attachments: []))
        if case .saved = outcome { return redirect("/modifier?chemin=\(DeskPages.q(path))&ok=1") }
        return html(DeskPages.page("Retour impossible", account: account, csrf: context.csrf,
                                   "<p>Cette version ne passe plus les vérifications du site (une fiche qu’elle cite a peut-être disparu).</p>"), status: .unprocessableContent)
    }

    func preview(_ request: Request, _ context: AtelierContext) async throws -> Response {
        _ = try await checkedForm(request, context)
        let path = request.uri.queryParameters["chemin"].map(String.init)
        let report = await desk.buildPreview()
        guard report.succeeded else {
            let items = report.errors.prefix(20).map { "<li>\(DeskPages.h($0.location.file)) : \(DeskPages.h($0.message))</li>" }.joined()
            return html(DeskPages.page("Aperçu impossible", account: context.account, csrf: context.csrf, "<p>Le site a des erreurs :</p><ul>\(items)</ul>"),
                        status: .unprocessableContent)
        }
        guard let path, let kind = desk.kind(ofPath: path) else { return redirect("/apercu/") }
        return redirect("/apercu" + Desk.address(of: path, kind: kind))
    }

    func previewFile(_ request: Request, _ context: AtelierContext) -> Response {
        let parts = context.parameters.getCatchAll().map(String.init)
        guard !parts.contains(where: { $0 == ".." || $0.hasPrefix(".") || $0.contains("\0") }) else { return notFound(context) }
        var url = desk.previewFolder
        for part in parts { url.appendPathComponent(part.removingPercentEncoding ?? part) }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
            url.appendPathComponent("index.html")
        }
        guard url.standardizedFileURL.path.hasPrefix(desk.previewFolder.standardizedFileURL.path + "/"),
              let data = FileManager.default.contents(atPath: url.path) else { return notFound(context) }
        var response = Response(status: .ok, headers: [.contentType: MediaType.of(extension: url.pathExtension)], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        return response
    }

    // MARK: Accounts

    func accountsPage(_ context: AtelierContext, notice: String?) throws -> Response {
        guard context.account?.role == .admin else { throw HTTPError(.forbidden, message: "Réservé aux administrateurs.") }
        return html(DeskPages.accounts(try accounts.load(), account: context.account!, csrf: context.csrf, notice: notice))
    }

    func changeAccounts(_ request: Request, _ context: AtelierContext, remove: Bool) async throws -> Response {
        let form = try await checkedForm(request, context)
        guard context.account?.role == .admin else { throw HTTPError(.forbidden, message: "Réservé aux administrateurs.") }
        let name = form.value("identifiant") ?? ""
        do {
            if remove {
                _ = try accounts.remove(name: name)
                return try accountsPage(context, notice: "Compte « \(name) » supprimé.")
            }
            let role = Role(rawValue: form.value("role") ?? "") ?? .redacteur
            try accounts.set(name: name, role: role, password: form.value("mot_de_passe") ?? "")
            return try accountsPage(context, notice: "Compte « \(name) » enregistré (\(role.label)).")
        } catch let problem as AccountStore.Problem {
            return try accountsPage(context, notice: "Refusé : \(problem)")
        }
    }
}

extension AtelierContext {
    var csrf: String { sessions.session?.csrf ?? "" }
}

/// The account behind the session, read again from the accounts file: a removed account's
/// sessions stop at once.
struct SessionAccount: RouterMiddleware {
    let accounts: AccountStore
    func handle(_ request: Request, context: AtelierContext, next: (Request, AtelierContext) async throws -> Response) async throws -> Response {
        var context = context
        if let session = context.sessions.session {
            context.account = (try? accounts.load())?.first { $0.name == session.account }
            if context.account == nil { context.sessions.clearSession() }
        }
        return try await next(request, context)
    }
}

/// Pages of the desk need a signed-in account: a GET goes to the sign-in page, anything else
/// is refused.
struct RequireAccount: RouterMiddleware {
    func handle(_ request: Request, context: AtelierContext, next: (Request, AtelierContext) async throws -> Response) async throws -> Response {
        guard context.account != nil else {
            if request.method == .get || request.method == .head {
                return Response(status: .seeOther, headers: [.location: "/connexion"])
            }
            return Response(status: .unauthorized, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "Connexion requise.")))
        }
        return try await next(request, context)
    }
}

/// The same strict rules as the site's pages: nothing from another host, no inline script,
/// no framing; nothing kept in caches; errors as French pages.
struct SecurityHeaders: RouterMiddleware {
    func handle(_ request: Request, context: AtelierContext, next: (Request, AtelierContext) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            let text = DeskPages.page("Refusé", account: nil, csrf: nil, "<p>\(DeskPages.h(error.body ?? "Requête refusée."))</p><p><a href=\"/\">Retour</a></p>")
            response = Response(status: error.status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        response.headers[.cacheControl] = "no-store"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return response
    }
}
