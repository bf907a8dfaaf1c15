import Foundation

/// `python3 -m http.server` on 127.0.0.1 serving a folder (a new temporary one by default); stopped
/// with SIGKILL. A real HTTP peer for tests (JWKS, files for http.request).
public final class StaticFileServer {
    public let directory: URL
    public let port: UInt16
    private let process: Process
    /// Whether `stop()` removes the folder (only the one this server made).
    private let ownsDirectory: Bool

    /// `http://127.0.0.1:<port>`.
    public var base: String { "http://127.0.0.1:\(port)" }

    /// Starts the server on a free port, serving `directory` (or a new temporary folder), and
    /// waits until it accepts connections.
    public init(directory served: URL? = nil) throws {
        if let served {
            directory = served
            ownsDirectory = false
        } else {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("sovereign-files-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            ownsDirectory = true
        }
        let path = directory.path
        (process, port) = try LoopbackProcess.start(
            "/usr/bin/python3", arguments: { ["-m", "http.server", String($0), "--bind", "127.0.0.1", "--directory", path] },
            what: "python3 http.server")
    }

    /// Kills the server (SIGKILL) and removes the folder it made.
    public func stop() {
        LoopbackProcess.stop(process)
        if ownsDirectory { try? FileManager.default.removeItem(at: directory) }
    }

    /// Writes `text` to `path` (relative to the served directory), creating folders.
    public func write(_ text: String, to path: String) throws {
        let file = directory.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file, options: .atomic)
    }
}
