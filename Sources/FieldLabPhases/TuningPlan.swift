import FieldLabExperiments
import FieldLabMethods
import FieldLabNeural
import FieldLabSampling
import Foundation

/// The sweeps behind the tuning report, in the order they were decided:
/// each stage varies a few settings of one method on every dataset × seeds
/// with `train`'s budget, the stages after it start from its choice, and
/// the last stage checks the chosen defaults against the targets.
///
/// A stage's base settings are the decisions of the stages before it, written
/// out, so that each sweep is one `fieldlab sweep` command a reader can rerun.
struct TuningPlan {
    struct Stage {
        /// The sweep's folder name in the runs folder.
        var name: String
        var title: String
        /// What the stage decides, in a sentence.
        var question: String
        var base: TrainingConfiguration
        var sampling: SweepSampling
        /// The swept settings besides the dataset (which is always the first axis).
        var axes: [(SweepParameter, String)]
        var datasets: [String]
        /// The most network evaluations a chosen setting may cost (nil: any).
        var evaluationBudget: Int?
        /// Settings that only check the defaults (no choice is made).
        var isCheck: Bool = false
    }

    var stages: [Stage]
    var seeds: Int
    var sampleCount: Int
    /// The targets: sliced W₂ and energy distance over their floors.
    var slicedTarget = 1.2
    var energyTarget = 1.5

    static let datasets = ["moons", "8gaussians", "checkerboard", "swissroll"]

    /// The default plan (`train`'s budget, the four datasets, 3 seeds,
    /// n = 10 000) or the quick one (a short budget, two datasets, two
    /// settings per stage).
    static func plan(quick: Bool) -> TuningPlan {
        quick ? quickPlan : defaultPlan
    }

    /// The budget every stage trains with, `train`'s: 4000 steps at batch
    /// 1024, width 128, depth 3. The optimiser's settings are written out
    /// (the values the tuning started from), not read from the defaults,
    /// so that a sweep keeps its identity when a later stage changes them.
    static func base(_ method: MethodKind, _ parameters: [String: Double] = [:], learningRate: Double = 5e-3,
                     emaDecay: Double = 0.999, learningRateFloor: Double = 0.1) -> TrainingConfiguration {
        TrainingConfiguration(method: method, methodParameters: makeMethod(kind: method, parameters: parameters).parameters,
                              steps: 4000, batchSize: 1024, learningRate: learningRate, warmupSteps: 100,
                              gradientClip: 1, emaDecay: emaDecay, network: NetworkConfiguration(width: 128, depth: 3),
                              learningRateFloor: learningRateFloor)
    }

    static var defaultPlan: TuningPlan {
        // The image-model constants the stages start from (EDM's paper values).
        let edmPaper: [String: Double] = ["sigma_max": 80, "rho": 7, "sigma_min": 0.002, "p_mean": -1.2, "p_std": 1.2,
                                          "sigma_data": 0.5]
        let heun10 = SweepSampling(solver: .heun, solverSteps: 10, count: 10_000)
        let all = datasets
        var stages: [Stage] = []
        stages.append(Stage(
            name: "edm-sampler", title: "EDM: the noise range and grid (σ_max, ρ)",
            question: "σ_max and ρ, at 10 Heun steps (20 network evaluations)",
            base: base(.diffusion, edmPaper), sampling: heun10,
            axes: [(.sigmaMax, "1,2,3,5,10,20,80"), (.rho, "3,5,7")], datasets: all))
        stages.append(Stage(
            name: "pfgm-sampler", title: "PFGM++ (D = 4): the noise range and grid (σ_max, ρ)",
            question: "σ_max and ρ of PFGM++ at D = 4, at 10 Heun steps",
            base: base(.poisson, edmPaper.merging(["extra_dims": 4]) { $1 }), sampling: heun10,
            axes: [(.sigmaMax, "1,2,3,5,10,20,80"), (.rho, "3,5,7")], datasets: all))
        return TuningPlan(stages: stages, seeds: 3, sampleCount: 10_000)
    }

    static var quickPlan: TuningPlan {
        var base = base(.diffusion, ["sigma_max": 80])
        base.steps = 300
        base.batchSize = 256
        base.network = NetworkConfiguration(width: 64)
        let stage = Stage(name: "quick-edm-sampler", title: "EDM: σ_max (quick)", question: "σ_max at 6 Heun steps",
                          base: base, sampling: SweepSampling(solver: .heun, solverSteps: 6, count: 1000),
                          axes: [(.sigmaMax, "3,80")], datasets: ["moons", "8gaussians"], evaluationBudget: 12)
        return TuningPlan(stages: [stage], seeds: 2, sampleCount: 1000)
    }
}
