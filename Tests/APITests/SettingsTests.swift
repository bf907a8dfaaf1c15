import App
import Scheduling
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
        #expect(throws: SettingsError.self) { try ServerSettings(Settings(["Scheduler__MaxBackfill": "0"])) }
        #expect(throws: SettingsError.self) { try ServerSettings(Settings(["Git__MaxFileBytes": "2000000"])) }
    }

    @Test func schedulerAndSyncLimitsAreSettings() throws {
        let settings = try ServerSettings(
            Settings([
                "Scheduler__MisfireThresholdSeconds": "5", "Scheduler__MaxQueued": "7", "Scheduler__FireRetentionDays": "2",
                "Git__Repository": "https://git.example/team/flows.git", "Git__MaxTotalBytes": "4096",
            ]))
        #expect(settings.scheduler.misfireThreshold == 5)
        #expect(settings.scheduler.maximumQueued == 7)
        #expect(settings.scheduler.fireRetention == 2 * 86_400)
        #expect(settings.git?.maximumTotalBytes == 4096)
        #expect(settings.git?.maximumFileBytes == 1_048_576)
    }
}
