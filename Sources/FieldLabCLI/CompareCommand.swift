import ArgumentParser
import Foundation
import FieldLabCore
import FieldLabData
import FieldLabExperiments
import FieldLabRender

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Train every method on one dataset with the same network, budget and seed, and compare them.",
        discussion: """
        Methods (names for --methods): diffusion (EDM), flow-matching, flow-matching-ot \
        (minibatch-OT coupling), poisson-D4 and poisson-D2048 (PFGM++). Each is sampled with the \
        same solver and network evaluations and judged against fresh true samples, every metric \
        next to its noise floor.

        Writes DIR/comparison.md (the table, also printed), DIR/comparison.png (true data, \
        samples, paths), DIR/loss.png (loss curves), DIR/steps.png (with a --solver-steps list), \
        and each method's run folder DIR/<method>/.
        """
    )

    @Option(help: "Built-in dataset (see `fieldlab data --list`).")
    var dataset: String

    @Option(help: "Output folder (default: out/compare-<dataset>).")
    var out: String?

    @Option(help: "Training steps per method.")
    var steps: Int = 4000

    @Option(name: .customLong("batch-size"), help: "Minibatch size.")
    var batchSize: Int = 1024

    @Option(name: .customLong("train-size"), help: "Size of the fixed training set.")
    var trainSize: Int = TrainingSet.defaultSize

    @Option(help: "Samples per method (and size of the true sample they are judged against); above \(Self.exactLimit) the exact W2 is left out.")
    var samples: Int = 2000

    /// The largest sample whose exact W2 (an n × n assignment) is measured.
    static let exactLimit = 2000

    @Option(name: .customLong("solver-steps"),
            help: "Heun steps of every sampler (default: each method's own, tuned for 2D data); a list (e.g. 5,10,20,50) also adds a quality-vs-steps table.")
    var solverSteps: String?

    @Option(help: "Random seed.")
    var seed: UInt64 = 0

    @Option(help: "Comma-separated subset of the methods (default: all five).")
    var methods: String?

    /// The chosen contenders, in the standard order.
    func entries() throws -> [Comparison.Entry] {
        guard let methods else { return Comparison.Entry.standard }
        let names = methods.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let known = Comparison.Entry.standard.map(\.name)
        if let unknown = names.first(where: { !known.contains($0) }) {
            throw ValidationError("unknown method '\(unknown)' in --methods; choose from \(known.joined(separator: ", "))")
        }
        return Comparison.Entry.standard.filter { names.contains($0.name) }
    }

    var stepList: [Int] { (solverSteps ?? "").split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    func validate() throws {
        for (name, value) in [("--steps", steps), ("--batch-size", batchSize), ("--train-size", trainSize),
                              ("--samples", samples)] where value <= 0 {
            throw ValidationError("\(name) must be positive, got \(value)")
        }
        guard samples >= 10, samples <= 20_000 else { throw ValidationError("--samples must be between 10 and 20000, got \(samples)") }
        if let text = solverSteps {
            let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            guard !parts.isEmpty, stepList.count == parts.count, stepList.allSatisfy({ $0 > 0 && $0 <= 10_000 }) else {
                throw ValidationError("--solver-steps must be positive integers separated by commas, got '\(text)'")
            }
        }
        guard try !entries().isEmpty else { throw ValidationError("--methods names no method") }
    }

    func run() throws {
        let data = try ToyDataset.named(dataset)
        var configuration = Comparison.Configuration(dataset: data)
        configuration.steps = steps
        configuration.batchSize = batchSize
        configuration.trainSize = trainSize
        configuration.sampleCount = samples
        if samples > Self.exactLimit { configuration.metrics.removeAll { $0 == .exactWasserstein2 } }
        configuration.seed = seed
        configuration.solverSteps = stepList.count == 1 ? stepList[0] : nil
        configuration.stepSweep = stepList.count > 1 ? stepList : []
        configuration.entries = try entries()
        let folder = out ?? "out/compare-\(data.rawValue)"
        let result = try Comparison.run(configuration, folder: folder) { FieldLabCommand.printError($0) }
        var report = "# \(data.rawValue): diffusion, flow matching and Poisson flow\n\n"
        report += "Made by `\(FieldLabCommand.invocation)`.\n\n"
        report += try result.writeFigures(to: folder)
        try ImageFile.write(result.figure(), to: folder + "/comparison.ppm")
        try AtomicFile.write(text: report, to: folder + "/comparison.md")
        say(result.markdownTable)
        if let sweep = result.sweepTable { say(sweep) }
        say(String(format: "compared %d methods on %@ in %.1f s → %@/comparison.md, comparison.png",
                   result.outcomes.count, data.rawValue, result.seconds, folder))
    }
}
