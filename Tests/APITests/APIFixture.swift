import API
import App
import Auth
import Foundation
import Model
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real server (`ServerInstance`) on a free loopback port with temporary data and definitions,
/// and a real HTTP client.
final class APIFixture: @unchecked Sendable {
    // Set once in `start`, read by tests.
    let folder: URL
    private(set) var instance: ServerInstance!
    private(set) var clientId = ""
    private(set) var clientSecret = ""
    var base: String { "http://127.0.0.1:\(instance.port)" }

    static let definitions = """
        apiVersion: sovereign/v1
        kind: Workflow
        metadata: {name: greet, title: Greeting}
        spec:
          inputs: {type: object, required: [name], properties: {name: {type: string}}}
          steps:
            - {id: hello, action: core.set, with: {text: "Hello, ${ .trigger.name }"}}
          outputs: {greeting: "${ .steps.hello.output.text }"}
        ---
        apiVersion: sovereign/v1
        kind: Workflow
        metadata: {name: gated}
        spec:
          steps:
            - {id: ask, action: human.gate, with: {title: "Go?"}}
            - {id: done, action: core.noop, needs: [ask]}
        ---
        apiVersion: sovereign/v1
        kind: Configuration
        metadata: {name: ada}
        spec: {workflow: greet, trigger: {name: Ada}}
        ---
        apiVersion: sovereign/v1
        kind: Schedule
        metadata: {name: hourly-greeting}
        spec: {workflow: greet, configuration: ada, cron: "@hourly", timezone: Europe/Berlin}
        """

    private var values: [String: String] = [:]

    init(extraSettings: [String: String] = [:], definitions yaml: String = APIFixture.definitions) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sovereign-api-\(UUID().uuidString)")
        let definitions = folder.appendingPathComponent("workflows")
        try FileManager.default.createDirectory(at: definitions, withIntermediateDirectories: true)
        try yaml.write(to: definitions.appendingPathComponent("flows.yaml"), atomically: true, encoding: .utf8)
        var values = [
            "Http__Port": "0", "Http__Address": "127.0.0.1", "Data__Path": folder.appendingPathComponent("data").path,
            "Definitions__Path": definitions.path, "Auth__Issuer": "http://sovereign.test",
        ]
        values.merge(extraSettings) { $1 }
        self.values = values
        let announced = Announcements()
        instance = try await ServerInstance.start(settings: try ServerSettings(Settings(values)), version: "test") { announced.append($0) }
        for line in announced.text.split(separator: "\n") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.first == "client_id:" { clientId = String(parts[1]) }
            if parts.first == "client_secret:" { clientSecret = String(parts[1]) }
        }
    }

    func stop() async {
        await instance.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Stops the server gracefully and starts a new one on the same data (the admin client stays).
    func restart() async throws {
        await instance.stop()
        instance = try await ServerInstance.start(settings: try ServerSettings(Settings(values)), version: "test") { _ in }
    }

    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data
        var json: JSONValue? { JSONText.parse([UInt8](body)) }
        func header(_ name: String) -> String? { headers.first { $0.key.lowercased() == name.lowercased() }?.value }
    }

    func request(_ method: String, _ path: String, token: String? = nil, json: JSONValue? = nil, body: Data? = nil, headers: [String: String] = [:]) async throws -> Reply {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody = Data(json.jsonText.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let body { request.httpBody = body }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields { fields["\(key)"] = "\(value)" }
        return Reply(status: http.statusCode, headers: fields, body: data)
    }

    /// A token of the admin client (every scope), or of the scopes asked for.
    func token(scope: String? = nil) async throws -> String {
        var form = "grant_type=client_credentials&client_id=\(clientId)&client_secret=\(clientSecret)"
        if let scope { form += "&scope=" + scope.replacingOccurrences(of: " ", with: "+") }
        let reply = try await request(
            "POST", "/oauth/token", body: Data(form.utf8), headers: ["Content-Type": "application/x-www-form-urlencoded"])
        guard reply.status == 200, let token = reply.json?["access_token"]?.stringValue else {
            throw FixtureFailure(message: "token request failed: \(reply.status) \(String(decoding: reply.body, as: UTF8.self))")
        }
        return token
    }

    /// Polls an execution until it is in one of `statuses`.
    func execution(_ id: String, token: String, until statuses: Set<String>) async throws -> JSONValue {
        for _ in 0..<500 {
            let reply = try await request("GET", "/api/v1/executions/\(id)", token: token)
            if let status = reply.json?["status"]?.stringValue, statuses.contains(status) { return reply.json! }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw FixtureFailure(message: "execution \(id) never reached \(statuses)")
    }
}

struct FixtureFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Collects the server's one-time announcements.
final class Announcements: @unchecked Sendable {
    // Guarded by `lock`.
    private var lines: [String] = []
    private let lock = NSLock()
    func append(_ text: String) { lock.withLock { lines.append(text) } }
    var text: String { lock.withLock { lines.joined(separator: "\n") } }
}
