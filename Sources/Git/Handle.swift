import CGit2

/// libgit2 is initialised once, lazily and thread-safely, by the first use of this module.
let libraryInitialization: Int32 = git_libgit2_init()

/// Owns one libgit2 object and frees it with its `*_free` function when released.
final class OwnedHandle {
    /// The libgit2 object; valid while this handle is alive.
    let pointer: OpaquePointer
    private let release: @convention(c) (OpaquePointer?) -> Void

    init(_ pointer: OpaquePointer, release: @escaping @convention(c) (OpaquePointer?) -> Void) {
        self.pointer = pointer
        self.release = release
    }

    deinit { release(pointer) }

    /// Runs `body` with the object, keeping this handle (and memory the object owns) alive until it returns.
    func withPointer<Result, Failure: Error>(_ body: (OpaquePointer) throws(Failure) -> Result) throws(Failure) -> Result {
        defer { withExtendedLifetime(self) {} }
        return try body(pointer)
    }

    /// Calls a libgit2 constructor `body(&out)` and takes ownership of what it returns.
    static func make(
        _ call: String, release: @escaping @convention(c) (OpaquePointer?) -> Void, redactor: Redactor = Redactor(),
        _ body: (UnsafeMutablePointer<OpaquePointer?>) -> Int32
    ) throws(GitError) -> OwnedHandle {
        var pointer: OpaquePointer?
        try check(body(&pointer), call, redactor)
        guard let pointer else {
            throw GitError(code: GitError.invalidArgumentCode, message: "returned no object", call: call)
        }
        return OwnedHandle(pointer, release: release)
    }
}

extension git_oid {
    /// The 40-digit lowercase hex form.
    var hex: String {
        var copy = self
        var buffer = [CChar](repeating: 0, count: Int(GIT_OID_HEXSZ))
        git_oid_fmt(&buffer, &copy)
        return String(decoding: buffer.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Parses a full 40-digit hex object id; anything else is refused with a clear error.
    static func parse(_ text: String, what: String) throws(GitError) -> git_oid {
        let isHex = text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) || (65...70).contains($0) }
        guard text.utf8.count == Int(GIT_OID_HEXSZ), isHex else {
            throw GitError(
                code: GitError.invalidArgumentCode, message: "'\(text)' is not a full 40-digit \(what) id",
                call: "git_oid_fromstr")
        }
        var oid = git_oid()
        try check(git_oid_fromstr(&oid, text), "git_oid_fromstr")
        return oid
    }
}
