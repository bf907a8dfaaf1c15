/// The executable's name and version: the one place the version is written.
enum ProductInfo {
    /// The command name, used in usage text and error prefixes.
    static let name = "sovereign"
    /// The release version, printed by `sovereign --version` and written into SARIF output.
    static let version = "0.1.0"
}

/// Process exit statuses shared by every command.
enum ExitStatus {
    /// Success: for `lint`, no errors (and, with `--strict`, no warnings).
    static let success: Int32 = 0
    /// The command ran and found problems (lint errors, or warnings with `--strict`).
    static let failure: Int32 = 1
    /// A usage error (unknown command or option, missing argument) or an unreadable input.
    static let usageError: Int32 = 2
}
