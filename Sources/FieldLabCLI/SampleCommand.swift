import ArgumentParser
import Foundation
import FieldLabData
import FieldLabExperiments

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Draw samples from a trained checkpoint into a CSV file (the data's own coordinates)."
    )

    @Option(help: "A checkpoint written by `fieldlab train` (RUN/model.safetensors).")
    var checkpoint: String

    @Option(help: "Number of samples.")
    var count: Int = 10_000

    @OptionGroup var sampling: SamplingOptionGroup

    @Option(help: "Random seed of the prior draws.")
    var seed: UInt64 = 0

    @Option(help: "Output CSV (header x,y) or .npy file.")
    var out: String

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be positive, got \(count)") }
    }

    func run() throws {
        let model = try TrainedModel(contentsOf: checkpoint)
        let start = Date()
        let result = Sampler.sample(network: model.network, method: model.method,
                                    options: SamplingOptions(count: count, solver: sampling.solver,
                                                             steps: sampling.solverSteps, seed: seed))
        try PointFile.write(model.standardization.invert(result.points), to: out)
        say(String(format: "%d samples (%@, %d steps, %d network evaluations) in %.2f s → %@",
                   count, sampling.solver.rawValue, sampling.solverSteps, result.evaluations,
                   Date().timeIntervalSince(start), out))
    }
}
