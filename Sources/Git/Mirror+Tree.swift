import CGit2

extension Mirror {
    /// Every entry under `folder` ("" = the whole tree) of `commit`, recursively (directories not
    /// listed; symlinks and submodules listed with their kind), sorted by path.
    ///
    /// A folder that does not exist in the commit is an error with `isNotFound`.
    public func files(at commitSHA: String, under folder: String) throws(GitError) -> [TreeFile] {
        let commit = try lookupCommit(git_oid.parse(commitSHA, what: "commit"))
        let root = try OwnedHandle.make("git_commit_tree", release: git_tree_free, redactor: redactor) {
            git_commit_tree($0, commit.pointer)
        }
        let prefix = Self.normalize(folder)
        var start = root
        if !prefix.isEmpty {
            guard let entry = try treeEntry(root, path: prefix), git_tree_entry_type(entry.pointer) == GIT_OBJECT_TREE else {
                throw GitError(
                    code: GitError.notFoundCode, message: "no folder '\(prefix)' in commit \(commitSHA)",
                    call: "git_tree_entry_bypath")
            }
            start = try OwnedHandle.make("git_tree_lookup", release: git_tree_free, redactor: redactor) {
                git_tree_lookup($0, repository, git_tree_entry_id(entry.pointer))
            }
        }
        let database = try OwnedHandle.make("git_repository_odb", release: git_odb_free) { git_repository_odb($0, repository) }
        var result: [TreeFile] = []
        var pending: [(tree: OwnedHandle, path: String)] = [(start, prefix)]
        while let (tree, treePath) = pending.popLast() {
            for index in 0..<git_tree_entrycount(tree.pointer) {
                guard let entry = git_tree_entry_byindex(tree.pointer, index) else { continue }
                let name = String(cString: git_tree_entry_name(entry))
                let path = treePath.isEmpty ? name : treePath + "/" + name
                guard var id = git_tree_entry_id(entry)?.pointee else { continue }
                let mode = git_tree_entry_filemode(entry)
                switch mode {
                case GIT_FILEMODE_TREE:
                    let subtree = try OwnedHandle.make("git_tree_lookup", release: git_tree_free, redactor: redactor) {
                        git_tree_lookup($0, repository, &id)
                    }
                    pending.append((subtree, path))
                case GIT_FILEMODE_COMMIT:
                    result.append(TreeFile(path: path, kind: .submodule, size: 0, blobId: id.hex))
                default:
                    var size = 0
                    var type = GIT_OBJECT_ANY
                    try check(git_odb_read_header(&size, &type, database.pointer, &id), "git_odb_read_header", redactor)
                    let kind: TreeEntryKind = mode == GIT_FILEMODE_LINK ? .symbolicLink : .file
                    result.append(TreeFile(path: path, kind: kind, size: size, blobId: id.hex))
                }
            }
            withExtendedLifetime(tree) {}
        }
        return result.sorted { $0.path < $1.path }
    }

    /// For each path, the newest commit (walking from `commitSHA`, at most `limit` commits) that
    /// changed it, with author and message.
    ///
    /// A commit changed a path when the path's entry differs from its entry in every parent (a root
    /// commit: when the path exists). Deleting a path counts as changing it. Commits are walked
    /// newest first (topological, then by time); paths not changed within `limit` are absent.
    public func lastChanges(of paths: [String], from commitSHA: String, limit: Int = 10_000) throws(GitError) -> [String: CommitInfo] {
        var start = try git_oid.parse(commitSHA, what: "commit")
        _ = try lookupCommit(start)
        var remaining: [String: [String]] = [:]  // normalized path → the caller's spellings
        for path in paths { remaining[Self.normalize(path), default: []].append(path) }
        let walk = try OwnedHandle.make("git_revwalk_new", release: git_revwalk_free, redactor: redactor) {
            git_revwalk_new($0, repository)
        }
        try check(git_revwalk_sorting(walk.pointer, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue), "git_revwalk_sorting")
        try check(git_revwalk_push(walk.pointer, &start), "git_revwalk_push", redactor)
        var result: [String: CommitInfo] = [:]
        var visited = 0
        while visited < limit, !remaining.isEmpty {
            var oid = git_oid()
            let next = git_revwalk_next(&oid, walk.pointer)
            if next == GIT_ITEROVER.rawValue { break }
            try check(next, "git_revwalk_next", redactor)
            visited += 1
            let changed = try changedPaths(of: oid, among: Array(remaining.keys))
            guard !changed.isEmpty else { continue }
            let info = try commitInfo(oid)
            for path in changed {
                for spelling in remaining[path] ?? [] { result[spelling] = info }
                remaining[path] = nil
            }
        }
        return result
    }

    /// Which of `paths` the commit changed compared with all of its parents.
    private func changedPaths(of oid: git_oid, among paths: [String]) throws(GitError) -> [String] {
        let commit = try lookupCommit(oid)
        let tree = try OwnedHandle.make("git_commit_tree", release: git_tree_free, redactor: redactor) {
            git_commit_tree($0, commit.pointer)
        }
        var parentTrees: [OwnedHandle] = []
        for index in 0..<git_commit_parentcount(commit.pointer) {
            let parent = try OwnedHandle.make("git_commit_parent", release: git_commit_free, redactor: redactor) {
                git_commit_parent($0, commit.pointer, index)
            }
            let parentTree = try OwnedHandle.make("git_commit_tree", release: git_tree_free, redactor: redactor) {
                git_commit_tree($0, parent.pointer)
            }
            // Same tree as a parent: the commit changed nothing relative to it.
            if git_oid_equal(git_tree_id(parentTree.pointer), git_tree_id(tree.pointer)) != 0 { return [] }
            parentTrees.append(parentTree)
        }
        var changed: [String] = []
        for path in paths {
            let mine = try entryId(tree, path: path)
            if parentTrees.isEmpty {
                if mine != nil { changed.append(path) }
                continue
            }
            var differsFromAll = true
            for parentTree in parentTrees where try entryId(parentTree, path: path) == mine {
                differsFromAll = false
                break
            }
            if differsFromAll { changed.append(path) }
        }
        return changed
    }

    /// The entry at `path` of a tree, or nil when there is none.
    private func treeEntry(_ tree: OwnedHandle, path: String) throws(GitError) -> OwnedHandle? {
        var entry: OpaquePointer?
        let result = git_tree_entry_bypath(&entry, tree.pointer, path)
        if result == GitError.notFoundCode { return nil }
        try check(result, "git_tree_entry_bypath", redactor)
        return entry.map { OwnedHandle($0, release: git_tree_entry_free) }
    }

    /// The object id (and mode) at `path` of a tree, as a comparable string, or nil when absent.
    private func entryId(_ tree: OwnedHandle, path: String) throws(GitError) -> String? {
        if path.isEmpty { return git_tree_id(tree.pointer)?.pointee.hex }
        guard let entry = try treeEntry(tree, path: path) else { return nil }
        let id = git_tree_entry_id(entry.pointer)?.pointee.hex ?? ""
        return id + ":" + String(git_tree_entry_filemode(entry.pointer).rawValue)
    }

    /// A repository-relative path without leading, trailing or doubled slashes and without "." parts.
    static func normalize(_ path: String) -> String {
        path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }
}
