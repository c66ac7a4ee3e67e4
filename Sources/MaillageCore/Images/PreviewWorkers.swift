import Foundation
#if canImport(Glibc)
import Glibc
#endif
internal import CMaillageImages
internal import CMaillageSystem

/// PDF first pages rendered in worker processes, each bounded in memory and time: a hostile
/// or broken PDF (a million nested graphics states, a corrupt file of hundreds of megabytes)
/// costs one worker, killed, and becomes an error at its `file:` line, instead of gigabytes
/// or minutes of the build. The worker is Maillage itself (`maillage __apercu`, not shown in
/// the help), given jobs on its standard input.
public enum PreviewWorker {
    /// Address space of a worker, in bytes: poppler's and cairo's allocations fail beyond it.
    public static let memoryLimit = 512 << 20
    /// Seconds one PDF may take.
    public static let timeLimit = 10.0

    /// The size field of a job that asks for a PDF's text (`AttachedTextReader`), written to the
    /// output with a form feed between pages; its answer is `ok PAGES 0`.
    static let textJob = "texte"

    /// The worker's loop: a job is `input NUL size NUL output NUL`; the answer a line,
    /// `ok WIDTH HEIGHT` or `err`. Returns at the end of its input.
    public static func serve() {
        var limit = rlimit(rlim_cur: rlim_t(memoryLimit), rlim_max: rlim_t(memoryLimit))
        setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
        var fields: [String] = []
        var field: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            for byte in buffer.prefix(n) {
                guard byte == 0 else { field.append(byte); continue }
                fields.append(String(decoding: field, as: UTF8.self))
                field = []
                guard fields.count == 3 else { continue }
                var error = [CChar](repeating: 0, count: 512)
                var width: Int32 = 0, height: Int32 = 0
                let status = fields[1] == textJob
                    ? maillage_pdf_text(fields[0], fields[2], &width, &error, error.count)
                    : maillage_preview(fields[0], Int32(fields[1]) ?? 480, fields[2], &width, &height, &error, error.count)
                let answer = status == 0 ? "ok \(width) \(height)\n" : "err\n"
                _ = answer.withCString { write(1, $0, strlen($0)) }
                fields = []
            }
        }
    }
}

/// What became of one PDF in a worker.
enum PreviewOutcome {
    case made(width: Int, height: Int)
    /// libvips could not read it.
    case unreadable
    /// The worker went past its memory or time limit (or died): the PDF is too heavy to render.
    case tooHeavy(timedOut: Bool)
}

/// Up to `count` workers, started when first needed, each used by one job at a time.
/// `@unchecked`: `idle` and `started` are guarded by `lock`, an `NSCondition` that a caller
/// waits on for a free worker; the standard library's `Mutex` (`Locked`) has no wait, so the
/// compiler cannot see the guard.
final class PreviewWorkerPool: @unchecked Sendable {
    /// How many PDFs are worked on at once, by the pool and by the passes that feed it (one
    /// worker per PDF in flight). Four a core: poppler waits on the disk now and then (measured
    /// on 200 PDFs, two cores: 1.4 s on eight threads, 1.8 s on four).
    static let width = 4 * ProcessInfo.processInfo.activeProcessorCount
    private let executable: URL
    private let count: Int
    private let lock = NSCondition()
    private var idle: [Worker] = []
    private var started = 0

    init(executable: URL, count: Int) {
        self.executable = executable
        self.count = max(1, count)
    }

    deinit {
        for worker in idle { worker.stop() }
    }

    /// Renders the first page of `input` into the PNG `output`, at most `size` pixels a side;
    /// nil when no worker could be started.
    func render(_ input: String, size: Int, to output: String) -> PreviewOutcome? {
        run(input, String(size), to: output)
    }

    /// Writes the text of the PDF `input` into `output`, pages separated by a form feed; the
    /// outcome's width is the page count.
    func text(_ input: String, to output: String) -> PreviewOutcome? {
        run(input, PreviewWorker.textJob, to: output)
    }

    private func run(_ input: String, _ size: String, to output: String) -> PreviewOutcome? {
        guard let worker = take() else { return nil }
        let outcome = worker.render(input, size: size, to: output)
        lock.lock()
        if case .tooHeavy = outcome {
            worker.stop()
            started -= 1
        } else {
            idle.append(worker)
        }
        lock.signal()
        lock.unlock()
        return outcome
    }

    private func take() -> Worker? {
        lock.lock()
        defer { lock.unlock() }
        while idle.isEmpty && started >= count { lock.wait() }
        if let worker = idle.popLast() { return worker }
        guard let worker = Worker(executable: executable) else { return nil }
        started += 1
        return worker
    }

    /// One worker process and its pipes.
    private final class Worker {
        let pid: pid_t
        let input: Int32
        let output: Int32

        init?(executable: URL) {
            var toChild: [Int32] = [0, 0], fromChild: [Int32] = [0, 0]
            guard maillage_pipe(&toChild) == 0 else { return nil }
            guard maillage_pipe(&fromChild) == 0 else { close(toChild[0]); close(toChild[1]); return nil }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
            posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
            let arguments = [executable.path, "__apercu"]
            // One thread of libvips a worker (the pool gives the parallelism), few malloc arenas
            // (each reserves address space, which the limit counts).
            let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("VIPS_") && $0.key != "MALLOC_ARENA_MAX" }
                .map { "\($0.key)=\($0.value)" } + ["VIPS_CONCURRENCY=1", "MALLOC_ARENA_MAX=2"]
            var argv = arguments.map { strdup($0) } + [nil]
            var envp = environment.map { strdup($0) } + [nil]
            defer {
                for p in argv { free(p) }
                for p in envp { free(p) }
            }
            var pid: pid_t = 0
            let status = posix_spawn(&pid, executable.path, &actions, nil, &argv, &envp)
            close(toChild[0])
            close(fromChild[1])
            guard status == 0 else { close(toChild[1]); close(fromChild[0]); return nil }
            self.pid = pid
            input = toChild[1]
            output = fromChild[0]
        }

        func render(_ path: String, size: String, to target: String) -> PreviewOutcome {
            var job = Array(path.utf8) + [0] + Array(size.utf8) + [0] + Array(target.utf8) + [0]
            var sent = 0
            while sent < job.count {
                let n = job.withUnsafeMutableBytes { write(input, $0.baseAddress! + sent, $0.count - sent) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return .tooHeavy(timedOut: false) }
                sent += n
            }
            let deadline = ContinuousClock.now + .seconds(PreviewWorker.timeLimit)
            var line: [UInt8] = []
            var byte: UInt8 = 0
            while true {
                let left = deadline - ContinuousClock.now
                guard left > .zero else { return .tooHeavy(timedOut: true) }
                var poller = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, Int32(max(1, left.seconds * 1000)))
                if ready < 0 && errno == EINTR { continue }
                guard ready > 0 else { return .tooHeavy(timedOut: ready == 0) }
                let n = read(output, &byte, 1)
                if n < 0 && errno == EINTR { continue }
                guard n == 1 else { return .tooHeavy(timedOut: false) }
                if byte != 0x0A { line.append(byte); continue }
                let words = String(decoding: line, as: UTF8.self).split(separator: " ")
                guard words.first == "ok", words.count == 3, let width = Int(words[1]), let height = Int(words[2]) else { return .unreadable }
                return .made(width: width, height: height)
            }
        }

        func stop() {
            close(input)
            close(output)
            kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
    }
}
