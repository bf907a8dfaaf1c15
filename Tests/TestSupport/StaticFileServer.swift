import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        var lastError: (any Error)?
        for _ in 0..<5 {
            let candidate = try Self.freePort()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = ["-m", "http.server", String(candidate), "--bind", "127.0.0.1", "--directory", directory.path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            if Self.waitUntilListening(port: candidate, process: process) {
                self.port = candidate
                self.process = process
                return
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            lastError = ServerFailure(description: "python3 http.server did not listen on port \(candidate)")
        }
        throw lastError ?? ServerFailure(description: "no server")
    }

    /// Kills the server (SIGKILL) and removes the folder it made.
    public func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        if ownsDirectory { try? FileManager.default.removeItem(at: directory) }
    }

    /// Writes `text` to `path` (relative to the served directory), creating folders.
    public func write(_ text: String, to path: String) throws {
        let file = directory.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file, options: .atomic)
    }

    /// A port the kernel considers free right now (bound to 0, read back, released).
    public static func freePort() throws -> UInt16 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ServerFailure(description: "socket failed") }
        defer { close(descriptor) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else { throw ServerFailure(description: "bind failed") }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    /// Polls with connect() until the port accepts, the process dies, or about 20 s pass.
    private static func waitUntilListening(port: UInt16, process: Process) -> Bool {
        for _ in 0..<400 {
            guard process.isRunning else { return false }
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = loopback(port: port)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            close(descriptor)
            if connected == 0 { return true }
            usleep(50_000)
        }
        return false
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}

/// The file server could not start.
public struct ServerFailure: Error, CustomStringConvertible {
    public let description: String
}
