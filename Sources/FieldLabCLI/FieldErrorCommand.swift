import ArgumentParser
import Foundation
import FieldLabData
import FieldLabExperiments

struct FieldErrorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "field-error",
        abstract: "How far a trained network's velocity is from the exact field of its training set.",
        discussion: """
        Integrates --count prior draws with the network's ODE and, at every time of the sampling \
        grid, compares the network's velocity with the exact one of the training set the \
        checkpoint was trained on (rebuilt from its dataset, size and seed): mean ‖v_θ − v*‖², \
        and the same relative to mean ‖v*‖², per time and overall (standardised frame).
        """
    )

    @Option(help: "A checkpoint written by `fieldlab train`.")
    var checkpoint: String

    @Option(help: "Number of paths compared.")
    var count: Int = 512

    @Option(help: "Solver steps (Heun) along the path.")
    var steps: Int = 18

    @Option(help: "Seed of the prior draws.")
    var seed: UInt64 = 0

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be positive, got \(count)") }
        guard steps > 0, steps <= 10_000 else { throw ValidationError("--steps must be between 1 and 10000, got \(steps)") }
    }

    @OptionGroup var output: OutputOptions

    /// What `--json` prints: the error at each time of the grid, and overall.
    struct Summary: Encodable {
        var checkpoint: String
        var times: [Double]
        var meanSquaredError: [Double]
        var relativeError: [Double]
        var overall: Double
        var overallRelative: Double
    }

    func run() throws {
        try output.run(measure)
    }

    func measure() throws {
        let model = try TrainedModel(contentsOf: checkpoint)
        let config = model.configuration
        let trainingSet = try config.loadTrainingSet()
        let report = FieldError.measure(network: model.network, method: model.method, trainingPoints: trainingSet.points,
                                        count: count, steps: steps, seed: seed)
        try sayResult(Summary(checkpoint: checkpoint, times: report.times, meanSquaredError: report.meanSquaredError,
                              relativeError: report.relativeError, overall: report.overall,
                              overallRelative: report.overallRelative))
        let symbol = config.method == .flowMatching ? "t" : "σ"
        say("field error of \(checkpoint) (\(config.methodTitle), \(config.dataset), \(trainingSet.points.count) training points):")
        say(String(format: "%12@  %14@  %10@", symbol, "mean |v-v*|²", "relative"))
        for k in report.times.indices {
            say(String(format: "%12.5g  %14.6g  %10.4g", report.times[k], report.meanSquaredError[k], report.relativeError[k]))
        }
        say(String(format: "%12@  %14.6g  %10.4g", "overall", report.overall, report.overallRelative))
    }
}
