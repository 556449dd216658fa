import FieldLabCore
import FieldLabData
import FieldLabExperiments
import FieldLabMethods
import FieldLabNeural
import Foundation

/// The sweep behind the memorisation experiment (and re-read by the mirage
/// experiment): training-set size N, log-spaced, × method × width × seeds,
/// on one dataset at one budget.
struct MemorizationSweep {
    var dataset: String
    var methods: [MethodKind]
    var widths: [Int]
    /// `--vary train-size=` text.
    var sizes: String
    var seeds: Int
    var steps: Int
    var batchSize: Int
    /// A second, longer-trained sweep of EDM at the widest width over the
    /// smallest sizes (Gu et al.: EMM grows with training length), or nil.
    var long: (steps: Int, sizes: String)?

    /// Default: N = 8…8192 (11 values) × flow matching and EDM × widths 32
    /// and 128 × 3 seeds at the sweep budget (132 points). Quick: EDM at
    /// width 128, N = 8…2048 (5 values) × 2 seeds.
    static func plan(quick: Bool) -> MemorizationSweep {
        quick
            ? MemorizationSweep(dataset: "8gaussians", methods: [.diffusion], widths: [128],
                                sizes: "8,32,128,512,2048", seeds: 2, steps: 2000, batchSize: 512)
            : MemorizationSweep(dataset: "8gaussians", methods: [.flowMatching, .diffusion], widths: [32, 128],
                                sizes: "log:8:8192:11", seeds: 3, steps: 2000, batchSize: 512,
                                long: (steps: 6000, sizes: "8,16,32,64,128"))
    }

    var name: String { "memorization-\(dataset)" }

    /// One curve of the sweep: a method at a width.
    struct Group: Sendable {
        var method: MethodKind
        var width: Int
        var results: [SweepPointResult]
        /// Training steps, when this group trains longer than the sweep's budget.
        var longSteps: Int? = nil
        var label: String {
            "\(method == .diffusion ? "EDM" : method.displayName), width \(width)" + (longSteps.map { ", \($0) steps" } ?? "")
        }
    }

    /// Runs the sweep(s); the groups of the main sweep come first, the long one last.
    func run(_ context: ExperimentContext) throws -> (sweep: PhaseSweep, groups: [Group], commands: [String]) {
        let base = TrainingConfiguration(method: methods[0], methodParameters: ImageModelConstants.all, dataset: dataset, steps: steps, batchSize: batchSize).withImageModelOptimizer
        var axes: [(SweepParameter, String)] = []
        if methods.count > 1 { axes.append((.method, methods.map(\.rawValue).joined(separator: ","))) }
        axes.append((.width, widths.map(String.init).joined(separator: ",")))
        axes.append((.trainSize, sizes))
        let sweep = try PhaseSweep.run(name, base: base, axes: axes, seeds: seeds, context: context)
        var groups: [Group] = []
        for method in methods {
            for width in widths {
                let results = sweep.table.results.filter { r in
                    r.point.training.method == method && r.point.training.network.width == width
                }
                groups.append(Group(method: method, width: width, results: results))
            }
        }
        var commands = [sweep.command]
        if let long, let width = widths.max() {
            let base = TrainingConfiguration(method: .diffusion, methodParameters: ImageModelConstants.edm, dataset: dataset, steps: long.steps, batchSize: batchSize,
                                             network: NetworkConfiguration(width: width)).withImageModelOptimizer
            let extra = try PhaseSweep.run(name + "-long", base: base, axes: [(.trainSize, long.sizes)], seeds: seeds,
                                           context: context)
            groups.append(Group(method: .diffusion, width: width, results: extra.table.results, longSteps: long.steps))
            commands.append(extra.command)
        }
        return (sweep, groups, commands)
    }

    /// The training-set sizes of the plan, in order.
    static func sizes(of sweep: PhaseSweep) -> [Int] {
        sweep.values(of: .trainSize).compactMap { $0.number.map { Int($0) } }
    }
}
