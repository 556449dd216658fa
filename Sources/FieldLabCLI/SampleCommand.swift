import ArgumentParser
import Foundation
import FieldLabData
import FieldLabExperiments
import FieldLabMethods
import FieldLabSampling

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Draw samples from a trained checkpoint, or from a method's exact field, into a CSV file.",
        discussion: """
        With --checkpoint: integrate the trained network's ODE. With --exact and a method flag: \
        integrate the exact field of the training set itself (training-free; it reproduces the \
        training points). Samples are written in the data's own coordinates.

        With --prior FILE (CSV with header x,y, or .npy): the ODE starts from those points instead \
        of the method's own prior draws, one sample per point. They are states at the time grid's \
        first time, in the network's standard frame (docs/checkpoint.md gives each method's prior): \
        `Samples/python/sample.py` integrates the same Euler ODE from the same file.
        """
    )

    @Option(help: "A checkpoint written by `fieldlab train` (RUN/model.safetensors).")
    var checkpoint: String?

    @Flag(help: "Sample the exact field of the training set instead of a network.")
    var exact = false

    @Flag(help: "With --exact: the generator family.")
    var method: MethodFlag?

    @Option(name: .customLong("extra-dims"), help: "With --exact --poisson: PFGM++ extra dimensions D.")
    var extraDimensions: Double?

    @Option(help: "With --exact: built-in dataset name or a CSV file with header x,y.")
    var dataset: String?

    @Option(name: .customLong("train-size"), help: "With --exact: size of the training set (default 20000; a file: all its points).")
    var trainSize: Int?

    @Option(help: "Number of samples (default 10000; with --prior, one per prior point).")
    var count: Int?

    @Option(help: ArgumentHelp("Start from these prior points (CSV x,y or .npy, standard frame) instead of drawing them.",
                               valueName: "file"))
    var prior: String?

    @Option(help: "ODE solver: \(SolverKind.allCases.map(\.rawValue).joined(separator: ", ")) (default: the method's own).")
    var solver: SolverKind?

    @Option(name: [.customLong("steps"), .customLong("solver-steps")], help: "Solver steps from prior to data (default: the method's own).")
    var steps: Int?

    @Option(help: "EDM stochastic churn S_churn (diffusion and Poisson flow; 0 = deterministic ODE).")
    var churn: Double = 0

    @Option(help: "Random seed (prior draws; with --exact also the training set).")
    var seed: UInt64 = 0

    @Option(help: "Output CSV (header x,y) or .npy file.")
    var out: String

    @OptionGroup var output: OutputOptions

    /// What `--json` prints.
    struct Summary: Encodable {
        var count: Int
        var solver: String
        var steps: Int
        var evaluations: Int
        var seconds: Double
        var out: String
    }

    func validate() throws {
        if let count, count <= 0 { throw ValidationError("--count must be positive, got \(count)") }
        if prior != nil, count != nil { throw ValidationError("--prior gives one sample per point: give no --count") }
        try SamplingOptionGroup.validate(steps: steps, flag: "--steps")
        guard churn.isFinite, churn >= 0 else { throw ValidationError("--churn must be a non-negative number, got \(churn)") }
        if exact {
            guard checkpoint == nil else { throw ValidationError("--exact samples a training set's field: give --dataset, not --checkpoint") }
            guard method != nil else { throw ValidationError("--exact needs a method: --diffusion, --flow-matching or --poisson") }
            guard dataset != nil else { throw ValidationError("--exact needs --dataset NAME|FILE") }
            if let trainSize, trainSize <= 0 { throw ValidationError("--train-size must be positive, got \(trainSize)") }
        } else {
            guard checkpoint != nil else { throw ValidationError("give --checkpoint FILE, or --exact with a method and --dataset") }
            guard method == nil, dataset == nil, trainSize == nil else {
                throw ValidationError("a method, --dataset and --train-size go with --exact")
            }
        }
        try MethodFlag.validate(extraDimensions: extraDimensions, for: method)
        if churn > 0 && method == .flowMatching {
            throw ValidationError("--churn applies to diffusion and Poisson flow, not flow matching")
        }
    }

    func run() throws {
        try output.run(draw)
    }

    func draw() throws {
        let start = Date()
        if let prior, URL(fileURLWithPath: prior).standardizedFileURL == URL(fileURLWithPath: out).standardizedFileURL {
            throw ValidationError("--out would overwrite the --prior file '\(prior)'")
        }
        let result: SampleResult
        let standardization: Standardization
        let sampler: DefaultSampler
        let given = try prior.map(PointFile.read)
        if exact, let method, let dataset {
            let trainingSet = try TrainingSet.load(dataset, size: trainSize, seed: seed)
            let generative = method.generativeMethod(extraDimensions: extraDimensions)
            sampler = generative.defaultSampler.overridden(solver: solver, steps: steps)
            result = Sampler.sampleExact(method: generative, trainingPoints: trainingSet.points,
                                         options: options(sampler), prior: given)
            standardization = trainingSet.standardization
        } else {
            let model = try TrainedModel(contentsOf: checkpoint!)
            if churn > 0 && model.configuration.method == .flowMatching {
                throw ValidationError("--churn applies to diffusion and Poisson flow, not flow matching")
            }
            sampler = model.method.defaultSampler.overridden(solver: solver, steps: steps)
            result = Sampler.sample(network: model.network, method: model.method, options: options(sampler), prior: given)
            standardization = model.standardization
        }
        try PointFile.write(standardization.invert(result.points), to: out)
        try sayResult(Summary(count: result.points.count, solver: churn > 0 ? "stochastic-heun" : sampler.solver.rawValue,
                              steps: sampler.steps, evaluations: result.evaluations,
                              seconds: Date().timeIntervalSince(start), out: out))
        say(String(format: "%d samples (%@%@, %d steps, %d evaluations) in %.2f s → %@",
                   result.points.count, exact ? "exact field, " : "", churn > 0 ? "stochastic heun" : sampler.solver.rawValue, sampler.steps,
                   result.evaluations, Date().timeIntervalSince(start), out))
    }

    func options(_ sampler: DefaultSampler) -> SamplingOptions {
        SamplingOptions(count: count ?? 10_000, solver: sampler.solver, steps: sampler.steps, seed: seed, churn: churn)
    }
}
