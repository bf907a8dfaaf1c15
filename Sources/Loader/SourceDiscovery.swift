import Foundation

/// A file to load: the path to show users and whether it is a symbolic link.
public struct SourceFileReference: Sendable, Hashable {
    /// The path as users see it (relative when they gave a relative path).
    public let path: String
    /// Links are reported and skipped, as the reconciler does.
    public let isSymbolicLink: Bool

    /// Creates a reference.
    public init(path: String, isSymbolicLink: Bool = false) {
        self.path = path
        self.isSymbolicLink = isSymbolicLink
    }
}

/// A path that cannot be linted: it does not exist or cannot be read.
public struct SourceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path as given.
    public let path: String
    /// What is wrong.
    public let reason: String

    public var description: String { "\(path): \(reason)" }
}

/// Finds the YAML files under the paths a user names.
public enum SourceDiscovery {
    /// File extensions the reconciler reads.
    public static let extensions: Set<String> = ["yaml", "yml"]

    /// Every `*.yaml`/`*.yml` file under `paths`, sorted, without duplicates. A file named directly is
    /// taken whatever its extension. Hidden folders (`.git`) are skipped.
    public static func files(under paths: [String]) throws(SourceError) -> [SourceFileReference] {
        var found: [SourceFileReference] = []
        var seen: Set<String> = []
        let fileManager = FileManager.default
        for given in paths {
            var isDirectory: ObjCBool = false
            let isLink = (try? fileManager.destinationOfSymbolicLink(atPath: given)) != nil
            guard fileManager.fileExists(atPath: given, isDirectory: &isDirectory) || isLink else {
                throw SourceError(path: given, reason: "no such file or directory")
            }
            if isDirectory.boolValue && !isLink {
                for reference in try walk(directory: given) where seen.insert(reference.path).inserted {
                    found.append(reference)
                }
            } else if seen.insert(given).inserted {
                found.append(SourceFileReference(path: given, isSymbolicLink: isLink))
            }
        }
        return found
    }

    private static func walk(directory: String) throws(SourceError) -> [SourceFileReference] {
        let fileManager = FileManager.default
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        guard let enumerator = fileManager.enumerator(atPath: directory) else {
            throw SourceError(path: directory, reason: "cannot read the directory")
        }
        var references: [SourceFileReference] = []
        while let relative = enumerator.nextObject() as? String {
            let full = base.isEmpty ? relative : "\(base)/\(relative)"
            let name = (relative as NSString).lastPathComponent
            let attributes = enumerator.fileAttributes
            let type = attributes?[.type] as? FileAttributeType
            // Hidden files and folders (`.git`, `.github`, editor backups) are not definitions.
            if name.hasPrefix(".") {
                if type == .typeDirectory { enumerator.skipDescendants() }
                continue
            }
            if type == .typeSymbolicLink, fileManager.isDirectoryFollowingLinks(full) {
                references.append(SourceFileReference(path: full, isSymbolicLink: true))
                continue
            }
            let fileExtension = (name as NSString).pathExtension.lowercased()
            guard extensions.contains(fileExtension) else { continue }
            if type == .typeSymbolicLink {
                references.append(SourceFileReference(path: full, isSymbolicLink: true))
            } else if type == .typeRegular {
                references.append(SourceFileReference(path: full, isSymbolicLink: false))
            }
        }
        return references.sorted { $0.path < $1.path }
    }
}

extension FileManager {
    /// Whether `path` is a directory once links are followed.
    func isDirectoryFollowingLinks(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
