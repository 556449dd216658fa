import ArgumentParser
import Foundation
import FieldLabCore
import FieldLabData
import FieldLabExperiments
import FieldLabMetrics
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

        Your own data: --dataset FILE.csv|FILE.npy. The ground truth is then a held-out part of the \
        file (--held-out, a fifth by default, chosen with --seed), which no method trains on, and the \
        noise floors are the metrics between disjoint random halves of it; or --truth FILE names a \
        separate file of true points, and training uses the whole dataset file. Each run's \
        config.json records the split (heldOut), comparison.md says where the truth came from, and \
        every number and picture is in the file's own units.

        Writes DIR/comparison.md (the table, also printed), DIR/comparison.png (true data, \
        samples, paths), DIR/loss.png (loss curves), DIR/steps.png (with a --solver-steps list), \
        and each method's run folder DIR/<method>/.
        """
    )

    @Option(help: "Built-in dataset (see `fieldlab data --list`), a CSV/NPY file of your points, or a picture .png/.pgm.")
    var dataset: String

    @Option(help: ArgumentHelp("With a dataset file: a separate file of true points to judge against.", valueName: "file"))
    var truth: String?

    @Option(name: .customLong("held-out"),
            help: "With a dataset file and no --truth: the share of its points held out as ground truth.")
    var heldOut: Double = HeldOutSplit.defaultFraction

    @Option(help: "Output folder (default: out/compare-<dataset>).")
    var out: String?

    @Option(help: "Training steps per method.")
    var steps: Int = 4000

    @Option(name: .customLong("batch-size"), help: "Minibatch size.")
    var batchSize: Int = 1024

    @Option(name: .customLong("train-size"),
            help: "Size of the fixed training set (default: 20000 for a built-in; for a file, all its points not held out).")
    var trainSize: Int?

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

    @OptionGroup var output: OutputOptions

    /// What `--json` prints: every method's metrics (value, floor, ratio) and figures.
    struct Summary: Encodable {
        struct Method: Encodable {
            var name: String
            var title: String
            var metrics: [MetricReport]
            var negativeLogLikelihood: Double?
            var memorized: Double
            var trainingSeconds: Double
            var samplingSeconds: Double
            var evaluations: Int
        }
        var dataset: String
        var groundTruth: String
        var memorizationBaseline: Double
        var methods: [Method]
        var seconds: Double
        var folder: String
    }

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
        for (name, value) in [("--steps", steps), ("--batch-size", batchSize), ("--train-size", trainSize ?? 1),
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
        guard heldOut.isFinite, heldOut > 0, heldOut < 1 else {
            throw ValidationError("--held-out must be a fraction between 0 and 1, got \(heldOut)")
        }
        if ToyDataset(rawValue: dataset) != nil {
            guard truth == nil else { throw ValidationError("--truth goes with a dataset file; built-in datasets have fresh truth") }
        }
    }

    func run() throws {
        try output.run(compare)
    }

    func compare() throws {
        var configuration = Comparison.Configuration(dataset: dataset)
        configuration.truthFile = truth
        configuration.heldOutFraction = heldOut
        configuration.steps = steps
        configuration.batchSize = batchSize
        configuration.trainSize = trainSize
        configuration.sampleCount = samples
        if samples > Self.exactLimit { configuration.metrics.removeAll { $0 == .exactWasserstein2 } }
        configuration.seed = seed
        configuration.solverSteps = stepList.count == 1 ? stepList[0] : nil
        configuration.stepSweep = stepList.count > 1 ? stepList : []
        configuration.entries = try entries()
        let label = DatasetLabel.slug(dataset)
        let folder = out ?? "out/compare-\(label)"
        let result = try Comparison.run(configuration, folder: folder) { note($0) }
        var report = "# \(dataset): diffusion, flow matching and Poisson flow\n\n"
        report += "Made by `\(FieldLabCommand.invocation)`.\n\n"
        report += try result.writeFigures(to: folder)
        try ImageFile.write(result.figure(), to: folder + "/comparison.ppm")
        try AtomicFile.write(text: report, to: folder + "/comparison.md")
        try sayResult(Summary(
            dataset: dataset, groundTruth: result.groundTruth.description, memorizationBaseline: result.memorizationBaseline,
            methods: result.outcomes.map {
                Summary.Method(name: $0.entry.name, title: $0.entry.title, metrics: $0.metrics,
                               negativeLogLikelihood: $0.negativeLogLikelihood, memorized: $0.memorization,
                               trainingSeconds: $0.trainingSeconds, samplingSeconds: $0.samplingSeconds,
                               evaluations: $0.evaluations)
            }, seconds: result.seconds, folder: folder))
        say(result.markdownTable)
        if let sweep = result.sweepTable { say(sweep) }
        say(String(format: "compared %d methods on %@ in %.1f s → %@/comparison.md, comparison.png",
                   result.outcomes.count, dataset, result.seconds, folder))
    }
}
