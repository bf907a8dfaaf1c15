import Foundation
import Testing

/// `sovereign serve` as a real process: it answers, and SIGTERM stops it gracefully (exit 0).
@Suite struct ServeCommandTests {
    @Test func servesAndStopsOnSigterm() throws {
        let directory = try TemporaryDirectory()
        let port = Int.random(in: 30_000...60_000)
        var environment = SovereignProcess.environment([
            "Data__Path": directory.url.appendingPathComponent("data").path, "Http__Port": String(port),
            "Http__Address": "127.0.0.1", "Logging__Format": "json",
        ])
        environment["Definitions__Path"] = directory.url.path
        let process = Process()
        process.executableURL = try SovereignProcess.binary()
        process.arguments = ["serve"]
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        var ready = false
        for _ in 0..<100 where !ready {
            usleep(100_000)
            ready = (try? Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/readyz")!)) != nil
        }
        #expect(ready, "the server never answered /readyz")
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains(#""message":"stopped""#))
        let announced = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(announced.contains("client_secret:"))
        // The secret is announced once on standard output, never logged.
        let secret = announced.split(separator: "\n").first { $0.contains("client_secret:") }?.split(separator: " ").last.map(String.init) ?? "?"
        #expect(!log.contains(secret))
    }

    @Test func badSettingsExitTwo() throws {
        let result = try SovereignProcess.run(["serve"], environment: SovereignProcess.environment(["Http__Port": "not-a-port"]))
        #expect(result.status == 2)
        #expect(result.standardError.contains("Http__Port"))
    }
}
