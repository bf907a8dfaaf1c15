import Foundation
import Store

/// Where a page of executions ended: the (created_at, id) of its last item. Clients see it as
/// opaque text: base64url (no padding) of `"<created_at milliseconds>:<id>"`.
struct ExecutionCursor: Hashable {
    var createdAt: Int64
    var id: String

    init(createdAt: Int64, id: String) {
        self.createdAt = createdAt
        self.id = id
    }

    /// Reads a cursor; anything this store did not hand out is `.corrupt("invalid cursor")`.
    init(text: String) throws(StoreError) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let decoded = String(data: data, encoding: .utf8),
              let colon = decoded.firstIndex(of: ":"), let createdAt = Int64(decoded[..<colon])
        else { throw .corrupt("invalid cursor") }
        let id = String(decoded[decoded.index(after: colon)...])
        guard !id.isEmpty else { throw .corrupt("invalid cursor") }
        self.init(createdAt: createdAt, id: id)
    }

    /// The opaque text form.
    var text: String {
        Data("\(createdAt):\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
