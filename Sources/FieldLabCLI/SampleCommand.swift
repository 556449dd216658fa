import ArgumentParser
import Foundation
import FieldLabData
import FieldLabExperiments
import FieldLabSampling

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Draw samples from a trained checkpoint into a CSV file (the data's own coordinates)."
    )

    @Option(help: "A checkpoint written by `fieldlab train` (RUN/model.safetensors).")
    var checkpoint: String

    @Option(help: "Number of samples.")
    var count: Int = 10_000

    @Option(help: "ODE solver: \(SolverKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var solver: SolverKind = .heun

    @Option(name: [.customLong("steps"), .customLong("solver-steps")], help: "Solver steps from prior to data.")
    var steps: Int = 18

    @Option(help: "EDM stochastic churn S_churn (diffusion and Poisson flow; 0 = deterministic ODE).")
    var churn: Double = 0

    @Option(help: "Random seed of the prior draws.")
    var seed: UInt64 = 0

    @Option(help: "Output CSV (header x,y) or .npy file.")
    var out: String

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be positive, got \(count)") }
        guard steps > 0 else { throw ValidationError("--steps must be positive, got \(steps)") }
        guard steps <= 100_000 else { throw ValidationError("--steps \(steps) is too many (at most 100000)") }
        guard churn.isFinite, churn >= 0 else { throw ValidationError("--churn must be a non-negative number, got \(churn)") }
    }

    func run() throws {
        let model = try TrainedModel(contentsOf: checkpoint)
        if churn > 0 && model.configuration.method == .flowMatching {
            throw ValidationError("--churn applies to diffusion and Poisson flow, not flow matching")
        }
        let start = Date()
        let result = Sampler.sample(network: model.network, method: model.method,
                                    options: SamplingOptions(count: count, solver: solver, steps: steps,
                                                             seed: seed, churn: churn))
        try PointFile.write(model.standardization.invert(result.points), to: out)
        say(String(format: "%d samples (%@, %d steps, %d network evaluations) in %.2f s → %@",
                   count, churn > 0 ? "stochastic heun" : solver.rawValue, steps, result.evaluations,
                   Date().timeIntervalSince(start), out))
    }
}
