import App
import Foundation
import Testing

@Suite struct SettingsTests {
    @Test func fileThenEnvironmentWhichWins() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sovereign-\(UUID().uuidString).yaml")
        try "Http:\n  Port: 6000\n  Address: 127.0.0.1\nSwagger: {Enabled: false}\nActions: {Http: {AllowPrivateHosts: [localhost, 10.0.0.0/8]}}\n"
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let settings = try ServerSettings(Settings.load(environment: ["Http__Port": "7000", "PATH": "/bin"], file: file.path))
        #expect(settings.http.port == 7000)
        #expect(settings.http.address == "127.0.0.1")
        #expect(settings.swaggerEnabled == false)
        #expect(settings.allowPrivateHosts == "localhost,10.0.0.0/8")
        #expect(settings.dataPath == "./.sovereign")
    }

    @Test func badValuesNameTheSetting() {
        #expect(throws: SettingsError.self) { try ServerSettings(Settings(["Http__Port": "eighty"])) }
        #expect(throws: SettingsError.self) { try ServerSettings(Settings(["Logging__Format": "xml"])) }
        #expect(throws: SettingsError.self) { try ServerSettings(Settings(["Swagger__Enabled": "maybe"])) }
        #expect(throws: SettingsError.self) { try Settings.load(environment: [:], file: "/no/such/file.yaml", required: true) }
        do {
            _ = try ServerSettings(Settings(["Http__Port": "99999"]))
        } catch {
            #expect(error.message.contains("Http__Port"))
        }
    }
}
