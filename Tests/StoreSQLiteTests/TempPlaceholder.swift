import Testing
@Test func placeholderUntilMerge() { #expect(Bool(true)) }
