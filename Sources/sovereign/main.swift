import Foundation

// Entry point: parse, dispatch, flush, exit. Everything else lives in the command files.
let status = await CommandLineTool.run(
    arguments: Array(CommandLine.arguments.dropFirst()),
    console: Console.standard(environment: ProcessInfo.processInfo.environment))
fflush(nil)
exit(status)
