/// The engine's queue of work, first in first out. Taking from the front costs what is taken, not
/// what stays: a burst queues 10,000 starts and the loop takes them a batch at a time.
struct WorkQueue {
    private var items: [Work] = []
    /// Items before this index were taken.
    private var head = 0

    var isEmpty: Bool { head == items.count }
    var count: Int { items.count - head }
    var first: Work? { isEmpty ? nil : items[head] }

    mutating func append(_ work: Work) { items.append(work) }

    mutating func append(contentsOf work: [Work]) { items.append(contentsOf: work) }

    /// Makes room for `additional` more items (the taken ones still occupy the front).
    mutating func reserveCapacity(_ additional: Int) { items.reserveCapacity(items.count + additional) }

    /// Removes and returns up to `limit` items from the front, as long as `condition` holds.
    mutating func takeFirst(_ limit: Int, while condition: (Work) -> Bool = { _ in true }) -> [Work] {
        var end = head
        while end < items.count, end - head < limit, condition(items[end]) { end += 1 }
        let taken = Array(items[head..<end])
        head = end
        compact()
        return taken
    }

    /// Puts `work` back at the front, in order (a batch that could not run).
    mutating func putBack(_ work: [Work]) {
        items.replaceSubrange(head..<head, with: work)
    }

    /// Removes and returns everything.
    mutating func takeAll() -> [Work] { takeFirst(count) }

    /// Drops the taken items once they are the larger part, so memory stays bounded.
    private mutating func compact() {
        if head == items.count {
            items.removeAll(keepingCapacity: items.count <= 4_096)
            head = 0
        } else if head >= 1_024 && head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
    }
}
