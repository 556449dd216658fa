import FieldLabExperiments
import Foundation

/// A sweep run on behalf of an experiment, in `runsFolder/<name>`: the same
/// plan, folders and resumption as `fieldlab sweep`, so a second run of the
/// experiment reuses every finished point and the sweep can be reported or
/// extended from the command line.
struct PhaseSweep {
    let folder: SweepFolder
    let table: SweepTable
    /// The `fieldlab sweep …` command that makes the same sweep.
    let command: String

    /// Builds the plan from `--vary`-style value lists and runs what is missing.
    static func run(_ name: String, base: TrainingConfiguration, sampling: SweepSampling = SweepSampling(),
                    poissonExtraDimensions: Double? = nil, axes: [(SweepParameter, String)], seeds: Int,
                    context: ExperimentContext) throws -> PhaseSweep {
        let parsed = try axes.map { SweepAxis(parameter: $0.0, values: try SweepValueList.parse($0.1, for: $0.0)) }
        var specification = try SweepSpecification(base: base, sampling: sampling,
                                                   poissonExtraDimensions: poissonExtraDimensions,
                                                   axes: parsed, seeds: seeds)
        let command = commandLine(base: base, sampling: sampling, axes: axes, seeds: seeds,
                                  out: context.runsFolder + "/" + name)
        specification.command = command
        let folder = SweepFolder(context.runsFolder + "/" + name)
        let log = context.log
        let summary = try SweepRunner.run(specification, in: folder, options: .init(jobs: context.jobs)) { event in
            switch event {
            case let .planned(total, _, finished, _, toRun):
                log("\(name): \(total) points, \(finished) already finished, \(toRun) to run")
            case let .failed(point, reason, _, _):
                log("\(name): point \(point.id) failed: \(reason)")
            case let .finished(_, _, done, of) where done == of || done % 10 == 0:
                log("\(name): \(done)/\(of)")
            default: break
            }
        }
        if summary.ran > 0 { log(String(format: "\(name): %d points in %.1f s", summary.ran, summary.seconds)) }
        let table = try SweepTable(folder: folder)
        guard !table.results.isEmpty else { throw ExperimentError.missingResults("sweep \(name) has no finished point") }
        return PhaseSweep(folder: folder, table: table, command: command)
    }

    /// The results whose value of `parameter` is `value` (numbers compared as numbers).
    func results(where parameter: SweepParameter, is value: SweepValue) -> [SweepPointResult] {
        table.results.filter { r in
            guard let i = r.point.parameters.firstIndex(of: parameter) else { return false }
            return r.point.values[i] == value
        }
    }

    /// The values of `parameter` over the plan, in order.
    func values(of parameter: SweepParameter) -> [SweepValue] {
        table.specification.axes.first { $0.parameter == parameter }?.values ?? []
    }

    static func commandLine(base: TrainingConfiguration, sampling: SweepSampling, axes: [(SweepParameter, String)],
                            seeds: Int, out: String) -> String {
        var words = ["fieldlab", "sweep"]
        if !axes.contains(where: { $0.0 == .method }) {
            words.append("--" + base.method.rawValue)
            if base.method == .poisson, let d = base.methodParameters["extra_dims"], !axes.contains(where: { $0.0 == .extraDims }) {
                words += ["--extra-dims", ExperimentFormatting.number(d)]
            }
        }
        if !axes.contains(where: { $0.0 == .dataset }) { words += ["--dataset", base.dataset] }
        if let n = base.trainSize, !axes.contains(where: { $0.0 == .trainSize }) { words += ["--train-size", String(n)] }
        words += ["--steps", String(base.steps), "--batch-size", String(base.batchSize)]
        if !axes.contains(where: { $0.0 == .width }) { words += ["--width", String(base.network.width)] }
        if !axes.contains(where: { $0.0 == .depth }) && base.network.depth != 3 { words += ["--depth", String(base.network.depth)] }
        // What `sweep` would take without a flag: the method's defaults.
        let defaults = TrainingConfiguration(method: base.method, methodParameters: base.methodParameters)
        let sampler = base.generativeMethod.defaultSampler
        if !axes.contains(where: { $0.0 == .lr }) && base.learningRate != defaults.learningRate { words += ["--lr", ExperimentFormatting.number(base.learningRate)] }
        if base.weightDecay != 0 { words += ["--weight-decay", ExperimentFormatting.number(base.weightDecay)] }
        words += SweepParameter.setWords(for: base, from: defaults, except: Set(axes.map(\.0)))
        if let k = base.observeEvery { words += ["--observe-every", String(k)] }
        if let k = base.observeSolverSteps { words += ["--observe-solver-steps", String(k)] }
        if let k = base.observePerDecade { words += ["--observe-per-decade", String(k)] }
        if sampling.count != SweepSampling().count { words += ["--samples", String(sampling.count)] }
        if sampling.solver != sampler.solver { words += ["--solver", sampling.solver.rawValue] }
        if sampling.solverSteps != sampler.steps { words += ["--solver-steps", String(sampling.solverSteps)] }
        for (parameter, values) in axes { words += ["--vary", "\(parameter.rawValue)=\(values)"] }
        words += ["--seeds", String(seeds), "--seed", String(base.seed), "--out", out]
        return words.joined(separator: " ")
    }
}
