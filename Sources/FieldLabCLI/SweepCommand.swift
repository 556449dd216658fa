import ArgumentParser

/// `fieldlab sweep`: run a sweep (the default), or report on one.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Vary control parameters over many training runs, then report observables and critical points.",
        discussion: """
        `fieldlab sweep --flow-matching --dataset moons --vary train-size=log:8:8192:11 --seeds 3 --jobs 2 \
        --out DIR` runs every point into DIR/points/<id>/; `fieldlab sweep report DIR` writes DIR/report/.
        """,
        subcommands: [SweepRunCommand.self, SweepReportCommand.self, SweepQualityCommand.self,
                      SweepSlurmCommand.self, SweepMergeCommand.self],
        defaultSubcommand: SweepRunCommand.self
    )
}
