import Foundation
import Testing

/// What one run of the `sovereign` binary produced.
struct ProcessResult {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

/// Runs the built `sovereign` executable as a real subprocess.
enum SovereignProcess {
    /// The built binary: `$SOVEREIGN_BINARY` if set, else beside the test bundle (the same build
    /// directory), else `<package>/.build/debug/sovereign`.
    static func binary() throws -> URL {
        let fileManager = FileManager.default
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["SOVEREIGN_BINARY"] {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("sovereign"))
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("sovereign"))
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug/sovereign"))
        if let found = candidates.first(where: { fileManager.isExecutableFile(atPath: $0.path) }) {
            return found
        }
        throw BinaryNotFound(searched: candidates.map(\.path))
    }

    struct BinaryNotFound: Error, CustomStringConvertible {
        var searched: [String]
        var description: String {
            "the sovereign executable was not found; run `swift build` first (searched: "
                + searched.joined(separator: ", ") + ")"
        }
    }

    /// The test process's environment without the variables that change colour decisions.
    static func environment(_ changes: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        environment["TERM"] = "xterm-256color"
        environment.merge(changes) { $1 }
        return environment
    }

    /// Runs `sovereign arguments…` with stdout and stderr redirected to files, and waits for it.
    static func run(
        _ arguments: [String], environment: [String: String] = environment(), directory: URL? = nil
    ) throws -> ProcessResult {
        let scratch = try TemporaryDirectory()
        let outputURL = scratch.url.appendingPathComponent("stdout")
        let errorURL = scratch.url.appendingPathComponent("stderr")
        try Data().write(to: outputURL)
        try Data().write(to: errorURL)
        let output = try FileHandle(forWritingTo: outputURL)
        let error = try FileHandle(forWritingTo: errorURL)

        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = error
        try process.run()
        process.waitUntilExit()
        try output.close()
        try error.close()
        return ProcessResult(
            status: process.terminationStatus,
            standardOutput: try String(contentsOf: outputURL, encoding: .utf8),
            standardError: try String(contentsOf: errorURL, encoding: .utf8))
    }

    /// Runs `sovereign arguments…` with stdout on a pseudo-terminal, so `isatty` is true, and
    /// returns what it wrote there (the terminal turns `\n` into `\r\n`).
    static func runOnTerminal(_ arguments: [String], environment: [String: String] = environment()) throws -> ProcessResult {
        let terminal = try PseudoTerminalFunctions()
        let primary = terminal.open(O_RDWR | O_NOCTTY)
        guard primary >= 0, terminal.grant(primary) == 0, terminal.unlock(primary) == 0 else {
            throw TerminalUnavailable(reason: "posix_openpt failed: errno \(errno)")
        }
        let primaryHandle = FileHandle(fileDescriptor: primary, closeOnDealloc: true)
        var name = [CChar](repeating: 0, count: 256)
        guard terminal.name(primary, &name, name.count) == 0 else {
            throw TerminalUnavailable(reason: "ptsname_r failed: errno \(errno)")
        }
        let secondaryPath = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let secondary = open(secondaryPath, O_RDWR | O_NOCTTY)
        guard secondary >= 0 else { throw TerminalUnavailable(reason: "open \(secondaryPath) failed") }
        let secondaryHandle = FileHandle(fileDescriptor: secondary, closeOnDealloc: false)

        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = secondaryHandle
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        close(secondary)

        // Read what is buffered in the terminal; once it is drained and no writer is left, read fails (EIO).
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(primary, &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        _ = primaryHandle
        return ProcessResult(
            status: process.terminationStatus, standardOutput: String(decoding: bytes, as: UTF8.self), standardError: "")
    }

    struct TerminalUnavailable: Error {
        var reason: String
    }

    /// glibc's pseudo-terminal functions, looked up at run time: the Glibc module does not import
    /// them (they sit behind `_XOPEN_SOURCE`), and a test target cannot add a C shim.
    private struct PseudoTerminalFunctions {
        let open: @convention(c) (CInt) -> CInt
        let grant: @convention(c) (CInt) -> CInt
        let unlock: @convention(c) (CInt) -> CInt
        let name: @convention(c) (CInt, UnsafeMutablePointer<CChar>, Int) -> CInt

        init() throws {
            func symbol<Function>(_ name: String, as type: Function.Type) throws -> Function {
                guard let address = dlsym(nil, name) else { throw TerminalUnavailable(reason: "no \(name) in libc") }
                return unsafeBitCast(address, to: type)
            }
            open = try symbol("posix_openpt", as: (@convention(c) (CInt) -> CInt).self)
            grant = try symbol("grantpt", as: (@convention(c) (CInt) -> CInt).self)
            unlock = try symbol("unlockpt", as: (@convention(c) (CInt) -> CInt).self)
            name = try symbol("ptsname_r", as: (@convention(c) (CInt, UnsafeMutablePointer<CChar>, Int) -> CInt).self)
        }
    }
}

/// A fresh directory under the system temporary directory, removed when the value is released.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("sovereign-cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` inside the directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
