import ArgumentParser
import FieldLabExperiments

/// `fieldlab sweep merge`: shards of one sweep that ran into different folders, joined.
struct SweepMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join shards of one sweep that ran into different folders (e.g. node-local scratch) into one.",
        discussion: """
        Every folder must hold the same sweep. Each point appears once: a point finished in several \
        folders with identical results (timings aside) is kept once; different results are refused, \
        naming the points, and nothing is written. Planned points that no folder finished are listed.
        """
    )

    @Argument(help: "The sweep folders to join.")
    var folders: [String]

    @Option(help: "The merged sweep folder (new, or holding the same sweep).")
    var out: String

    func validate() throws {
        guard !folders.isEmpty else { throw ValidationError("give the sweep folders to merge") }
    }

    func run() throws {
        let summary = try SweepMerge.merge(folders, into: out)
        say("sweep merge: \(folders.count) folders, \(summary.planned) points in the plan: \(summary.merged) in \(out) "
            + "(\(summary.copied) copied, \(summary.identicalDuplicates) identical duplicates kept once), "
            + "\(summary.missing.count) missing")
        if !summary.missing.isEmpty {
            say("missing (no folder finished them; a sweep run or a resubmitted array runs them): "
                + summary.missing.map { "\($0.id) (index \($0.index))" }.joined(separator: ", "))
        }
        if !summary.notInPlan.isEmpty {
            FieldLabCommand.printError("warning: \(summary.notInPlan.count) point folders are not in the plan and were left out: "
                + summary.notInPlan.prefix(5).joined(separator: ", ") + (summary.notInPlan.count > 5 ? ", …" : ""))
        }
    }
}
