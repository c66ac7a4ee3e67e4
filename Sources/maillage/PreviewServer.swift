import FlyingSocks
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The preview's HTTP/1.1 server, on the loopback only, built to withstand hostile input
/// (a page opened in the browser may send anything to 127.0.0.1, and so may any local program):
/// a request's head is read in one buffer of at most `maxHead` bytes (linear, never re-scanned),
/// and past it the answer is 414 or 431 and the connection closed; a connection waiting for a
/// request (idle keep-alive, or a head arriving slowly) is closed after `waitTimeout`; an answer
/// that the client does not read is dropped after `answerTimeout`; at most `maxConnections`
/// sockets are served at once, the ones waiting longest closed first to let a new one in;
/// only `Host` headers naming the loopback and this port are answered (DNS rebinding);
/// GET and HEAD only, no request body. Sockets and their waiting come from FlyingSocks (epoll).
struct PreviewServer: Sendable {
    struct Limits: Sendable {
        /// Request line and headers together, in bytes.
        var maxHead = 16 * 1024
        /// Request line alone (method, address, version), in bytes.
        var maxRequestLine = 8 * 1024
        /// Waiting for a whole request head: from the connection's opening or the previous answer.
        var waitTimeout: Duration = .seconds(10)
        /// Writing one answer to a client that does not read it.
        var answerTimeout: Duration = .seconds(30)
        /// Reading what an oversized request still sends, before closing (its client then reads the answer).
        var drainTimeout: Duration = .seconds(2)
        var maxDrained = 4 * 1024 * 1024
        var maxConnections = 1024
    }

    struct Response: Sendable {
        var status: Int
        var headers: [(String, String)]
        var body: Data

        init(status: Int, headers: [(String, String)] = [], body: Data = Data()) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        /// A short French text for the person who sees it.
        static func text(_ status: Int, _ text: String, headers: [(String, String)] = []) -> Response {
            Response(status: status,
                     headers: [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-store"),
                               ("X-Content-Type-Options", "nosniff")] + headers,
                     body: Data((text + "\n").utf8))
        }
    }

    struct Request: Sendable {
        var method: String
        /// Percent-decoded, without query nor fragment.
        var path: String
        var headers: [(name: String, value: String)]

        func header(_ name: String) -> String? {
            headers.first { $0.name == name }?.value
        }
    }

    typealias Handler = @Sendable (Request) async -> Response

    let port: UInt16
    let limits: Limits
    let handler: Handler

    /// Accepts and serves connections until the process ends; never returns after listening started.
    func run(onListening: () -> Void) async throws {
        let pool = SocketPool.ePoll(maxEvents: 256)
        try await pool.prepare()
        let listener: AsyncSocket
        do {
            let socket = try Socket(domain: AF_INET)
            try socket.setValue(true, for: .localAddressReuse)
            try socket.bind(to: try sockaddr_in.inet(ip4: "127.0.0.1", port: port))
            try socket.listen(maxPendingConnection: 1024)
            listener = try AsyncSocket(socket: socket, pool: pool)
        } catch {
            throw PreviewServerError(message: "impossible d’écouter sur 127.0.0.1:\(port) (port déjà utilisé ?)")
        }
        Task.detached { try? await pool.run() }
        let connections = Connections(limit: limits.maxConnections)
        // Closes what waited too long: its task is cancelled, which wakes its read or write.
        Task.detached {
            while true {
                try? await Task.sleep(for: .milliseconds(250))
                for task in connections.expired(at: .now) { task.cancel() }
            }
        }
        onListening()
        var warnedFull = false
        while true {
            let client: AsyncSocket
            do {
                client = try await listener.accept()
            } catch {
                // Out of descriptors (EMFILE, ENFILE: a rebuild opens files too) or a connection gone
                // before it was taken: free one if out of descriptors, wait a little and go on;
                // the server never stops here.
                if case SocketError.failed(_, let code, _) = error, code == EMFILE || code == ENFILE,
                   let task = connections.evictOldestWaiting() {
                    task.cancel()
                }
                try? await Task.sleep(for: .milliseconds(20))
                continue
            }
            let admission = connections.admit(waitingUntil: .now + limits.waitTimeout)
            if let evicted = admission.evicted {
                evicted.cancel()
                if !warnedFull {
                    warnedFull = true
                    say("Plus de \(limits.maxConnections) connexions ouvertes : celles qui attendent depuis le plus longtemps sont fermées.")
                }
            }
            guard let id = admission.id else {
                // Every slot is busy answering: this socket is closed with a short answer.
                _ = try? client.socket.write(Self.encode(Response.text(503, "Trop de connexions ouvertes : réessayez dans un instant."),
                                                         head: false, close: true))
                try? client.close()
                continue
            }
            let task = Task.detached { [self] in
                await serve(client, id: id, connections: connections)
            }
            connections.attach(task, to: id)
        }
    }

    // MARK: One connection

    private func serve(_ socket: AsyncSocket, id: Int, connections: Connections) async {
        defer {
            try? socket.close()
            connections.remove(id)
        }
        var buffer = [UInt8]()
        buffer.reserveCapacity(4096)
        while !Task.isCancelled {
            connections.wait(id, until: .now + limits.waitTimeout)
            // Reads until the head's end (an empty line); each byte is scanned once.
            var scanned = 0
            var start = 0
            var end: Int?
            var lineEnd: Int?
            while true {
                while scanned < buffer.count, end == nil {
                    if buffer[scanned] == 0x0A {
                        if lineEnd == nil {
                            // Empty lines before a request line are skipped (RFC 9112 §2.2);
                            // they count in the limits like the rest of the head.
                            if buffer[start..<scanned].allSatisfy({ $0 == 0x0D }) {
                                start = scanned + 1
                            } else {
                                lineEnd = scanned
                            }
                        } else if scanned >= 1, buffer[scanned - 1] == 0x0A {
                            end = scanned + 1
                        } else if scanned >= 2, buffer[scanned - 1] == 0x0D, buffer[scanned - 2] == 0x0A {
                            end = scanned + 1
                        }
                    }
                    scanned += 1
                }
                if (lineEnd ?? buffer.count) > limits.maxRequestLine {
                    return await refuse(socket, id: id, connections: connections,
                                        Response.text(414, "Adresse trop longue : la prévisualisation n’accepte pas de ligne de requête de plus de \(limits.maxRequestLine / 1024) Kio."))
                }
                if (end ?? buffer.count) > limits.maxHead {
                    return await refuse(socket, id: id, connections: connections,
                                        Response.text(431, "En-têtes de requête trop grands : la prévisualisation n’en accepte pas plus de \(limits.maxHead / 1024) Kio."))
                }
                if end != nil { break }
                guard let bytes = try? await socket.read(atMost: 4096) else { return }
                buffer.append(contentsOf: bytes)
            }
            let head = buffer[start..<end!]
            buffer.removeFirst(end!)
            // A rebuild may hold the answer for a while: the answer's own timeout starts once it is made.
            connections.answer(id, until: .now + .seconds(600))

            let parsed = Self.parse(head, port: port)
            switch parsed {
            case .failure(let response):
                return await refuse(socket, id: id, connections: connections, response)
            case .success(let (request, keepAlive)):
                var response = await handler(request)
                response.headers.removeAll { $0.0.lowercased() == "connection" }
                connections.answer(id, until: .now + limits.answerTimeout)
                do {
                    try await socket.write(Self.encode(response, head: request.method == "HEAD", close: !keepAlive))
                } catch {
                    return
                }
                if !keepAlive { return }
            }
        }
    }

    /// Answers and closes a request that won't be read further: its client may still be
    /// sending (a 1 MB header), so what comes is read and dropped for a bounded time and size
    /// before closing; closing at once would reset the connection and lose the answer.
    private func refuse(_ socket: AsyncSocket, id: Int, connections: Connections, _ response: Response) async {
        connections.answer(id, until: .now + limits.drainTimeout)
        guard (try? await socket.write(Self.encode(response, head: false, close: true))) != nil else { return }
        _ = Glibc.shutdown(socket.socket.file.rawValue, Int32(SHUT_WR))
        var drained = 0
        while drained < limits.maxDrained, let bytes = try? await socket.read(atMost: 4096) {
            drained += bytes.count
        }
    }

    // MARK: Parsing

    enum Parsed {
        case success((Request, keepAlive: Bool))
        case failure(Response)
    }

    static func parse(_ head: ArraySlice<UInt8>, port: UInt16) -> Parsed {
        let badRequest = Response.text(400, "Requête mal formée.")
        var lines = head.split(separator: 0x0A, omittingEmptySubsequences: false).map { line -> Substring in
            let text = String(decoding: line, as: UTF8.self)
            return text.hasSuffix("\r") ? Substring(text.dropLast()) : Substring(text)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let first = lines.first else { return .failure(badRequest) }
        let parts = first.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else { return .failure(badRequest) }
        let method = String(parts[0])
        var target = String(parts[1])
        let version = parts[2]
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            return .failure(.text(505, "Version de HTTP non prise en charge : HTTP/1.1 ou HTTP/1.0 seulement."))
        }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            // No folded lines, no space before the colon (RFC 9112 §5.1–5.2).
            guard let colon = line.firstIndex(of: ":"), line.first != " ", line.first != "\t" else { return .failure(badRequest) }
            let name = line[..<colon]
            guard !name.isEmpty, !name.contains(" "), !name.contains("\t") else { return .failure(badRequest) }
            headers.append((name.lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        let request = { (name: String) in headers.first { $0.name == name }?.value }

        // The address that the client believes it talks to: only the loopback and this port.
        var host = request("host")
        if headers.filter({ $0.name == "host" }).count > 1 { return .failure(badRequest) }
        if target.lowercased().hasPrefix("http://") {
            let rest = target.dropFirst("http://".count)
            let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
            host = String(rest[..<authorityEnd])
            target = rest[authorityEnd...].hasPrefix("/") ? String(rest[authorityEnd...]) : "/" + rest[authorityEnd...]
        }
        if host == nil, version == "HTTP/1.1" { return .failure(badRequest) }
        if let host, !allowedHost(host, port: port) {
            return .failure(.text(421, "Adresse refusée : la prévisualisation ne répond qu’à http://127.0.0.1:\(port)/ et http://localhost:\(port)/ (hôte demandé : \(host.prefix(100)))."))
        }

        guard method == "GET" || method == "HEAD" else {
            return .failure(.text(405, "Méthode \(method.prefix(20)) refusée : la prévisualisation ne répond qu’à GET et HEAD.",
                                  headers: [("Allow", "GET, HEAD")]))
        }
        if request("transfer-encoding") != nil || (request("content-length").map { $0 != "0" } ?? false) {
            return .failure(.text(413, "Requête avec un contenu refusée : la prévisualisation ne répond qu’à GET et HEAD, sans contenu."))
        }
        guard target.hasPrefix("/") else { return .failure(badRequest) }
        let rawPath = target.prefix { $0 != "?" && $0 != "#" }
        guard let path = rawPath.removingPercentEncoding, !path.contains("\0") else { return .failure(badRequest) }

        let connection = (request("connection") ?? "").lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let keepAlive = version == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive")
        return .success((Request(method: method, path: path, headers: headers), keepAlive))
    }

    /// `127.0.0.1:PORT`, `localhost:PORT`, `[::1]:PORT`, and the same without a port when the port is 80.
    static func allowedHost(_ host: String, port: UInt16) -> Bool {
        let host = host.lowercased()
        for name in ["127.0.0.1", "localhost", "[::1]"] {
            if host == "\(name):\(port)" || (port == 80 && host == name) { return true }
        }
        return false
    }

    // MARK: Writing

    static let reasons: [Int: String] = [
        200: "OK", 301: "Moved Permanently", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
        405: "Method Not Allowed", 413: "Content Too Large", 414: "URI Too Long", 421: "Misdirected Request",
        431: "Request Header Fields Too Large", 500: "Internal Server Error", 503: "Service Unavailable",
        505: "HTTP Version Not Supported",
    ]

    /// Status line, headers (`Content-Length` always, that of the GET answer for HEAD), body unless HEAD.
    static func encode(_ response: Response, head: Bool, close: Bool) -> Data {
        var text = "HTTP/1.1 \(response.status) \(reasons[response.status] ?? "Status")\r\n"
        for (name, value) in response.headers where name.lowercased() != "content-length" {
            // No line breaks from a value (response splitting).
            let clean = String(String.UnicodeScalarView(value.unicodeScalars.filter { $0 != "\r" && $0 != "\n" }))
            text += "\(name): \(clean)\r\n"
        }
        text += "Content-Length: \(response.body.count)\r\n"
        if close { text += "Connection: close\r\n" }
        text += "\r\n"
        var data = Data(text.utf8)
        if !head { data.append(response.body) }
        return data
    }

    /// Raises this process's limit of open files to the hard limit (at least as many sockets as
    /// `maxConnections`, with room for the files that a rebuild opens); returns the limit in force.
    static func raiseOpenFilesLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &raised) == 0 {
                limit = raised
            } else {
                // An unlimited hard limit may exceed what the kernel allows (nr_open).
                raised.rlim_cur = min(limit.rlim_max, 65_536)
                if setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
            }
        }
        return Int(clamping: limit.rlim_cur)
    }
}

struct PreviewServerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// The connections being served, their deadlines, and the choice of which to close when full.
final class Connections: Sendable {
    private struct Entry {
        var task: Task<Void, Never>?
        var deadline: ContinuousClock.Instant
        /// Waiting for a request (idle or a head arriving), not answering one.
        var waiting: Bool
        var since: ContinuousClock.Instant
        var cancelled = false
    }

    private struct State {
        var entries: [Int: Entry] = [:]
        var live = 0
        var nextID = 0
    }

    private let state = Mutex(State())
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// A new connection's slot; when all are taken, the one waiting longest for a request gives its own.
    func admit(waitingUntil deadline: ContinuousClock.Instant) -> (id: Int?, evicted: Task<Void, Never>?) {
        state.withLock { state in
            var evicted: Task<Void, Never>?
            if state.live >= limit {
                guard let oldest = Self.oldestWaiting(state) else { return (nil, nil) }
                evicted = Self.cancel(oldest, in: &state)
            }
            let id = state.nextID
            state.nextID += 1
            state.entries[id] = Entry(deadline: deadline, waiting: true, since: .now)
            state.live += 1
            return (id, evicted)
        }
    }

    func attach(_ task: Task<Void, Never>, to id: Int) {
        let cancelled = state.withLock { state -> Bool in
            state.entries[id]?.task = task
            return state.entries[id]?.cancelled ?? false
        }
        if cancelled { task.cancel() }
    }

    func wait(_ id: Int, until deadline: ContinuousClock.Instant) {
        state.withLock { state in
            guard state.entries[id] != nil else { return }
            state.entries[id]!.deadline = deadline
            state.entries[id]!.waiting = true
            state.entries[id]!.since = .now
        }
    }

    func answer(_ id: Int, until deadline: ContinuousClock.Instant) {
        state.withLock { state in
            guard state.entries[id] != nil else { return }
            state.entries[id]!.deadline = deadline
            state.entries[id]!.waiting = false
        }
    }

    func remove(_ id: Int) {
        state.withLock { state in
            if let entry = state.entries.removeValue(forKey: id), !entry.cancelled { state.live -= 1 }
        }
    }

    func expired(at now: ContinuousClock.Instant) -> [Task<Void, Never>] {
        state.withLock { state in
            let ids = state.entries.filter { !$0.value.cancelled && $0.value.deadline <= now }.map(\.key)
            return ids.compactMap { Self.cancel($0, in: &state) }
        }
    }

    func evictOldestWaiting() -> Task<Void, Never>? {
        state.withLock { state in
            Self.oldestWaiting(state).flatMap { Self.cancel($0, in: &state) }
        }
    }

    private static func oldestWaiting(_ state: State) -> Int? {
        state.entries.filter { $0.value.waiting && !$0.value.cancelled }.min { $0.value.since < $1.value.since }?.key
    }

    /// Marks a connection closed (its slot is free at once); returns its task to cancel outside the lock.
    private static func cancel(_ id: Int, in state: inout State) -> Task<Void, Never>? {
        guard let entry = state.entries[id], !entry.cancelled else { return nil }
        state.entries[id]!.cancelled = true
        state.live -= 1
        return entry.task
    }
}
