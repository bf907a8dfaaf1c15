import HTTPServer
import Testing

@Suite struct ValueTests {
    @Test func headersAreCaseInsensitiveAndOrdered() {
        var headers = HTTPHeaders([("Content-Type", "text/plain"), ("X-Trace", "1")])
        headers.add("x-trace", "2")
        #expect(headers["content-type"] == "text/plain")
        #expect(headers["X-TRACE"] == "1")
        #expect(headers.values("x-Trace") == ["1", "2"])
        #expect(headers.all.map(\.name) == ["Content-Type", "X-Trace", "x-trace"])
        headers.set("X-TRACE", "3")
        #expect(headers.values("x-trace") == ["3"])
        #expect(headers.all.map(\.name) == ["Content-Type", "X-TRACE"])
        headers.remove("CONTENT-TYPE")
        #expect(headers["Content-Type"] == nil)
        #expect(headers.count == 1)
    }

    @Test func percentDecoding() {
        #expect(PercentDecoding.decode("a%20b%2Fc+d") == "a b/c+d")
        #expect(PercentDecoding.decode("a%20b+d", plusIsSpace: true) == "a b d")
        #expect(PercentDecoding.decode("%C3%A9t%C3%A9") == "été")
        #expect(PercentDecoding.decode("%zz") == nil)
        #expect(PercentDecoding.decode("%4") == nil)
        #expect(PercentDecoding.decode("%FF") == nil)
        let pairs = PercentDecoding.queryPairs("a=1&b=x+y%2B&flag&&a=2&empty=")
        #expect(pairs?.map(\.name) == ["a", "b", "flag", "a", "empty"])
        #expect(pairs?.map(\.value) == ["1", "x y+", "", "2", ""])
    }

    @Test func problemDocumentsAreEscapedJSON() {
        let response = HTTPResponse.problem(413, detail: "the request body is over the 1048576-byte limit")
        #expect(response.status == 413)
        #expect(response.headers["Content-Type"] == "application/problem+json")
        #expect(
            String(decoding: response.body, as: UTF8.self)
                == #"{"type":"about:blank","title":"Content Too Large","status":413,"detail":"the request body is over the 1048576-byte limit"}"#
        )
        let escaped = HTTPResponse.problem(400, detail: "quote \" backslash \\ line\n tab\t bell\u{7} é")
        #expect(
            String(decoding: escaped.body, as: UTF8.self).contains(
                #""detail":"quote \" backslash \\ line\n tab\t bell\u0007 é""#))
    }

    @Test func requestQueryValues() {
        let request = HTTPRequest(method: "get", path: "/", query: [("a", "1"), ("b", "2"), ("a", "3")])
        #expect(request.method == "GET")
        #expect(request.queryValue("a") == "1")
        #expect(request.queryValues("a") == ["1", "3"])
        #expect(request.queryValue("missing") == nil)
    }
}
