import FieldLabExperiments
import FieldLabMethods
import FieldLabNeural
import Foundation

/// The sweep behind "generalise first, memorise later": long EDM runs at
/// a few small training-set sizes N × seeds, each logging its observables
/// every `observeEvery` steps (`observables.csv` in its run folder), with
/// the observer's samples drawn by the same 18 Heun steps as the final ones.
struct GeneralizeFirstSweep {
    var dataset = "8gaussians"
    /// `--vary train-size=` text.
    var sizes: String
    var seeds: Int
    var steps: Int
    var batchSize = 512
    var width = 128
    var observeEvery: Int
    var observeSolverSteps = 18
    /// Log-spaced rows per decade besides the uniform ones (τ_gen comes early).
    var observePerDecade = 10

    /// Default: N = 8 … 128 (5 values) × 3 seeds, 16000 steps, a row every
    /// 500 and 10 per decade. Quick: N = 8, 32 × 2 seeds, 2000 steps, a row
    /// every 200 and 10 per decade.
    static func plan(quick: Bool) -> GeneralizeFirstSweep {
        quick ? GeneralizeFirstSweep(sizes: "8,32", seeds: 2, steps: 2000, observeEvery: 200)
              : GeneralizeFirstSweep(sizes: "8,16,32,64,128", seeds: 3, steps: 16000, observeEvery: 500)
    }

    var name: String { "generalize-first-\(dataset)-\(steps)" }

    var base: TrainingConfiguration {
        TrainingConfiguration(method: .diffusion, methodParameters: ImageModelConstants.edm, dataset: dataset, steps: steps, batchSize: batchSize,
                              network: NetworkConfiguration(width: width), observeEvery: observeEvery,
                              observeSolverSteps: observeSolverSteps, observePerDecade: observePerDecade).withImageModelOptimizer
    }

    /// Runs what is missing and reads every finished run's timeline.
    func run(_ context: ExperimentContext) throws -> (sweep: PhaseSweep, runs: [RunTimescales]) {
        let sweep = try PhaseSweep.run(name, base: base, axes: [(.trainSize, sizes)], seeds: seeds, context: context)
        let ordered = sweep.table.results.sorted {
            ($0.point.training.trainSize ?? 0, $0.point.seed) < ($1.point.training.trainSize ?? 0, $1.point.seed)
        }
        let runs = try ordered.map { r in
            let timeline = try ObservableTimeline.read(sweep.folder.pointPath(r.id) + "/observables.csv")
            return RunTimescales(trainSize: r.point.training.trainSize ?? 0, seed: Int(r.point.seed), timeline: timeline,
                                 from: Double(min(r.point.training.warmupSteps, r.point.training.steps / 10)))
        }
        return (sweep, runs)
    }
}
