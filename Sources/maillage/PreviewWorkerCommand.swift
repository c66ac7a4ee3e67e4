import ArgumentParser
import Foundation
import MaillageCore

/// `maillage __apercu`: a worker that renders PDF previews for a build (`PreviewWorker`),
/// started by the build itself; not shown in the help.
struct PreviewWorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "__apercu", shouldDisplay: false)

    /// This executable, as the kernel knows it (still there if the file was replaced since).
    static let executable = URL(fileURLWithPath: "/proc/self/exe")

    func run() {
        PreviewWorker.serve()
    }
}
