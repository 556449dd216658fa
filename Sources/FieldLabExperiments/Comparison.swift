import Foundation
import FieldLabCore
import FieldLabData
import FieldLabMethods
import FieldLabMetrics
import FieldLabNeural
import FieldLabRender
import FieldLabSampling

/// "How do diffusion, flow matching and Poisson flow differ on the same
/// data?" Every method is trained with the same network, budget and seed,
/// sampled with its own tuned sampler (``GenerativeMethod/defaultSampler``;
/// or all with the same Heun steps), and judged by the same metrics, each
/// next to its noise floor.
public enum Comparison {
    /// One contender: a method with its constants, and the folder it writes.
    public struct Entry: Codable, Sendable, Equatable {
        public var name: String
        public var title: String
        public var method: MethodKind
        public var parameters: [String: Double]

        public init(name: String, title: String, method: MethodKind, parameters: [String: Double] = [:]) {
            self.name = name
            self.title = title
            self.method = method
            self.parameters = parameters
        }

        /// Diffusion, flow matching (independent and minibatch-OT coupling),
        /// PFGM++ at D = 4 and at D = 2048 (close to EDM).
        public static let standard: [Entry] = [
            Entry(name: "diffusion", title: "Diffusion (EDM)", method: .diffusion),
            Entry(name: "flow-matching", title: "Flow matching", method: .flowMatching),
            Entry(name: "flow-matching-ot", title: "OT flow matching", method: .flowMatching,
                  parameters: ["minibatch_ot": 1]),
            Entry(name: "poisson-D4", title: "PFGM++ D=4", method: .poisson, parameters: ["extra_dims": 4]),
            Entry(name: "poisson-D2048", title: "PFGM++ D=2048", method: .poisson, parameters: ["extra_dims": 2048]),
        ]
    }

    public struct Configuration: Sendable {
        /// A built-in dataset's name, or a CSV/NPY file (judged against its
        /// held-out part or `truthFile`; see ``GroundTruth``).
        public var dataset: String
        /// A separate file of true points (a file dataset then trains on all its points).
        public var truthFile: String?
        /// The share of a dataset file held out as truth (without `truthFile`).
        public var heldOutFraction: Double = HeldOutSplit.defaultFraction
        /// The training set's size (nil: 20 000 for a built-in, the whole file, less its held-out part, for a file).
        public var trainSize: Int? = nil
        /// `train`'s budget, the one the methods are tuned for.
        public var steps: Int = 4000
        public var batchSize: Int = 1024
        /// Adam's peak learning rate (nil: each method's own, ``GenerativeMethod/defaultOptimizer``).
        public var learningRate: Double?
        public var seed: UInt64 = 0
        /// Samples per method, and the size of the true sample they are judged against.
        public var sampleCount: Int = 2000
        /// Heun steps of every sampler (network evaluations = 2 × steps; nil:
        /// each method's own sampler, ``GenerativeMethod/defaultSampler``).
        public var solverSteps: Int?
        /// Held-out true points whose NLL is measured (0: skip the NLL).
        public var likelihoodCount: Int = 500
        /// Extra sampling budgets for a quality-vs-steps table (Heun steps).
        public var stepSweep: [Int] = []
        public var entries: [Entry] = Entry.standard
        /// The metrics judged (exact W₂ solves an n × n assignment: leave it
        /// out for n much above 2000).
        public var metrics: [TwoSampleMetric] = TwoSampleMetric.allCases

        public init(dataset: ToyDataset) { self.dataset = dataset.rawValue }
        public init(dataset: String) { self.dataset = dataset }

        /// The solver and steps `method` samples with.
        public func sampler(for method: any GenerativeMethod) -> DefaultSampler {
            solverSteps.map { DefaultSampler(solver: .heun, steps: $0) } ?? method.defaultSampler
        }

        /// The samplers in words, for captions ("10 Heun steps (20 NFE)", or per method).
        public var samplerText: String {
            if let n = solverSteps { return "\(n) Heun steps (\(2 * n) NFE)" }
            return "each method's own sampler"
        }
    }

    /// What one method achieved.
    public struct Outcome: Sendable {
        public var entry: Entry
        public var metrics: [MetricReport]
        public var memorization: Double
        public var negativeLogLikelihood: Double?
        public var trainingSeconds: Double
        public var samplingSeconds: Double
        public var sampler: DefaultSampler
        public var evaluations: Int
        public var samples: [Point]
        public var paths: [[Point]]
        public var log: [TrainingEvent]
        /// (solver steps, sliced W2) for each budget of the sweep.
        public var sweep: [(steps: Int, slicedW2: Double)]
    }

    public struct Result: Sendable {
        public var configuration: Configuration
        public var outcomes: [Outcome]
        public var floors: [TwoSampleMetric: NoiseFloor]
        /// Memorisation ratio of fresh true samples (the baseline, about 1/9 in 2D).
        public var memorizationBaseline: Double
        /// The reference the samples were judged against (data units).
        public var truth: [Point]
        /// Where the truth came from, and the held-out split.
        public var groundTruth: GroundTruth
        public var trainingPoints: [Point]
        public var seconds: Double
    }

    /// Trains, samples and measures every entry; each method's run folder
    /// goes to `folder/<entry.name>` as `fieldlab train` writes it.
    public static func run(_ configuration: Configuration, folder: String,
                           progress: (String) -> Void = { _ in }) throws -> Result {
        let start = Date()
        let metrics = configuration.metrics
        let groundTruth = try GroundTruth.make(
            dataset: configuration.dataset, truthFile: configuration.truthFile,
            heldOutFraction: configuration.heldOutFraction, sampleCount: configuration.sampleCount,
            likelihoodCount: configuration.likelihoodCount, metrics: metrics, seed: configuration.seed)
        let created = try RunFolder.prepare(folder)
        do {
            return try run(configuration, groundTruth: groundTruth, folder: folder, start: start, progress: progress)
        } catch {
            RunFolder.remove(created: created, files: [])
            throw error
        }
    }

    private static func run(_ configuration: Configuration, groundTruth: GroundTruth, folder: String, start: Date,
                            progress: (String) -> Void) throws -> Result {
        let metrics = configuration.metrics
        let truth = groundTruth.reference, heldOut = groundTruth.likelihoodPoints, floors = groundTruth.floors
        let sampleCount = truth.count
        var outcomes: [Outcome] = []
        var trainingPoints: [Point] = []
        for entry in configuration.entries {
            progress("\(entry.title): training \(configuration.steps) steps")
            var train = TrainingConfiguration(
                method: entry.method, methodParameters: makeMethod(kind: entry.method, parameters: entry.parameters).parameters,
                dataset: configuration.dataset,
                trainSize: configuration.trainSize ?? (ToyDataset(rawValue: configuration.dataset) != nil ? TrainingSet.defaultSize : nil),
                steps: configuration.steps,
                batchSize: configuration.batchSize, learningRate: configuration.learningRate, seed: configuration.seed)
            train.heldOut = groundTruth.heldOut
            let sampler = configuration.sampler(for: train.generativeMethod)
            let output = try TrainingRun.execute(
                train, sampling: SamplingOptions(count: sampleCount, solver: sampler.solver, steps: sampler.steps,
                                                 seed: configuration.seed &+ 1, trajectoryCount: 48),
                folder: folder + "/" + entry.name)
            trainingPoints = output.trainingSet.points
            let method = train.generativeMethod
            let standardization = output.trainingSet.standardization
            let samples = output.samples
            let reports = metrics.map { $0.report(samples, against: truth, floor: floors[$0]!) }
            let nll = configuration.likelihoodCount > 0
                ? Likelihood.meanNegativeLogLikelihood(network: output.model.network, method: method,
                                                       points: standardization.apply(heldOut))
                    + 2 * log(standardization.scale)  // density in the data's own frame: p(x) = p_std(x_std) / scale²
                : nil
            var sweep: [(Int, Double)] = []
            for steps in configuration.stepSweep {
                let swept = standardization.invert(
                    Sampler.sample(network: output.model.network, method: method,
                                   options: SamplingOptions(count: sampleCount, steps: steps,
                                                            seed: configuration.seed &+ 1)).points)
                sweep.append((steps, Distances.slicedWasserstein2(swept, truth)))
            }
            outcomes.append(Outcome(
                entry: entry, metrics: reports,
                memorization: Memorization.ratio(samples, training: output.trainingSet.points),
                negativeLogLikelihood: nll, trainingSeconds: output.training.seconds,
                samplingSeconds: output.samplingSeconds, sampler: sampler, evaluations: output.sampleEvaluations,
                samples: samples, paths: output.paths, log: output.training.log, sweep: sweep))
        }
        let baseline = Memorization.ratio(truth, training: trainingPoints)
        return Result(configuration: configuration, outcomes: outcomes, floors: floors,
                      memorizationBaseline: baseline, truth: truth, groundTruth: groundTruth, trainingPoints: trainingPoints,
                      seconds: Date().timeIntervalSince(start))
    }
}
