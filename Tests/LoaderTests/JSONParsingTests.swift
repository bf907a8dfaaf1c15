import Foundation
import Model
import Testing

/// The fast JSON reader agrees with JSONDecoder and refuses what is not JSON.
@Suite struct JSONParsingTests {
    @Test(arguments: [
        #"{"a": [1, -2.5, 1e3, true, false, null, "x\"y\\z\u00e9\ud83d\ude00"], "b": {}, "c": []}"#,
        "0", "-0", "\"\"", "[[[[]]]]", #"{"nested": {"deep": {"list": [1, {"k": "v"}]}}}"#, "9223372036854775807", "1.5e-7",
    ])
    func agreesWithJSONDecoder(text: String) throws {
        let fast = try #require(JSONValue(parsing: text))
        let reference = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        #expect(fast == reference)
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "tru", "\"\\x\"", "\"\u{01}\"", "[1] 2", "\"\\ud800\"", "NaN"])
    func refusesInvalidJSON(text: String) {
        #expect(JSONValue(parsing: text) == Optional<JSONValue>.none)
    }

    @Test func boundsNesting() {
        #expect(JSONValue(parsing: String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)) == Optional<JSONValue>.none)
        #expect(JSONValue(parsing: String(repeating: "[", count: 500) + String(repeating: "]", count: 500)) != Optional<JSONValue>.none)
    }
}
