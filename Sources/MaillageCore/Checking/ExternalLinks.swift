import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `maillage check --external`: asks every web address the content links to whether it still
/// answers. Each URL is asked once (HEAD, then GET when the server refuses HEAD), a few at a
/// time, with a timeout. A dead link is a warning at each place it is written; it never changes
/// the build or the exit code, since other sites come and go independently of ours.
public enum ExternalLinks {
    public struct Outcome: Sendable {
        public var url: String
        /// The final HTTP status, when the server answered.
        public var status: Int?
        /// Why the link is considered broken, in French; nil when it works.
        public var problem: String?
    }

    public static func check(_ links: [Located<String>], timeout: Double = 10, concurrency: Int = 8) async -> (outcomes: [Outcome], diagnostics: [Diagnostic]) {
        var locations: [String: [SourceLocation]] = [:]
        var order: [String] = []
        for link in links {
            if locations[link.value] == nil { order.append(link.value) }
            locations[link.value, default: []].append(link.location)
        }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 2
        configuration.httpAdditionalHeaders = ["User-Agent": "Maillage (verification des liens)"]
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }

        var outcomes: [Outcome] = []
        await withTaskGroup(of: Outcome.self) { group in
            var next = 0
            func launch() {
                guard next < order.count else { return }
                let url = order[next]
                next += 1
                group.addTask { await probe(url, session: session, timeout: timeout) }
            }
            for _ in 0..<max(1, concurrency) { launch() }
            for await outcome in group {
                outcomes.append(outcome)
                launch()
            }
        }
        let position = Dictionary(order.enumerated().map { ($0.element, $0.offset) }) { first, _ in first }
        outcomes.sort { (position[$0.url] ?? 0) < (position[$1.url] ?? 0) }
        var diagnostics: [Diagnostic] = []
        for outcome in outcomes {
            guard let problem = outcome.problem else { continue }
            for location in locations[outcome.url] ?? [] {
                diagnostics.append(.warning(.externalLink, at: location, "lien externe injoignable « \(outcome.url) » : \(problem)",
                                            help: "vérifiez l’adresse dans un navigateur ; si la page a déménagé, remplacez le lien, sinon retirez-le"))
            }
        }
        return (outcomes, diagnostics)
    }

    static func probe(_ text: String, session: URLSession, timeout: Double) async -> Outcome {
        guard let url = URL(string: text) else { return Outcome(url: text, status: nil, problem: "adresse illisible") }
        var result = await request(url, method: "HEAD", session: session, timeout: timeout)
        // Many servers answer HEAD badly (405, 403, 501…): ask again with GET before calling the link dead.
        if result.status.map({ $0 >= 400 }) ?? true, !result.timedOut {
            result = await request(url, method: "GET", session: session, timeout: timeout)
        }
        if let status = result.status {
            return Outcome(url: text, status: status, problem: status >= 400 ? "le serveur répond \(status) (\(reason(status)))" : nil)
        }
        return Outcome(url: text, status: nil, problem: result.timedOut ? "pas de réponse en \(Int(timeout)) s" : "serveur injoignable (\(result.error ?? "erreur réseau"))")
    }

    struct Response: Sendable {
        var status: Int?
        var timedOut = false
        var error: String?
    }

    static func request(_ url: URL, method: String, session: URLSession, timeout: Double) async -> Response {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = method
        return await withCheckedContinuation { continuation in
            let task = session.dataTask(with: request) { _, response, error in
                if let http = response as? HTTPURLResponse {
                    continuation.resume(returning: Response(status: http.statusCode))
                } else {
                    let code = (error as? URLError)?.code
                    continuation.resume(returning: Response(status: nil, timedOut: code == .timedOut,
                                                            error: error.map { ($0 as? URLError).map(describe) ?? "\($0.localizedDescription)" }))
                }
            }
            task.resume()
        }
    }

    static func describe(_ error: URLError) -> String {
        switch error.code {
        case .cannotFindHost, .dnsLookupFailed: "nom de domaine inconnu"
        case .cannotConnectToHost: "connexion refusée"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid:
            "certificat HTTPS invalide"
        case .notConnectedToInternet, .networkConnectionLost: "pas de connexion au réseau"
        case .httpTooManyRedirects: "trop de redirections"
        default: "erreur réseau \(error.code.rawValue)"
        }
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 400: "requête refusée"
        case 401, 403: "accès refusé"
        case 404: "page introuvable"
        case 410: "page supprimée"
        case 429: "trop de requêtes"
        case 500...599: "erreur du serveur"
        default: "erreur"
        }
    }
}
