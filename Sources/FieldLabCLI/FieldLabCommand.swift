import ArgumentParser
import Foundation
import FieldLabCore

/// `fieldlab`: train, sample, draw and compare diffusion, flow-matching and
/// Poisson-flow generators on 2D data.
public struct FieldLabCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fieldlab",
        abstract: "Train, sample and draw diffusion, flow-matching and Poisson-flow generators on 2D data.",
        discussion: """
        Shell completion: `fieldlab --generate-completion-script bash|zsh|fish`. The manual page \
        (docs/man/fieldlab.1) is generated from this same help text.
        """,
        version: FieldLabCommand.version,
        subcommands: [TrainCommand.self, SampleCommand.self, DataCommand.self, RenderCommand.self, FieldCommand.self,
                      FieldErrorCommand.self, CompareCommand.self, ReportCommand.self,
                      SweepCommand.self, KneeCommand.self, ExperimentCommand.self, BenchCommand.self]
    )

    public init() {}

    /// This FieldLab's version (`fieldlab --version`).
    public static let version = "0.14.0"

    /// Runs the command line. Errors print as one line on standard error
    /// ("error: …") with a non-zero exit status; help goes to standard output.
    public static func main(_ arguments: [String]? = nil) -> Never {
        // SIGINT/SIGTERM: unfinished outputs removed, one line, exit 130/143.
        Interruption.install { line in
            let bytes = Array((line + "\n").utf8)
            _ = bytes.withUnsafeBytes { Foundation.write(2, $0.baseAddress, $0.count) }
        }
        let status = run(arguments ?? Array(CommandLine.arguments.dropFirst()))
        Foundation.exit(status)
    }

    /// Parses and runs `arguments`; returns the exit status (used by tests in-process).
    public static func run(_ arguments: [String], errorOutput: (String) -> Void = { printError($0) }) -> Int32 {
        $arguments.withValue(arguments) { runParsed(arguments, errorOutput: errorOutput) }
    }

    /// The arguments of the command line being run (in-process runs included).
    @TaskLocal static var arguments: [String] = []

    private static func runParsed(_ arguments: [String], errorOutput: (String) -> Void) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                return 0
            }
            errorOutput(oneLineMessage(for: error))
            return code.rawValue == 0 ? 1 : code.rawValue
        }
    }

    /// The error as one line, without usage text.
    public static func oneLineMessage(for error: Error) -> String {
        let message = message(for: error).trimmingCharacters(in: .whitespacesAndNewlines)
        let first = message.split(separator: "\n").first.map(String.init) ?? "failed"
        return "error: " + (first.hasPrefix("Error: ") ? String(first.dropFirst(7)) : first)
    }

    public static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// This process's command line as a user would retype it (`fieldlab …`,
    /// arguments with spaces or quotes in single quotes), for the reports'
    /// "Made by" line.
    static var invocation: String {
        (["fieldlab"] + arguments.map(shellWord)).joined(separator: " ")
    }

    /// `word` as one shell word: as it is when it is plain, else in single quotes.
    static func shellWord(_ word: String) -> String {
        guard word.isEmpty || word.contains(where: { " '\"$`\\*?[]{}()<>|&;#~!\t\n".contains($0) }) else { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
