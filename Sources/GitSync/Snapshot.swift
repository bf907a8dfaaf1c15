import Foundation
import Git
import Lint
import Loader
import Model

/// The definitions of one commit, loaded and linted as one set (the same loader and rules as
/// `sovereign lint`), with the safety checks of a repository we do not control.
struct Snapshot {
    var files: [LoadedFile]
    /// The blob (and path) each file came from: unchanged blobs mean unchanged content.
    var blobKeys: [String: String] = [:]
    var diagnostics: [Diagnostic]
    /// Why the whole commit is refused beyond per-file errors (total size); also one of `diagnostics`.
    var refusal: String?

    var errorCount: Int { diagnostics.count { $0.severity == .error } }

    /// Loads and lints `commit`. `cache` holds files linted at earlier commits, by blob and path:
    /// their own findings are reused, and only the rules across files run over the whole set again.
    static func load(mirror: Mirror, commit: String, settings: SyncSettings, cache: inout [String: LintedFile]) throws -> Snapshot {
        var (entries, diagnostics) = definitionFiles(try mirror.files(at: commit, under: settings.folder), settings: settings)
        // Sizes come from the tree: an oversized commit is refused before any blob is read.
        let total = entries.reduce(0) { $0 + $1.size }
        if total > settings.maximumTotalBytes {
            let folder = settings.folder.isEmpty ? "the repository" : "`\(settings.folder)`"
            let refusal =
                "the definitions under \(folder) add up to \(total) bytes, over the limit of \(settings.maximumTotalBytes) bytes: the commit is refused whole and the last good commit stays live; remove or shrink files, or sync a smaller Git__Path"
            let location = SourceLocation(path: settings.folder.isEmpty ? "." : settings.folder, line: 1, column: 1)
            diagnostics.append(Diagnostic(code: "SW003", message: refusal, location: location))
            return Snapshot(files: [], diagnostics: diagnostics, refusal: refusal)
        }
        var used: [String: LintedFile] = [:]
        defer { cache = used }
        // Files in path order: a cache key, and the file when it was linted before.
        var order: [(key: String, known: LintedFile?)] = []
        var fresh: [LoadedFile] = []
        var blobKeys: [String: String] = [:]
        for entry in entries {
            // Same blob at the same path: the file is loaded and linted already (blobs are immutable).
            let key = entry.blobId + " " + entry.path
            blobKeys[entry.path] = key
            if let known = cache[key] {
                order.append((key, known))
                continue
            }
            let bytes = try mirror.blob(entry.blobId, limit: settings.maximumFileBytes)
            order.append((key, nil))
            fresh.append(Loader.load(bytes: bytes, path: entry.path))
        }
        // New files are analyzed in one batch (their jq programs compile together).
        var analyzed = Linter.analyze(fresh).makeIterator()
        var files: [LintedFile] = []
        for (key, known) in order {
            guard let file = known ?? analyzed.next() else { continue }
            files.append(file)
            used[key] = file
        }
        let report = Linter.lint(analyzed: files)
        return Snapshot(
            files: files.map(\.file), blobKeys: blobKeys, diagnostics: diagnostics + report.diagnostics, refusal: nil)
    }

    /// The YAML files to load, and warnings and errors about the entries left out: links and
    /// submodules are skipped, files over the size limit are errors.
    private static func definitionFiles(_ tree: [TreeFile], settings: SyncSettings) -> ([TreeFile], [Diagnostic]) {
        var files: [TreeFile] = []
        var diagnostics: [Diagnostic] = []
        for entry in tree {
            let components = entry.path.split(separator: "/")
            // Hidden files and folders are not definitions (as lint skips them).
            if components.contains(where: { $0.hasPrefix(".") }) { continue }
            let lowered = entry.path.lowercased()
            let isYAML = lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml")
            let start = SourceLocation(path: entry.path, line: 1, column: 1)
            switch entry.kind {
            case .symbolicLink where isYAML:
                diagnostics.append(
                    Diagnostic(
                        code: "SW005", severity: .warning,
                        message: "symbolic link skipped: the reconciler never follows links", location: start))
            case .submodule:
                diagnostics.append(
                    Diagnostic(code: "SW005", severity: .warning, message: "submodule skipped: submodules are not synced", location: start))
            case .file where isYAML && entry.size > settings.maximumFileBytes:
                diagnostics.append(
                    Diagnostic(
                        code: "SW003",
                        message: "file is \(entry.size) bytes; the limit is \(settings.maximumFileBytes): split it into smaller files",
                        location: start))
            case .file where isYAML:
                files.append(entry)
            default:
                continue
            }
        }
        return (files, diagnostics)
    }

    /// Every valid resource with its file.
    var resources: [(resource: Resource, path: String, blobKey: String)] {
        files.flatMap(\.documents).compactMap { document in
            document.resource.map { ($0, document.path, (blobKeys[document.path] ?? document.path) + "#\(document.index)") }
        }
    }
}
