import Foundation
import FieldLabData
import FieldLabMethods
import FieldLabNeural

/// "How long until the picture is as good as the data?" Each method trains
/// with `train`'s budget while, every `every` steps, its averaged network
/// draws a fixed-seed sample of `sampleCount` points with the method's own
/// sampler (``GenerativeMethod/defaultSampler``), judged as the tuning
/// judges (``SweepQuality``: sliced W₂ and energy distance over their
/// floors against one fixed reference draw). The time to quality is the
/// training time (measuring excluded) at the first row within the target.
public enum TimeToQuality {
    public struct Configuration: Sendable {
        public var datasets: [ToyDataset] = [.moons, .eightGaussians, .checkerboard, .swissroll]
        public var entries: [Comparison.Entry] = Comparison.Entry.standard.filter {
            ["diffusion", "flow-matching", "poisson-D4"].contains($0.name)
        }
        /// `train`'s budget.
        public var steps = 4000
        public var batchSize = 1024
        public var width = 128
        /// Steps between judgements.
        public var every = 250
        public var sampleCount = 10_000
        public var slicedTarget = 1.2
        public var energyTarget = 1.5
        public var seed: UInt64 = 0

        public init() {}
    }

    /// One judgement: the training time so far and the two ratios.
    public struct Judgement: Codable, Sendable, Equatable {
        public var step: Int
        public var seconds: Double
        public var slicedRatio: Double?
        public var energyRatio: Double?
    }

    public struct Row: Codable, Sendable {
        public var method: String
        public var dataset: String
        public var solver: String
        public var solverSteps: Int
        public var evaluations: Int
        public var judgements: [Judgement]
        /// The training seconds of the whole budget (measuring excluded).
        public var trainingSeconds: Double
        /// The first judgement with sliced W₂ within its target (nil: never).
        public var slicedReached: Judgement?
        /// The first judgement with both metrics within their targets (nil: never).
        public var bothReached: Judgement?
    }

    public static func run(_ c: Configuration, progress: (String) -> Void = { _ in }) throws -> [Row] {
        var rows: [Row] = []
        for dataset in c.datasets {
            for entry in c.entries {
                progress("\(entry.title) on \(dataset.rawValue)")
                let method = makeMethod(kind: entry.method, parameters: entry.parameters)
                var configuration = TrainingConfiguration(
                    method: entry.method, methodParameters: method.parameters, dataset: dataset.rawValue,
                    steps: c.steps, batchSize: c.batchSize, network: NetworkConfiguration(width: c.width), seed: c.seed)
                configuration.observeEvery = c.every
                let trainingSet = try TrainingSet.load(dataset.rawValue, size: nil, seed: c.seed)
                let sampler = method.defaultSampler
                var settings = Observer.Settings()
                settings.sampleCount = c.sampleCount
                settings.solver = sampler.solver
                settings.solverSteps = sampler.steps
                let context = ObservationContext(method: method, trainingPoints: trainingSet.points, dataset: dataset,
                                                 seed: c.seed, settings: settings)
                let observer = Observer(observables: [QualityRatios(dataset: dataset, count: c.sampleCount)],
                                        context: context)
                let result = try Trainer.train(configuration, on: trainingSet, observer: observer)
                let judgements = result.observations.map { row in
                    Judgement(step: row.step, seconds: row.value("seconds") ?? .nan,
                              slicedRatio: row.value("sliced_w2_ratio"), energyRatio: row.value("energy_distance_ratio"))
                }
                rows.append(Row(
                    method: entry.title, dataset: dataset.rawValue, solver: sampler.solver.rawValue,
                    solverSteps: sampler.steps, evaluations: sampler.evaluations, judgements: judgements,
                    trainingSeconds: result.seconds - result.observeSeconds,
                    slicedReached: judgements.first { ($0.slicedRatio ?? .infinity) <= c.slicedTarget },
                    bothReached: judgements.first {
                        ($0.slicedRatio ?? .infinity) <= c.slicedTarget && ($0.energyRatio ?? .infinity) <= c.energyTarget
                    }))
            }
        }
        return rows
    }
}

extension TimeToQuality {
    /// The Markdown table of `rows`: per method and dataset, the sampler, the
    /// step and training seconds at which sliced W₂ (and then both metrics)
    /// first came within target, and the ratios at the end of the budget.
    public static func table(_ rows: [Row], _ c: Configuration) -> String {
        func reached(_ j: Judgement?) -> String {
            j.map { String(format: "%.1f s (step %d)", $0.seconds, $0.step) } ?? "not reached"
        }
        func ratio(_ x: Double?) -> String { x.map { String(format: "%.2f×", $0) } ?? "–" }
        var lines = [
            String(format: "Training time (measuring excluded) to first reach sliced W2 ≤ %.2g× its floor, and both that and energy distance ≤ %.2g×; judged every %d steps on a fixed draw of %d samples; %d steps at batch %d, width %d, seed %llu.",
                   c.slicedTarget, c.energyTarget, c.every, c.sampleCount, c.steps, c.batchSize, c.width, c.seed),
            "",
            "| method | dataset | sampler (NFE) | sliced W2 ≤ \(String(format: "%.2g", c.slicedTarget))× | both targets | sliced at end | energy at end | whole budget (s) |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in rows {
            let last = r.judgements.last
            lines.append("| \(r.method) | \(r.dataset) | \(r.solver) × \(r.solverSteps) (\(r.evaluations)) | \(reached(r.slicedReached)) | "
                         + "\(reached(r.bothReached)) | \(ratio(last?.slicedRatio)) | \(ratio(last?.energyRatio)) | "
                         + String(format: "%.1f |", r.trainingSeconds))
        }
        return lines.joined(separator: "\n")
    }
}
