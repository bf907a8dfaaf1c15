@testable import Engine
import Model
import Testing

@Suite struct BackoffTests {
    @Test func fixedExponentialCappedAndJittered() {
        let fixed = RetryPolicy(maxAttempts: 5, backoff: .fixed, initialInterval: TimeSpan(milliseconds: 2_000), jitter: false)
        #expect((1...4).map { Backoff.delay(after: $0, policy: fixed) } == [2, 2, 2, 2])
        let exponential = RetryPolicy(
            maxAttempts: 10, backoff: .exponential, initialInterval: TimeSpan(milliseconds: 1_000),
            maxInterval: TimeSpan(milliseconds: 10_000), multiplier: 3, jitter: false)
        #expect((1...5).map { Backoff.delay(after: $0, policy: exponential) } == [1, 3, 9, 10, 10])
        var jittered = exponential
        jittered.jitter = true
        for attempt in 1...5 {
            let plain = Backoff.delay(after: attempt, policy: exponential)
            let delay = Backoff.delay(after: attempt, policy: jittered)
            #expect(delay >= plain * 0.8 && delay <= plain * 1.2)
        }
    }
}
