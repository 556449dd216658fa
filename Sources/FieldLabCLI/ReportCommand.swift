import ArgumentParser
import Foundation
import FieldLabCore
import FieldLabData
import FieldLabExperiments

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run `compare` on several datasets and export one Markdown report with PNG figures.",
        discussion: """
        Writes DIR/README.md (the command that made it, one section per dataset with its table) \
        and the figures beside it; the methods' run folders go to --runs (not into the report).
        """
    )

    @Option(help: "Datasets, comma-separated: built-in names or CSV/NPY files (default: all eight built-ins).")
    var datasets: String = ToyDataset.allCases.map(\.rawValue).joined(separator: ",")

    @Option(help: "Report folder (Markdown and PNG).")
    var out: String

    @Option(help: "Folder for the methods' run folders.")
    var runs: String = "out/report-runs"

    @Option(help: "Training steps per method.")
    var steps: Int = 4000

    @Option(name: .customLong("solver-steps"), help: "Heun steps of every sampler (default: each method's own); a list (e.g. 3,5,10,20,50) adds quality-vs-steps tables and charts.")
    var solverSteps: String?

    @Option(help: "Report title.")
    var title: String = "Diffusion, flow matching and Poisson flow on 2D toy data"

    @Option(help: "Random seed.")
    var seed: UInt64 = 0

    var stepList: [Int] { (solverSteps ?? "").split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    func validate() throws {
        guard steps > 0 else { throw ValidationError("--steps must be positive, got \(steps)") }
        if let text = solverSteps {
            let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            guard !parts.isEmpty, stepList.count == parts.count, stepList.allSatisfy({ $0 > 0 && $0 <= 10_000 }) else {
                throw ValidationError("--solver-steps must be positive integers separated by commas, got '\(text)'")
            }
        }
    }

    @OptionGroup var output: OutputOptions

    func run() throws {
        try output.run(makeReport)
    }

    func makeReport() throws {
        let names = datasets.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        // Every dataset is checked before any work starts.
        for name in names where ToyDataset(rawValue: name) == nil { _ = try TrainingSet.load(name, size: nil, seed: seed) }
        let labels = names.map(DatasetLabel.slug)
        if let clash = labels.indices.first(where: { labels[..<$0].contains(labels[$0]) }) {
            throw ValidationError("two datasets would share the figures' name '\(labels[clash])': rename one of the files")
        }
        try RunFolder.prepare(out)
        var text = "# \(title)\n\n"
        text += "Made by `\(FieldLabCommand.invocation)`.\n\n"
        text += "Every method: the same 3 × 128 SiLU network, \(steps) Adam steps at batch 1024, seed \(seed), "
        text += stepList.count == 1 ? "Heun sampling with the same number of network evaluations (NFE); "
            : "each method sampled with its own sampler (`GenerativeMethod.defaultSampler`, tuned in notebooks-exported/tuning/; NFE in the table); "
        text += "2000 samples judged against 2000 "
        text += "fresh true samples (for a dataset file: its held-out part, as each section says). Each metric is given with its ratio to the noise floor (the same metric between "
        text += "a fresh true sample and the one every method is judged against, mean ± sd over 10 fresh samples, last row). \"memorised\" is the share of samples "
        text += "whose nearest training point is closer than 1/3 of the second nearest; fresh true samples score the "
        text += "baseline in the last row (about 1/9 in 2D).\n\n"
        let start = Date()
        for (dataset, label) in zip(names, labels) {
            note("report: \(dataset)")
            var configuration = Comparison.Configuration(dataset: dataset)
            configuration.steps = steps
            configuration.seed = seed
            configuration.solverSteps = stepList.count == 1 ? stepList[0] : nil
            configuration.stepSweep = stepList.count > 1 ? stepList : []
            let result = try Comparison.run(configuration, folder: runs + "/" + label)
            text += try result.writeFigures(to: out, prefix: label + "-", heading: "## \(dataset)")
            text += "\n"
        }
        text += String(format: "_%d datasets in %.0f s on this machine._\n", names.count, Date().timeIntervalSince(start))
        try AtomicFile.write(text: text, to: out + "/README.md")
        try sayResult(WrittenFile(out: out + "/README.md", count: names.count, unit: "datasets"))
        say("report on \(names.count) datasets → \(out)/README.md")
    }
}
