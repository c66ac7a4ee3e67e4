import Foundation

/// A program run as a separate process (pandoc, LibreOffice, git), with a time limit: a
/// document that makes it hang costs that document, not the import.
public struct ExternalTool: Sendable {
    public var executable: String
    public var timeout: Double

    public init(executable: String, timeout: Double) {
        self.executable = executable
        self.timeout = timeout
    }

    public struct Run: Sendable {
        public var status: Int32
        public var output: String
        public var errors: String
        public var timedOut: Bool
    }

    public enum Failure: Error {
        /// Not installed: `executable` is not on the PATH.
        case missing(String)
    }

    /// The program's full path, looked up on the PATH; nil when it is not installed.
    var path: String? {
        if executable.contains("/") { return FileManager.default.isExecutableFile(atPath: executable) ? executable : nil }
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        return paths.map { "\($0)/\(executable)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs the program with `arguments`; `input`, when given, is its standard input.
    public func run(_ arguments: [String], in folder: URL? = nil, environment extra: [String: String] = [:], input: Data? = nil) throws -> Run {
        guard let path else { throw Failure.missing(executable) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let inputPipe = input.map { _ in Pipe() }
        process.standardInput = inputPipe ?? FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try process.run()
        if let inputPipe, let input {
            // A program that stops reading must not stop this one.
            signal(SIGPIPE, SIG_IGN)
            DispatchQueue.global().async {
                try? inputPipe.fileHandleForWriting.write(contentsOf: input)
                try? inputPipe.fileHandleForWriting.close()
            }
        }
        // Both pipes are read while the program runs: a full pipe would stop it.
        let collected = Collected()
        let group = DispatchGroup()
        for (pipe, isOutput) in [(output, true), (errors, false)] {
            DispatchQueue.global().async(group: group) {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(data, output: isOutput)
            }
        }
        var timedOut = false
        if done.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            done.wait()
        }
        group.wait()
        return Run(status: process.terminationStatus, output: String(decoding: collected.output, as: UTF8.self),
                   errors: String(decoding: collected.errors, as: UTF8.self), timedOut: timedOut)
    }

    /// What the tool wrote on its two outputs, each read on a thread of its own.
    private final class Collected: Sendable {
        private let streams = Locked((output: Data(), errors: Data()))
        var output: Data { streams.value.output }
        var errors: Data { streams.value.errors }

        func set(_ data: Data, output isOutput: Bool) {
            streams.withLock { if isOutput { $0.output = data } else { $0.errors = data } }
        }
    }
}

/// LibreOffice, headless: `.doc`, `.rtf`, `.odt` to `.docx`, slides to PDF, EMF/WMF to PNG.
/// Each run has its own profile folder (concurrent runs sharing one hang) and a time limit.
struct LibreOffice: Sendable {
    var tool = ExternalTool(executable: "soffice", timeout: 120)

    /// Converts `file` to `format` (`docx`, `pdf`, `png`) in `folder`; the converted file, or nil.
    func convert(_ file: URL, to format: String, in folder: URL) throws -> URL? {
        let profile = folder.appendingPathComponent("profil-libreoffice-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let out = folder.appendingPathComponent("converti-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let run = try tool.run(["-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore", "--nolockcheck",
                                "--convert-to", format, "--outdir", out.path, file.path])
        guard !run.timedOut, run.status == 0 else { return nil }
        let made = (try? FileManager.default.contentsOfDirectory(at: out, includingPropertiesForKeys: nil)) ?? []
        return made.first { $0.pathExtension.lowercased() == format }
    }
}
