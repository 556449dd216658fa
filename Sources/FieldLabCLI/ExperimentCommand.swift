import ArgumentParser
import FieldLabPhases
import Foundation
import FieldLabCore

/// `fieldlab experiment NAME`: one published transition, reproduced and
/// reported (see `fieldlab experiment --list`).
struct ExperimentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment",
        abstract: "Reproduce a published transition (memorisation, collapse, …) and write its report.",
        discussion: """
        Runs the experiment's sweeps (resumable: a second run reuses every finished point, kept in \
        --runs), locates its critical values with 95 % intervals, draws its charts and writes \
        README.md into --out, with the command that made it and a comparison with the paper. \
        --quick is the small variant the test suite runs. Experiments: \
        \(PhaseCatalog.experiments.map { "\($0.name) (\($0.title))" }.joined(separator: "; ")).
        """
    )

    @Argument(help: "The experiment: \(PhaseCatalog.names.joined(separator: ", ")).")
    var name: String?

    @Flag(help: "List the experiments and exit.")
    var list = false

    @Flag(help: "The small variant (fewer points, shorter training): well under a minute.")
    var quick = false

    @Option(help: "The report folder (default: notebooks-exported/phases/NAME, or out/phases-quick/NAME with --quick).")
    var out: String?

    @Option(help: "The folder for the raw runs, shared by the experiments, each sweep in its own subfolder (default: out/phases, or out/phases-quick/runs with --quick).")
    var runs: String?

    @Option(help: "Sweep points run side by side, one core each.")
    var jobs: Int = 2

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if !list {
            guard let name else { throw ValidationError("give an experiment name (\(PhaseCatalog.names.joined(separator: ", "))) or --list") }
            guard PhaseCatalog.names.contains(name) else {
                throw ValidationError("unknown experiment '\(name)' (known: \(PhaseCatalog.names.joined(separator: ", ")))")
            }
        }
    }

    func run() throws {
        Interruption.setMessage("its finished sweep points are kept: the same command resumes")
        if list {
            for e in PhaseCatalog.experiments { print("\(e.name): \(e.title) (\(e.papers))") }
            return
        }
        let name = name!
        let reportFolder = out ?? (quick ? "out/phases-quick/\(name)" : "notebooks-exported/phases/\(name)")
        let runsFolder = runs ?? (quick ? "out/phases-quick/runs" : "out/phases")
        let context = ExperimentContext(quick: quick, jobs: jobs, reportFolder: reportFolder, runsFolder: runsFolder,
                                        command: FieldLabCommand.invocation) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        let outcome = try PhaseCatalog.run(name, context: context)
        for c in outcome.criticalValues {
            print(String(format: "%@: %@  (%@)", c.name, ExperimentFormatting.interval(c), c.method))
        }
        for c in outcome.claims { print("\(c.holds ? "holds" : "does not hold"): \(c.statement) — \(c.detail)") }
        print(String(format: "experiment %@ finished in %.1f s (%.1f min) → %@/README.md", name, outcome.seconds,
                     outcome.seconds / 60, outcome.reportFolder))
    }
}
