import Engine
import Foundation
import HTTPServer
import Model
import Store

/// Query-string limits and cursors shared by list operations.
enum Paging {
    static let defaultLimit = 50
    static let maximumLimit = 500

    /// `limit`: 1…500 (default 50); anything else is a 400 naming the parameter.
    static func limit(_ request: APIRequest) throws(Problem) -> Int {
        guard let text = request.http.queryValue("limit") else { return defaultLimit }
        guard let value = Int(text), value >= 1, value <= maximumLimit else {
            throw Problem.badRequest("`limit` must be a whole number from 1 to \(maximumLimit), not `\(text)`")
        }
        return value
    }

    /// Pages an in-memory list sorted by `key`: the cursor is the last key of the previous page.
    static func page<Item>(_ items: [Item], request: APIRequest, key: (Item) -> String) throws(Problem) -> (items: [Item], next: String?) {
        let limit = try limit(request)
        var remaining = items
        if let cursor = request.http.queryValue("cursor"), !cursor.isEmpty {
            guard let after = decode(cursor) else { throw Problem.badRequest("`cursor` is not one this server handed out") }
            remaining = items.filter { key($0) > after }
        }
        let page = Array(remaining.prefix(limit))
        let next = remaining.count > limit ? page.last.map { encode(key($0)) } : nil
        return (page, next)
    }

    static func encode(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ cursor: String) -> String? {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `{"items": […], "nextCursor": …}`.
    static func response(_ items: [JSONValue], next: String?) -> HTTPResponse {
        JSONResponse.make(200, ["items": .array(items), "nextCursor": next.map(JSONValue.string) ?? .null])
    }
}

extension EngineError {
    /// The problem document a client sees (store details stay in the logs).
    var problem: Problem {
        switch self {
        case .notFound(let message): .notFound(message)
        case .conflict(let message): .conflict(message)
        case .invalid(let message, let details): .unprocessable(message, errors: details)
        case .idempotencyMismatch(let message): .unprocessable(message)
        case .unavailable: .unavailable("the store is unavailable; try again shortly")
        case .stopping: .unavailable("the server is shutting down")
        }
    }
}

/// Maps any error from the engine or the store to a problem.
func problem(from error: any Error) -> Problem {
    if let problem = error as? Problem { return problem }
    if let engineError = error as? EngineError { return engineError.problem }
    if case StoreError.corrupt(let message)? = error as? StoreError, message.contains("cursor") {
        return .badRequest("`cursor` is not one this server handed out")
    }
    return .unavailable("the store is unavailable; try again shortly")
}

/// JSON of an execution without its steps (lists).
func executionSummary(_ record: ExecutionRecord) -> JSONValue {
    var summary: [String: JSONValue] = [
        "id": .string(record.id), "workflowId": .string(record.workflowId), "version": .string(record.versionId),
        "status": .string(record.status.rawValue), "createdAt": .string(Timestamps.text(record.createdAt)),
        "startedAt": record.startedAt.map { .string(Timestamps.text($0)) } ?? .null,
        "finishedAt": record.finishedAt.map { .string(Timestamps.text($0)) } ?? .null,
    ]
    if let parent = record.parentExecutionId { summary["parentExecutionId"] = .string(parent) }
    return .object(summary)
}
