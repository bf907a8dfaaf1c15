// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Sovereign",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sovereign", targets: ["sovereign"])
    ],
    targets: [
        // C libraries from Debian packages: module map + shim.h only.
        .systemLibrary(
            name: "CYAML", path: "Sources/CYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(
            name: "CJQ", path: "Sources/CJQ",
            providers: [.apt(["libjq-dev", "libonig-dev"])]),
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CMicroHTTPD", path: "Sources/CMicroHTTPD", pkgConfig: "libmicrohttpd",
            providers: [.apt(["libmicrohttpd-dev"])]),
        .systemLibrary(
            name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]),
        .systemLibrary(
            name: "CGit2", path: "Sources/CGit2", pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]),

        // Swift modules, bottom-up (DESIGN.md §5).
        .target(name: "Model"),
        .target(name: "YAML", dependencies: ["CYAML"]),
        .target(name: "JSONSchema", dependencies: ["Model"]),
        .target(name: "Cron"),
        .target(name: "Expressions", dependencies: ["CJQ", "Model"]),
        .target(name: "Loader", dependencies: ["Model", "YAML", "Expressions", "JSONSchema"]),
        .target(name: "Lint", dependencies: ["Loader", "Model", "Expressions", "JSONSchema", "Cron"]),
        .target(name: "SQLite", dependencies: ["CSQLite"]),
        .target(name: "Crypto", dependencies: ["COpenSSL"]),
        .target(name: "Git", dependencies: ["CGit2", "Crypto"]),
        .target(name: "Store", dependencies: ["Model"]),
        .target(name: "StoreSQLite", dependencies: ["Store", "SQLite", "Model"]),
        .target(name: "Engine", dependencies: ["Model", "Store", "Expressions", "JSONSchema", "Crypto"]),
        .target(name: "Connectors", dependencies: ["Engine", "Model"]),
        .target(name: "Scheduling", dependencies: ["Engine", "Store", "Model", "Cron"]),
        .target(name: "HTTPServer", dependencies: ["CMicroHTTPD"]),
        .target(name: "GitSync", dependencies: ["Git", "Loader", "Lint", "Store", "Engine", "Model", "Crypto"]),
        .target(name: "Auth", dependencies: ["COpenSSL", "Crypto", "Model"]),
        .target(name: "API", dependencies: ["Engine", "Scheduling", "Store", "HTTPServer", "Auth", "Model", "Crypto"]),
        .target(
            name: "App",
            dependencies: [
                "API", "Engine", "Connectors", "Store", "StoreSQLite", "HTTPServer", "Auth", "Loader", "Lint", "YAML", "Model",
                "GitSync", "Git", "Crypto", "Scheduling",
            ]),
        // Test support: runs an engine in a child process so tests can kill it (crash safety).
        .executableTarget(
            name: "EngineHarness", dependencies: ["Engine", "Connectors", "StoreSQLite", "Store", "Loader", "Model"]),
        // Benchmarks (bench/run): engine speed and memory, printed as a table.
        .executableTarget(
            name: "EngineBenchmark",
            dependencies: ["Engine", "Scheduling", "Connectors", "StoreSQLite", "Store", "Loader", "Model", "GitSync", "SQLite"]),
        .executableTarget(
            name: "sovereign",
            dependencies: ["Lint", "Loader", "Model", "Engine", "Connectors", "Store", "StoreSQLite", "App", "Auth", "GitSync", "Git"]),

        .testTarget(name: "YAMLTests", dependencies: ["YAML"]),
        .testTarget(name: "JSONSchemaTests", dependencies: ["JSONSchema", "Model"]),
        .testTarget(name: "CronTests", dependencies: ["Cron"]),
        .testTarget(name: "ExpressionsTests", dependencies: ["Expressions", "Model"]),
        .testTarget(name: "LoaderTests", dependencies: ["Loader", "Model"], exclude: ["Fixtures"]),
        .testTarget(name: "LintTests", dependencies: ["Lint", "Loader", "Model"]),
        .testTarget(name: "CLITests", dependencies: ["Model", "TestSupport"]),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite"]),
        .testTarget(name: "GitTests", dependencies: ["Git", "Crypto", "TestSupport"]),
        .testTarget(
            name: "GitSyncTests",
            dependencies: ["GitSync", "Git", "Crypto", "Engine", "Connectors", "StoreSQLite", "Store", "Model", "TestSupport"]),
        .testTarget(name: "StoreSQLiteTests", dependencies: ["StoreSQLite", "Store", "Model"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Connectors", "StoreSQLite", "Store", "Model", "Loader"]),
        .testTarget(name: "SchedulingTests", dependencies: ["Scheduling", "Engine", "Connectors", "StoreSQLite", "Store", "Model", "Loader", "YAML"]),
        .testTarget(name: "ConnectorsTests", dependencies: ["Connectors", "Engine", "Model"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer"]),
        // Helpers shared by test targets (a real file server for HTTP peers).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "AuthTests", dependencies: ["Auth", "Model", "TestSupport"]),
        .testTarget(name: "APITests", dependencies: ["App", "API", "Scheduling", "GitSync", "Auth", "Engine", "Store", "StoreSQLite", "Model", "HTTPServer", "Crypto", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
