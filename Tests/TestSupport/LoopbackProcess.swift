import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts a server process on a free loopback port and waits until it accepts connections.
/// Shared by the Python servers of the tests.
enum LoopbackProcess {
    /// Runs `executable` with `arguments(port)` for a free port, up to five ports; returns the
    /// running process and its port once a TCP connection succeeds.
    static func start(_ executable: String, arguments: (UInt16) -> [String], what: String) throws -> (Process, UInt16) {
        var lastError: (any Error)?
        for _ in 0..<5 {
            let candidate = try freePort()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments(candidate)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            if waitUntilListening(port: candidate, process: process) { return (process, candidate) }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            lastError = ServerFailure(description: "\(what) did not listen on port \(candidate)")
        }
        throw lastError ?? ServerFailure(description: "no server")
    }

    /// Kills a server started here (SIGKILL: the test runner's children may inherit a signal mask
    /// that blocks SIGTERM) and waits for it.
    static func stop(_ process: Process) {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// A port the kernel considers free right now (bound to 0, read back, released).
    static func freePort() throws -> UInt16 {
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

/// A test server could not start.
public struct ServerFailure: Error, CustomStringConvertible {
    public let description: String
}
