import CGit2

/// The git repository that contains `folder` (git_repository_discover), or nil. For the default
/// source "this repository".
///
/// Returns the work tree's root for a repository with a work tree, else the repository folder
/// itself (a bare repository). Either can be given to `Mirror` as its URL.
public func discoverRepository(containing folder: String) -> String? {
    _ = libraryInitialization
    var buffer = sovereign_git_buf_init()
    defer { git_buf_dispose(&buffer) }
    guard git_repository_discover(&buffer, folder, 0, nil) == 0, let pointer = buffer.ptr else { return nil }
    let repositoryFolder = String(cString: pointer)
    var repository: OpaquePointer?
    let flags = GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue
    if git_repository_open_ext(&repository, repositoryFolder, flags, nil) == 0, let repository {
        let workdir = OwnedHandle(repository, release: git_repository_free).withPointer { repository in
            git_repository_workdir(repository).map { String(cString: $0) }
        }
        if let workdir { return withoutTrailingSlash(workdir) }
    }
    return withoutTrailingSlash(repositoryFolder)
}

private func withoutTrailingSlash(_ path: String) -> String {
    path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
}

/// Process-wide libgit2 settings.
public enum GitLibrary {
    /// The libgit2 version in use, e.g. "1.5.1".
    public static var version: String {
        _ = libraryInitialization
        var major: Int32 = 0
        var minor: Int32 = 0
        var revision: Int32 = 0
        git_libgit2_version(&major, &minor, &revision)
        return "\(major).\(minor).\(revision)"
    }

    /// Whether libgit2 refuses repositories owned by another user (safe.directory); on by default.
    /// Mirrors are opened bare and never checked; this matters for fetching from a local path.
    public static var ownerValidation: Bool {
        _ = libraryInitialization
        var enabled: Int32 = 1
        _ = sovereign_git_get_owner_validation(&enabled)
        return enabled != 0
    }

    /// Turns the ownership check off or on for the whole process (affects every thread).
    public static func setOwnerValidation(_ enabled: Bool) throws(GitError) {
        _ = libraryInitialization
        try check(sovereign_git_set_owner_validation(enabled ? 1 : 0), "git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION)")
    }
}
