@testable import Engine
import Foundation
import Store
import Testing

/// The engine's queue: first in, first out, whatever is taken, put back or compacted.
@Suite struct WorkQueueTests {
    static func task(_ number: Int) -> Work {
        .task(TaskRecord(executionId: "e\(number)", kind: .advance, dueAt: Date(timeIntervalSince1970: 0)))
    }

    static func numbers(_ work: [Work]) -> [Int] {
        work.map { item in
            guard case .task(let task) = item else { return -1 }
            return Int(task.executionId.dropFirst())!
        }
    }

    @Test func takesInOrderAcrossCompactions() {
        var queue = WorkQueue()
        for number in 0..<5_000 { queue.append(Self.task(number)) }
        var taken: [Int] = []
        while !queue.isEmpty {
            taken += Self.numbers(queue.takeFirst(512))
            if taken.count == 2_048 { queue.append(contentsOf: (5_000..<5_010).map(Self.task)) }
        }
        #expect(taken == Array(0..<5_010))
        #expect(queue.count == 0)
        #expect(queue.first == nil)
    }

    @Test func takesWhileTheConditionHoldsAndPutsBackAtTheFront() {
        var queue = WorkQueue()
        for number in 0..<10 { queue.append(Self.task(number)) }
        let small = queue.takeFirst(100) { item in Self.numbers([item])[0] < 4 }
        #expect(Self.numbers(small) == [0, 1, 2, 3])
        queue.putBack(small)
        #expect(queue.count == 10)
        #expect(Self.numbers(queue.takeAll()) == Array(0..<10))
    }
}
