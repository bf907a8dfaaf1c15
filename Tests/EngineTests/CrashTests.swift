import Foundation
import Model
import Store
import StoreSQLite
import Testing

/// Crash safety for real: the engine runs in a child process that is SIGKILLed at random
/// moments and started again, until every execution has ended. Then every execution must have
/// succeeded, and each step's side effect must have happened exactly once per recorded attempt
/// that got that far — never twice for one attempt, never without a recorded attempt.
@Suite(.serialized) struct CrashTests {
    static let executions = 200

    static let workflow = """
        apiVersion: sovereign/v1
        kind: Workflow
        metadata: {name: crashable}
        spec:
          steps:
            - {id: first, action: test.record}
            - {id: compute, action: core.set, needs: [first], with: {n: "${ .trigger.number }"}}
            - {id: left, action: test.record, needs: [compute]}
            - {id: right, action: test.record, needs: [compute]}
            - {id: pause, action: core.wait, needs: [left, right], with: {duration: 30ms}}
            - {id: last, action: test.record, needs: [pause]}
          outputs: {n: "${ .steps.compute.output.n }"}
        """

    static var harness: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/EngineHarness")
    }

    @Test func killedAtRandomMomentsEveryExecutionCompletesOnce() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sovereign-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let workflowFile = folder.appendingPathComponent("crashable.yaml")
        try Self.workflow.write(to: workflowFile, atomically: true, encoding: .utf8)
        let effects = folder.appendingPathComponent("effects.log")
        #expect(FileManager.default.fileExists(atPath: Self.harness.path), "build the package first: \(Self.harness.path)")

        var kills = 0
        var finished = false
        for round in 0..<25 where !finished {
            let process = Process()
            process.executableURL = Self.harness
            process.arguments = [folder.path, workflowFile.path, effects.path, String(Self.executions)]
            // Half the kills come from the harness itself right after its Nth effect (between an
            // effect and the commit of its result); half are sent from here after a random delay
            // (anywhere: a commit, recovery, idle), within 150 ms: a round does its work in a few
            // hundred ms, so later kills often came after it had finished. Later rounds may finish.
            let killAfterEffects = round < 15 && round.isMultiple(of: 2)
            let killAfterDelay = round < 15 && !killAfterEffects
            if killAfterEffects { process.arguments! += ["effects:\(Int.random(in: 1...40))"] }
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            // Waits without blocking a thread of Swift's small task pool (other tests need it).
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                process.terminationHandler = { _ in continuation.resume() }
                do {
                    try process.run()
                    if killAfterDelay {
                        let pid = process.processIdentifier
                        // A dispatch timer, not a task: on time however busy the task pool is.
                        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int.random(in: 10...150))) {
                            kill(pid, SIGKILL)
                        }
                    }
                } catch {
                    continuation.resume()
                }
            }
            if process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL { kills += 1 }
            let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            finished = process.terminationReason == .exit && process.terminationStatus == 0 && printed.contains("DONE")
        }
        #expect(finished, "the harness never finished")
        #expect(kills >= 8, "too few kills to prove anything (\(kills))")

        let store = try SQLiteStore(path: folder.appendingPathComponent("store.sqlite").path)
        var all: [ExecutionRecord] = []
        var cursor: String?
        repeat {
            let page = try await store.executions(ExecutionQuery(workflowId: "crashable", limit: 500, cursor: cursor))
            all += page.items
            cursor = page.nextCursor
        } while cursor != nil
        #expect(all.count == Self.executions, "executions lost or doubled: \(all.count)")
        let unsuccessful = all.filter { $0.status != .succeeded }
        #expect(unsuccessful.isEmpty, "\(unsuccessful.count) did not succeed, for example \(unsuccessful.first.map { "\($0.status) \($0.error?.message ?? "")" } ?? "")")
        #expect(Set(all.compactMap { $0.outputs?["n"] }).count == Self.executions)

        // Effects: "execution step attempt" lines.
        let lines = try String(contentsOf: effects, encoding: .utf8).split(separator: "\n").map { $0.split(separator: " ") }
        var effectCounts: [String: Int] = [:]
        for line in lines where line.count == 3 { effectCounts["\(line[0]) \(line[1]) \(line[2])", default: 0] += 1 }
        #expect(effectCounts.values.allSatisfy { $0 == 1 }, "an attempt's effect happened twice")
        var interrupted = 0
        for execution in all {
            let detail = try #require(try await store.executionDetail(id: execution.id))
            for stepId in ["first", "left", "right", "last"] {
                let attempts = detail.attempts.filter { $0.stepId == stepId }
                #expect(attempts.filter { $0.status == .succeeded }.count == 1)
                for attempt in attempts {
                    let effect = effectCounts.removeValue(forKey: "\(execution.id) \(stepId) \(attempt.number)")
                    if attempt.status == .succeeded { #expect(effect == 1, "a succeeded attempt left no effect") }
                    if attempt.error?.code == "interrupted" { interrupted += 1 }
                }
            }
        }
        #expect(effectCounts.isEmpty, "effects without a recorded attempt: \(effectCounts.keys.prefix(5))")
        print("crash test: \(kills) kills, \(interrupted) interrupted attempts retried, \(lines.count) effects")
    }
}
