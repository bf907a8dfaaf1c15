import Expressions
import Testing

@Suite struct ReferencesTests {
    @Test func dotAndBracketForms() {
        let program = #".steps.fetch.output.body + .steps["send-mail"].status + .steps."b_2""#
        #expect(References.steps(in: program) == [
            StepReference(stepId: "fetch", offset: 7),
            StepReference(stepId: "send-mail", offset: 35),
            StepReference(stepId: "b_2", offset: 64),
        ])
    }

    @Test func dashedDotFormStopsAtDash() {
        #expect(References.steps(in: ".steps.a-b").map(\.stepId) == ["a"])
    }

    @Test func skipsStringsAndPathSuffixes() {
        #expect(References.steps(in: #"".steps.fake" | .x.steps.nope | .steps[0]"#).isEmpty)
        #expect(References.steps(in: #""id: \(.steps.real.id)""#).map(\.stepId) == ["real"])
        #expect(References.steps(in: "if .steps.a then (.steps.b) else [.steps.c] end").map(\.stepId) == ["a", "b", "c"])
    }
}
