import ArgumentParser
import Foundation
import Synchronization
import FieldLabCore
import FieldLabExperiments
import FieldLabMethods
import FieldLabNeural

struct SweepRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the points of a sweep that its folder does not hold yet.",
        discussion: """
        Every combination of the --vary values, times --seeds seeds, is one point: one training run \
        (as `train` runs it) written whole to DIR/points/<id>/ with its training set (training-set.csv), \
        its samples and result.json (configuration, final observables, timings). The id is a hash of the \
        point's configuration, seed included. Parameters: \(SweepParameter.allCases.map(\.rawValue).joined(separator: ", ")). \
        Values: V1,V2,… or log:START:END:COUNT or lin:START:END:COUNT. The same command again runs only \
        the missing points; failed points are retried with --retry-failed.
        """
    )

    @OptionGroup var sweep: SweepArguments

    @Option(help: "Points run side by side, one core each.")
    var jobs: Int = 1

    @Option(help: "Run only the points whose index mod N is I (I/N), for job arrays; `slurm` reads I and N from SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT.")
    var shard: String?

    @Flag(name: .customLong("retry-failed"), help: "Run points that failed in an earlier run again.")
    var retryFailed = false

    func validate() throws {
        guard jobs >= 1, jobs <= 256 else { throw ValidationError("--jobs must be from 1 to 256, got \(jobs)") }
    }

    func run() throws {
        Interruption.setMessage("its finished points are kept: the same command resumes")
        let specification = try sweep.specification()
        let shard = try shard.map { try SweepShard(parsing: $0, environment: ProcessInfo.processInfo.environment) } ?? .all
        let folder = SweepFolder(sweep.out)
        let label = "sweep" + (shard.count > 1 ? " shard \(shard)" : "")
        let progress = Mutex(ProgressBar(label: label, total: 1, unit: "points"))
        let summary = try SweepRunner.run(
            specification, in: folder, options: .init(jobs: jobs, shard: shard, retryFailed: retryFailed)
        ) { event in
            switch event {
            case let .planned(total, inShard, finished, skipped, toRun):
                say("\(label): \(total) points in the plan, \(inShard) in this shard; \(finished) finished, "
                    + "\(skipped) failed earlier\(skipped > 0 ? " (--retry-failed runs them)" : ""), \(toRun) to run")
                progress.withLock { $0 = ProgressBar(label: label, total: toRun, unit: "points") }
            case let .setAside(id, reason):
                FieldLabCommand.printError("warning: point \(id): \(reason); set aside in \(folder.corruptPath), running it again")
            case let .finished(_, _, done, _):
                progress.withLock { $0.update(done) }
            case let .failed(point, reason, done, _):
                FieldLabCommand.printError("point \(point.id) failed: \(reason)")
                progress.withLock { $0.update(done) }
            }
        }
        say(String(format: "%@: %d points ran, %d failed, in %.1f s: %.1f points per minute with --jobs %d → %@",
                   label, summary.ran, summary.failed, summary.seconds, summary.pointsPerMinute, jobs, sweep.out))
        if summary.failed > 0 {
            // Failures are results (a learning rate that diverges is data): the sweep
            // succeeded; the report lists them.
            FieldLabCommand.printError("warning: \(summary.failed) points failed, reasons in \(folder.failedPath)/")
        }
    }
}
