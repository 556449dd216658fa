import FieldLabCore
import FieldLabExperiments
import FieldLabMethods
import FieldLabNeural
import Foundation

/// The runs behind the PFGM++ experiment: one sweep of Poisson flow over
/// the number of extra dimensions D × seeds, and one of EDM (D = ∞) on the
/// same budget and seeds, then every checkpoint resampled at a range of
/// solver steps.
struct ExtraDimensionsPlan {
    var dataset: String
    /// `--vary extra-dims=` text.
    var dimensions: String
    var seeds: Int
    var steps: Int
    var batchSize: Int
    var width: Int
    /// Heun steps of the resampling (2 network evaluations each).
    var solverSteps: [Int]
    /// The step count of the quality-against-D curve (the paper's 18 Heun steps; the sweep's own samples use it too).
    var headlineSteps: Int
    /// Samples per resampling, and points of the fixed reference draw.
    var sampleCount: Int

    /// Default: D = 1…2048 (9 values) and EDM × 5 seeds on 8gaussians, width
    /// 128, 2000 steps at batch 512, resampled at 4…32 Heun steps. Quick:
    /// D = 4, 2048 and EDM × 3 seeds, 400 steps at width 64.
    static func plan(quick: Bool) -> ExtraDimensionsPlan {
        quick
            ? ExtraDimensionsPlan(dataset: "8gaussians", dimensions: "4,2048", seeds: 3, steps: 400, batchSize: 256,
                                  width: 64, solverSteps: [4, 8, 18], headlineSteps: 18, sampleCount: 1000)
            : ExtraDimensionsPlan(dataset: "8gaussians", dimensions: "1,2,3,4,8,16,64,256,2048", seeds: 5, steps: 2000,
                                  batchSize: 512, width: 128, solverSteps: [4, 6, 8, 12, 18, 24, 32], headlineSteps: 18,
                                  sampleCount: 5000)
    }

    var name: String { "pfgm-d-\(dataset)" }

    /// One curve: Poisson flow at one D, or EDM (`extraDimensions` = ∞).
    struct Group: Sendable {
        var extraDimensions: Double
        var results: [SweepPointResult]
        var folder: SweepFolder
        var isEDM: Bool { extraDimensions.isInfinite }
        var label: String { isEDM ? "EDM (D = ∞)" : "D = \(ExperimentFormatting.number(extraDimensions))" }
    }

    /// What the sweeps gave: the groups in order of D (EDM last), their
    /// commands, and the points that failed (with their reasons).
    struct Runs {
        var groups: [Group]
        var commands: [String]
        var failures: [(label: String, seed: UInt64, reason: String)]
    }

    func run(_ context: ExperimentContext) throws -> Runs {
        let network = NetworkConfiguration(width: width)
        let poissonBase = TrainingConfiguration(method: .poisson, methodParameters: ImageModelConstants.poisson, dataset: dataset, steps: steps, batchSize: batchSize,
                                                network: network).withImageModelOptimizer
        let poisson = try PhaseSweep.run(name, base: poissonBase, axes: [(.extraDims, dimensions)], seeds: seeds,
                                         context: context)
        let edmBase = TrainingConfiguration(method: .diffusion, methodParameters: ImageModelConstants.edm, dataset: dataset, steps: steps, batchSize: batchSize,
                                            network: network).withImageModelOptimizer
        let edm = try PhaseSweep.run(name + "-edm", base: edmBase, axes: [(.width, String(width))], seeds: seeds,
                                     context: context)
        var groups: [Group] = []
        var failures: [(String, UInt64, String)] = []
        for value in poisson.values(of: .extraDims) {
            guard let d = value.number else { continue }
            groups.append(Group(extraDimensions: d, results: poisson.results(where: .extraDims, is: value),
                                folder: poisson.folder))
        }
        groups.append(Group(extraDimensions: .infinity, results: edm.table.results, folder: edm.folder))
        for (point, reason) in poisson.table.failed {
            let d = point.training.methodParameters["extra_dims"] ?? .nan
            failures.append(("D = \(ExperimentFormatting.number(d))", point.seed, reason))
        }
        for (point, reason) in edm.table.failed { failures.append(("EDM", point.seed, reason)) }
        return Runs(groups: groups, commands: [poisson.command, edm.command], failures: failures)
    }
}
