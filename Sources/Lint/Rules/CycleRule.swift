import Loader
import Model

/// SW204: `needs` must form a DAG; a cycle is printed step by step.
struct CycleRule: WorkflowRule {
    let code = "SW204"
    let title = "Cycle in `needs`"

    func check(_ unit: WorkflowUnit) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for cycle in StepGraph(unit.workflow).cycles() {
            let first = cycle[0]
            let position = unit.workflow.steps.firstIndex { $0.id == first } ?? 0
            let path = (cycle + [first]).map { "`\($0)`" }.joined(separator: " → ")
            diagnostics.append(
                Diagnostic(
                    code: code,
                    message: "steps form a cycle through `needs`: \(path); remove one of these needs",
                    location: unit.document.location(of: StepPaths.field(position, "needs"), key: true)))
        }
        return diagnostics
    }
}

/// The `needs` graph of one workflow.
struct StepGraph {
    let order: [String]
    let needs: [String: [String]]

    init(_ workflow: Workflow) {
        order = workflow.steps.map(\.id)
        var needs: [String: [String]] = [:]
        for step in workflow.steps where needs[step.id] == nil {
            needs[step.id] = step.needs.filter { $0 != step.id }
        }
        self.needs = needs
    }

    /// Each elementary cycle found by a depth-first search, reported once.
    func cycles() -> [[String]] {
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        var stack: [String] = []
        var found: [[String]] = []
        func visit(_ id: String) {
            marks[id] = .visiting
            stack.append(id)
            for next in needs[id] ?? [] where needs[next] != nil {
                switch marks[next] {
                case nil: visit(next)
                case .visiting?:
                    let start = stack.lastIndex(of: next)!
                    // Print in execution order (what must run first comes first), starting from
                    // the step written first, so the message is stable.
                    let cycle = Array(stack[start...].reversed())
                    let first = cycle.indices.min { order.firstIndex(of: cycle[$0])! < order.firstIndex(of: cycle[$1])! }!
                    found.append(Array(cycle[first...] + cycle[..<first]))
                case .done?: break
                }
            }
            stack.removeLast()
            marks[id] = .done
        }
        for id in order where marks[id] == nil { visit(id) }
        return found
    }

    /// Steps guaranteed to have finished before `id` starts: its transitive `needs`.
    func ancestors(of id: String) -> Set<String> {
        var result: Set<String> = []
        var pending = needs[id] ?? []
        while let next = pending.popLast() {
            if result.insert(next).inserted { pending += needs[next] ?? [] }
        }
        return result
    }
}
