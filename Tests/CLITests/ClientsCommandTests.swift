import Foundation
import Testing

@Suite struct ClientsCommandTests {
    @Test func addListRemove() throws {
        let directory = try TemporaryDirectory()
        let environment = SovereignProcess.environment(["Data__Path": directory.url.appendingPathComponent("data").path])
        let added = try SovereignProcess.run(["clients", "add", "ci", "--scopes", "executions:read executions:write", "--format", "json"], environment: environment)
        #expect(added.status == 0, "\(added.standardError)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(added.standardOutput.utf8)) as? [String: Any])
        #expect((json["clientId"] as? String)?.isEmpty == false)
        #expect((json["clientSecret"] as? String)?.count ?? 0 >= 32)
        let listed = try SovereignProcess.run(["clients", "list"], environment: environment)
        #expect(listed.standardOutput.contains("ci"))
        #expect(!listed.standardOutput.contains(json["clientSecret"] as! String))
        #expect(try SovereignProcess.run(["clients", "add", "ci", "--scopes", "admin"], environment: environment).status == 1)
        #expect(try SovereignProcess.run(["clients", "add", "x", "--scopes", "nope:scope"], environment: environment).status == 1)
        #expect(try SovereignProcess.run(["clients", "remove", "ci"], environment: environment).status == 0)
        #expect(try SovereignProcess.run(["clients", "remove", "ci"], environment: environment).status == 1)
        #expect(try SovereignProcess.run(["clients", "frobnicate"], environment: environment).status == 2)
    }
}
