import ArgumentParser
import Foundation

/// How a command reports: lines for a reader (the default), nothing but
/// errors (`--quiet`), or one JSON object on standard output (`--json`) for
/// scripts. Progress bars and notes on standard error are silenced by both.
enum OutputMode: Sendable {
    case text, quiet, json

    @TaskLocal static var current: OutputMode = .text
}

/// `--quiet` and `--json`, for commands that print results.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Print the results as one JSON object (and nothing else) on standard output.")
    var json = false

    func validate() throws {
        if quiet && json { throw ValidationError("--quiet and --json do not go together: choose one") }
    }

    var mode: OutputMode { json ? .json : quiet ? .quiet : .text }

    /// Runs `body` with this mode in force.
    func run(_ body: () throws -> Void) rethrows {
        try OutputMode.$current.withValue(mode) { try body() }
    }
}

/// A progress note on standard error (silenced by `--quiet` and `--json`).
func note(_ line: String) {
    guard OutputMode.current == .text else { return }
    FieldLabCommand.printError(line)
}

/// Prints `value` as one line of JSON with sorted keys, in `--json` mode only.
func sayResult<T: Encodable>(_ value: T) throws {
    guard OutputMode.current == .json else { return }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
    fflush(nil)
}

/// What `--json` prints for a command whose result is a file: where it went
/// and how many things (points, frames, datasets, scales) it holds.
struct WrittenFile: Encodable {
    var out: String
    var count: Int
    var unit: String
}
