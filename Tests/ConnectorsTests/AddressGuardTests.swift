import Engine
import Foundation
import Model
import Testing

@testable import Connectors

@Suite("SSRF guard")
struct AddressGuardTests {
    /// Targets that must be blocked when nothing is allow-listed, and the word the message uses.
    static let blockedTargets: [(String, String)] = [
        ("http://127.0.0.1/", "loopback"),
        ("http://127.1.2.3:8080/x", "loopback"),
        ("http://localhost/", "loopback"),
        ("http://LOCALHOST/", "loopback"),
        ("http://2130706433/", "loopback"),
        ("http://0177.0.0.1/", "loopback"),
        ("http://0x7f.0.0.1/", "loopback"),
        ("http://0x7f000001/", "loopback"),
        ("http://127.1/", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://[::ffff:7f00:1]/", "loopback"),
        ("http://[0:0:0:0:0:0:0:1]:9000/", "loopback"),
        ("http://169.254.169.254/latest/meta-data", "cloud metadata"),
        ("http://[::ffff:169.254.169.254]/latest/meta-data", "cloud metadata"),
        ("http://169.254.10.10/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://10.1.2.3/", "private"),
        ("http://172.16.0.1/", "private"),
        ("http://172.31.255.255/", "private"),
        ("http://192.168.1.1/", "private"),
        ("http://[fd00::1]/", "private"),
        ("http://[fc00::1]/", "private"),
        ("http://[64:ff9b::a01:203]/", "private"),
        ("http://[2002:c0a8:101::1]/", "private"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://0/", "unspecified"),
        ("http://[::]/", "unspecified"),
        ("http://100.64.0.1/", "carrier-grade NAT"),
        ("http://100.127.255.254/", "carrier-grade NAT"),
        ("http://224.0.0.1/", "multicast"),
        ("http://[ff02::1]/", "multicast"),
        ("http://255.255.255.255/", "broadcast"),
        ("https://127.0.0.1/", "loopback"),
        ("ftp://example.com/file", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("gopher://127.0.0.1:70/", "only http and https"),
    ]

    @Test("blocked without an allow-list", arguments: blockedTargets)
    func blockedWithoutAllowList(url: String, reason: String) async throws {
        let result = await perform(HTTPRequestAction(), ["url": .string(url)])
        let failure = try #require(result.failure)
        #expect(failure.code == "blocked")
        #expect(failure.retryable == false)
        #expect(failure.message.contains(reason), "\(failure.message)")
        if reason != "only http and https" {
            #expect(failure.message.contains(HTTPSettings.allowPrivateHostsSettingName))
        }
    }

    @Test func messageNamesHostAndAddress() async throws {
        let failure = try #require(await perform(HTTPRequestAction(), ["url": "http://localhost:1/"]).failure)
        #expect(failure.message.contains("'localhost'"))
        #expect(failure.message.contains("resolves to 127.0.0.1, a loopback address; add it to Actions__Http__AllowPrivateHosts to allow it"))
    }

    @Test func liveServerBlockedWithoutAllowList() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        for url in [server.base + "/echo", "http://localhost:\(server.port)/echo"] {
            let failure = try #require(await perform(HTTPRequestAction(), ["url": .string(url)]).failure)
            #expect(failure.code == "blocked")
        }
    }

    @Test("the allow-list lets private targets through", arguments: ["127.0.0.1", "127.0.0.0/8", "localhost", "LocalHost", "10.0.0.0/8, 127.0.0.1"])
    func allowList(entry: String) async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let host = entry.lowercased() == "localhost" ? "localhost" : "127.0.0.1"
        let result = await perform(try allowingAction(entry), ["url": .string("http://\(host):\(server.port)/json")])
        #expect(result.output?[path: "body", "name"] == "sovereign", "\(result)")
    }

    @Test func allowingOneRangeDoesNotAllowOthers() async throws {
        let action = try allowingAction("10.0.0.0/8")
        let failure = try #require(await perform(action, ["url": "http://192.168.0.1/"]).failure)
        #expect(failure.code == "blocked")
        let metadata = try #require(await perform(action, ["url": "http://169.254.169.254/"]).failure)
        #expect(metadata.code == "blocked")
    }

    @Test func redirectToLoopbackOfAnotherPortIsBlocked() async throws {
        let server = try TestHTTPServer()
        let other = try TestHTTPServer()
        defer { server.stop(); other.stop() }
        // Only the name `localhost` is allowed; the redirect goes to the literal 127.0.0.1.
        let target = "http://127.0.0.1:\(other.port)/echo"
        let url = "http://localhost:\(server.port)/redirect-to?url=\(HTTPRequestPlan.percentEncoded(target, space: "%20"))"
        let failure = try #require(await perform(try allowingAction("localhost"), ["url": .string(url)]).failure)
        #expect(failure.code == "blocked")
        #expect(failure.retryable == false)
        #expect(failure.message.contains("The redirect to \(target) is blocked"), "\(failure.message)")
    }

    @Test("redirects from an allowed host to blocked targets", arguments: [
        "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://10.1.2.3/", "file:///etc/passwd", "http://2130706433/",
        "http://0177.0.0.1:1/", "ftp://example.com/",
    ])
    func redirectToBlockedTarget(target: String) async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        // Only the name `localhost` is allowed, so literal loopback addresses stay blocked.
        let url = "http://localhost:\(server.port)/redirect-to?code=307&url=" + HTTPRequestPlan.percentEncoded(target, space: "%20")
        let failure = try #require(await perform(try allowingAction("localhost"), ["url": .string(url)]).failure)
        #expect(failure.code == "blocked", "\(failure)")
    }

    @Test func percentEncodedHostIsRefused() async throws {
        let failure = try #require(await perform(HTTPRequestAction(), ["url": "http://127%2E0%2E0%2E1/"]).failure)
        #expect(failure.code == "invalid_input" || failure.code == "blocked")
    }

    @Test func unresolvableHostIsANetworkFailure() async throws {
        let failure = try #require(await perform(HTTPRequestAction(), ["url": "http://does-not-exist.invalid/"]).failure)
        #expect(failure.code == "network")
        #expect(failure.retryable)
    }

    @Test func guardCanBeTurnedOff() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let action = HTTPRequestAction(settings: HTTPSettings(blocksPrivateAddresses: false))
        #expect(await perform(action, ["url": .string(server.base + "/text")]).output?["body"] == "hello, world")
    }

    @Test func plainHTTPConnectsToTheCheckedAddressAndKeepsTheHostName() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let result = await perform(try allowingAction("localhost"), ["url": .string("http://localhost:\(server.port)/echo")])
        #expect(result.output?[path: "body", "headers", "host"] == .string("localhost:\(server.port)"), "\(result)")
        #expect(result.output?["url"] == .string("http://localhost:\(server.port)/echo"))
    }
}

@Suite("Addresses and the allow-list")
struct AddressTests {
    @Test func classification() throws {
        func kind(_ text: String) -> AddressKind? { AddressKind.classify(IPAddress(numericText: text)!) }
        #expect(kind("127.0.0.1") == .loopback)
        #expect(kind("169.254.169.254") == .cloudMetadata)
        #expect(kind("100.64.0.0") == .sharedAddressSpace)
        #expect(kind("100.128.0.0") == nil)
        #expect(kind("172.15.255.255") == nil)
        #expect(kind("172.32.0.0") == nil)
        #expect(kind("8.8.8.8") == nil)
        #expect(kind("93.184.216.34") == nil)
        #expect(kind("2606:4700::1111") == nil)
        #expect(kind("::ffff:8.8.8.8") == nil)
        #expect(kind("::ffff:10.0.0.1") == .privateNetwork)
        #expect(kind("::127.0.0.1") == .loopback)
        #expect(kind("fe80::1") == .linkLocal)
        #expect(kind("febf::1") == .linkLocal)
        #expect(kind("fec0::1") == .privateNetwork)
        #expect(kind("ff02::1") == .multicast)
    }

    @Test func ranges() throws {
        let range = try #require(AddressRange(cidrText: "10.20.30.40/8"))
        #expect(range.description == "10.0.0.0/8")
        #expect(range.contains(IPAddress(numericText: "10.255.0.1")!))
        #expect(!range.contains(IPAddress(numericText: "11.0.0.1")!))
        #expect(!range.contains(IPAddress(numericText: "::ffff:10.0.0.1")!))
        let version6 = try #require(AddressRange(cidrText: "fd00::/8"))
        #expect(version6.contains(IPAddress(numericText: "fd12:3456::1")!))
        #expect(AddressRange(cidrText: "10.0.0.0/33") == nil)
        #expect(AddressRange(cidrText: "10.0.0.0/x") == nil)
        #expect(AddressRange(cidrText: "example.com/8") == nil)
    }

    @Test func allowListParsing() throws {
        let targets = try HTTPSettings.parseAllowList(" localhost, 127.0.0.1 10.0.0.0/8,[::1],Intranet.Example. ")
        #expect(targets.map(\.description) == ["localhost", "127.0.0.1", "10.0.0.0/8", "::1", "intranet.example"])
        #expect(throws: InvalidAllowListEntry.self) { try HTTPSettings.parseAllowList("10.0.0.0/99") }
        #expect(throws: InvalidAllowListEntry(entry: "http://x/")) { try HTTPSettings.parseAllowList("localhost,http://x/") }
        #expect(try HTTPSettings.parseAllowList("").isEmpty)
    }
}
