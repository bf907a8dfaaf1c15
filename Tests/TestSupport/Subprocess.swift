import Foundation

/// Runs command-line tools (git, openssl) for the tests.
public enum Subprocess {
    /// Runs `executable` with `arguments` (in `directory`, with `environment` when given, `input`
    /// on standard input); returns standard output. A non-zero exit throws with standard error.
    @discardableResult
    public static func run(
        _ executable: String, _ arguments: [String], in directory: String? = nil, environment: [String: String]? = nil,
        input: [UInt8]? = nil
    ) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        let output = Pipe()
        let errors = Pipe()
        let inputPipe = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
        try process.run()
        if let input {
            inputPipe.fileHandleForWriting.write(Data(input))
            try inputPipe.fileHandleForWriting.close()
        }
        // Both pipes are drained before waiting, so a chatty tool cannot block on a full pipe.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SubprocessFailure(
                description: "\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(errorText)")
        }
        return data
    }

    /// `run(…)`'s standard output as text.
    @discardableResult
    public static func text(_ executable: String, _ arguments: [String], in directory: String? = nil) throws -> String {
        String(decoding: try run(executable, arguments, in: directory), as: UTF8.self)
    }
}

/// A command of a test failed.
public struct SubprocessFailure: Error, CustomStringConvertible {
    /// The command, its exit status and its standard error.
    public let description: String
}
