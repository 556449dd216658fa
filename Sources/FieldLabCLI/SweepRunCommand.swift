import ArgumentParser
import Foundation
import Synchronization
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

    @Flag(help: "The generator family (one, unless --vary method=… gives several).")
    var method: MethodFlag?

    @Option(name: .customLong("extra-dims"), help: "PFGM++ extra dimensions D (Poisson-flow points).")
    var extraDimensions: Double?

    @Option(help: "Built-in dataset name or a CSV/NPY file (unless --vary dataset=…).")
    var dataset: String = "moons"

    @Option(name: .customLong("vary"), help: "PARAM=VALUES, one per swept parameter (repeatable).")
    var vary: [String] = []

    @Option(help: "Seeds per point (seeds --seed, --seed+1, …).")
    var seeds: Int = 1

    @Option(help: "Points run side by side, one core each.")
    var jobs: Int = 1

    @Option(help: "Run only the points whose index mod N is I (I/N), for job arrays.")
    var shard: String?

    @Flag(name: .customLong("retry-failed"), help: "Run points that failed in an earlier run again.")
    var retryFailed = false

    @OptionGroup var training: TrainingOptionGroup

    @Option(help: "Samples drawn per point (its final observables and picture).")
    var samples: Int = 2000

    @OptionGroup var sampling: SamplingOptionGroup

    @Option(help: "The sweep folder.")
    var out: String

    func validate() throws {
        try training.check()
        guard samples > 0, samples <= 1_000_000 else { throw ValidationError("--samples must be from 1 to 1000000, got \(samples)") }
        guard jobs >= 1, jobs <= 256 else { throw ValidationError("--jobs must be from 1 to 256, got \(jobs)") }
        if let extraDimensions, !(extraDimensions.isFinite && extraDimensions > 0) {
            throw ValidationError("--extra-dims must be a positive number, got \(extraDimensions)")
        }
    }

    /// The sweep these arguments describe (parsed and checked; nothing written).
    func specification() throws -> SweepSpecification {
        var axes: [SweepAxis] = []
        for text in vary {
            guard let equals = text.firstIndex(of: "=") else { throw SweepError.malformedVary(text) }
            let name = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
            guard let parameter = SweepParameter(rawValue: name) else { throw SweepError.unknownParameter(name) }
            if axes.contains(where: { $0.parameter == parameter }) { throw SweepError.repeatedParameter(name) }
            axes.append(SweepAxis(parameter: parameter,
                                  values: try SweepValueList.parse(String(text[text.index(after: equals)...]), for: parameter)))
        }
        let methodAxis = axes.first { $0.parameter == .method }
        guard method != nil || methodAxis != nil else {
            throw ValidationError("choose a method: --diffusion, --flow-matching or --poisson (or --vary method=…)")
        }
        if method != nil, methodAxis != nil {
            throw ValidationError("give the method either as a flag or as --vary method=…, not both")
        }
        let kind = method?.kind ?? MethodKind(rawValue: methodAxis!.values[0].description)!
        let poissonInPlan = kind == .poisson || (methodAxis?.values.contains(.text(MethodKind.poisson.rawValue)) ?? false)
        if extraDimensions != nil && !poissonInPlan { throw ValidationError("--extra-dims applies only with --poisson") }
        if !axes.contains(where: { $0.parameter == .dataset }) {
            try SweepParameter.dataset.check(.text(dataset))
        }
        var parameters = makeMethod(kind: kind).parameters
        if kind == .poisson, let extraDimensions { parameters["extra_dims"] = extraDimensions }
        let base = try training.configuration(method: kind, methodParameters: parameters, dataset: dataset,
                                          budget: TrainingOptionGroup.sweepBudget)
        // The base method's sampler unless given (every point samples alike, whatever its method).
        let sampler = sampling.sampler(for: base.generativeMethod)
        var specification = try SweepSpecification(
            base: base, sampling: SweepSampling(solver: sampler.solver, solverSteps: sampler.steps, count: samples),
            poissonExtraDimensions: extraDimensions, axes: axes, seeds: seeds)
        specification.command = FieldLabCommand.invocation
        return specification
    }

    func run() throws {
        let specification = try specification()
        let shard = try shard.map { try SweepShard(parsing: $0) } ?? .all
        let folder = SweepFolder(out)
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
                   label, summary.ran, summary.failed, summary.seconds, summary.pointsPerMinute, jobs, out))
        if summary.failed > 0 {
            // Failures are results (a learning rate that diverges is data): the sweep
            // succeeded; the report lists them.
            FieldLabCommand.printError("warning: \(summary.failed) points failed, reasons in \(folder.failedPath)/")
        }
    }
}
