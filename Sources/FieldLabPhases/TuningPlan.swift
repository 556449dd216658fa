import FieldLabExperiments
import FieldLabMethods
import FieldLabNeural
import FieldLabSampling
import Foundation

/// The sweeps behind the tuning report, in the order they are decided: each
/// stage varies a few settings of one method on some datasets × seeds with
/// `train`'s budget; its choice becomes a ``Decision`` that every later stage
/// of the methods it decides for starts from (one pass of coordinate
/// descent); the last stages check the decided settings on every dataset
/// against the targets.
///
/// A stage's base is written out in full, so that each sweep is one
/// `fieldlab sweep` command a reader can rerun, and keeps its identity when
/// the methods' defaults change.
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
        /// Settings that only show or check (no choice is made).
        var isCheck = false
        /// The methods whose later stages take this stage's choice (default: its own).
        var decidesFor: [MethodKind] = []

        var methods: [MethodKind] { decidesFor.isEmpty ? [base.method] : decidesFor }
        /// A check of the decided settings alone (no axis but the dataset): a row of the targets table.
        var isTargetCheck: Bool { isCheck && axes.isEmpty }
    }

    /// A stage's choice of one setting, for the stages of `methods` after it.
    struct Decision {
        var parameter: SweepParameter
        var value: SweepValue
        var methods: [MethodKind]
        var stage: String
    }

    var stages: [Stage]
    var seeds: Int
    var sampleCount: Int
    /// The targets: sliced W₂ and energy distance over their floors.
    var slicedTarget = 1.2
    var energyTarget = 1.5

    static let datasets = ["moons", "8gaussians", "checkerboard", "swissroll"]
    /// The two datasets the training stages run on: the hardest two of the
    /// sampler stages (swissroll was every method's worst, moons the one a
    /// too-small noise range breaks first).
    static let hardDatasets = ["moons", "swissroll"]

    /// The default plan (`train`'s budget, n = 10 000, 3 seeds) or the quick
    /// one (a short budget, two datasets, two seeds).
    static func plan(quick: Bool) -> TuningPlan {
        quick ? quickPlan : defaultPlan
    }

    /// `stage` with the decisions made before it for its method applied to
    /// its base and sampling (the stage's own axes excepted; a later decision
    /// of a setting replaces an earlier one).
    static func resolve(_ stage: Stage, after decisions: [Decision]) throws -> Stage {
        var stage = stage
        let own = Set(stage.axes.map(\.0))
        for d in decisions where d.methods.contains(stage.base.method) && !own.contains(d.parameter) {
            try d.parameter.set(d.value, on: &stage.base, sampling: &stage.sampling)
        }
        return stage
    }

    /// The budget every stage trains with, `train`'s: 4000 steps at batch
    /// 1024, width 128, depth 3. The optimiser's settings are written out
    /// (the values the tuning started from), not read from the defaults.
    static func base(_ method: MethodKind, _ parameters: [String: Double] = [:], learningRate: Double = 5e-3,
                     emaDecay: Double = 0.999, learningRateFloor: Double = 0.1) -> TrainingConfiguration {
        TrainingConfiguration(method: method, methodParameters: makeMethod(kind: method, parameters: parameters).parameters,
                              steps: 4000, batchSize: 1024,
                              learningRate: learningRate, warmupSteps: 100, gradientClip: 1, emaDecay: emaDecay,
                              network: NetworkConfiguration(width: 128, depth: 3), learningRateFloor: learningRateFloor)
    }

    static var defaultPlan: TuningPlan {
        // The stages start from the constants the methods had before (``ImageModelConstants``).
        let edm = base(.diffusion, ImageModelConstants.edm)
        let pfgm = base(.poisson, ImageModelConstants.poisson)
        let fm = base(.flowMatching, ImageModelConstants.flowMatching)
        let heun10 = SweepSampling(solver: .heun, solverSteps: 10, count: 10_000)
        let all = datasets, hard = hardDatasets
        let shared: [MethodKind] = [.diffusion, .poisson]
        var s: [Stage] = []
        // The sampler's noise range first: it decides most, and costs one training per dataset and seed.
        s.append(Stage(name: "edm-sampler", title: "EDM: the noise range and grid (σ_max, ρ)",
                       question: "σ_max and ρ, at 10 Heun steps (20 network evaluations)",
                       base: edm, sampling: heun10, axes: [(.sigmaMax, "1,2,3,5,10,20,80"), (.rho, "3,5,7")], datasets: all))
        s.append(Stage(name: "pfgm-sampler", title: "PFGM++ (D = 4): the noise range and grid (σ_max, ρ)",
                       question: "σ_max and ρ of PFGM++ at D = 4, at 10 Heun steps",
                       base: pfgm, sampling: heun10, axes: [(.sigmaMax, "1,2,3,5,10,20,80"), (.rho, "3,5,7")], datasets: all))
        s.append(Stage(name: "edm-range", title: "EDM: the noise range, finer (σ_max, ρ, σ_min)",
                       question: "σ_max, ρ and σ_min near the first choice",
                       base: edm, sampling: heun10, axes: [(.sigmaMax, "4,5,6"), (.rho, "2,3"), (.sigmaMin, "0.002,0.02")],
                       datasets: all))
        s.append(Stage(name: "pfgm-range", title: "PFGM++ (D = 4): the noise range, finer (σ_max, ρ, σ_min)",
                       question: "σ_max, ρ and σ_min of PFGM++ near its first choice",
                       base: pfgm, sampling: heun10, axes: [(.sigmaMax, "4,5,6"), (.rho, "2,3"), (.sigmaMin, "0.002,0.02")],
                       datasets: all))
        // What the network learns: the noise law, the data scale, the weighting (EDM's, which PFGM++ shares).
        s.append(Stage(name: "edm-noise-law", title: "EDM: the training noise law (P_mean, P_std)",
                       question: "the log-normal law of the training σ, ln σ ~ N(P_mean, P_std²)",
                       base: edm, sampling: heun10, axes: [(.pMean, "-1.2,-0.6,0"), (.pStd, "1.2,1.6")], datasets: hard,
                       decidesFor: shared))
        s.append(Stage(name: "edm-sigma-data", title: "EDM: the data scale σ_data",
                       question: "σ_data of the preconditioning (the data are standardised: each axis has variance about 1)",
                       base: edm, sampling: heun10, axes: [(.sigmaData, "0.5,0.75,1")], datasets: hard, decidesFor: shared))
        s.append(Stage(name: "edm-weighting", title: "EDM: the loss weighting",
                       question: "the weight of each σ in the loss: EDM's, ε-prediction's (∝ 1/σ²) or x₀-prediction's (∝ 1)",
                       base: edm, sampling: heun10, axes: [(.lossWeighting, "edm,eps,x0")], datasets: hard, decidesFor: shared))
        // The optimiser, for EDM (and PFGM++, which shares it).
        s += optimizerStages("edm", "EDM", edm, heun10, decidesFor: shared)
        // Flow matching: its time law and solver, then its optimiser.
        s.append(Stage(name: "fm-sampler", title: "Flow matching: the time law and the solver",
                       question: "uniform against logit-normal training times (scale 0, 0.5, 1), with Euler or Heun at 5 or 10 steps, within 10 network evaluations",
                       base: fm, sampling: heun10,
                       axes: [(.logitNormalScale, "0,0.5,1"), (.solver, "euler,heun"), (.solverSteps, "5,10")],
                       datasets: all, evaluationBudget: 10))
        s += optimizerStages("fm", "Flow matching", fm, heun10, decidesFor: [.flowMatching])
        s.append(Stage(name: "fm-grid", title: "Flow matching: the sampler's time grid",
                       question: "uniform steps in t, or shifted towards the data (s < 1) or the noise (s > 1): t = u / (u + s (1 − u)) for uniform u",
                       base: fm, sampling: heun10, axes: [(.timeShift, "0.5,1,1.5")], datasets: all, evaluationBudget: 10))
        // The solver of the σ-based methods last, on the decided training.
        for (prefix, name, b) in [("edm", "EDM", edm), ("pfgm", "PFGM++ (D = 4)", pfgm)] {
            s.append(Stage(name: "\(prefix)-solver", title: "\(name): the solver and its steps",
                           question: "Euler, Heun or RK4 at 5, 10 or 20 steps, within 20 network evaluations",
                           base: b, sampling: heun10, axes: [(.solver, "euler,heun,rk4"), (.solverSteps, "5,10,20")],
                           datasets: all, evaluationBudget: 20))
        }
        // The training set's size: its own sampling noise is learnt with it.
        for (prefix, name, b) in [("edm", "EDM", edm), ("pfgm", "PFGM++ (D = 4)", pfgm), ("fm", "Flow matching", fm)] {
            s.append(Stage(name: "\(prefix)-train-size", title: "\(name): the training set's size",
                           question: "20 000 or 200 000 training points (shown, not chosen: a fixed set's own sampling noise is part of what the network learns, but at 3 seeds the difference is within the noise)",
                           base: b, sampling: heun10, axes: [(.trainSize, "20000,200000")], datasets: all, isCheck: true))
        }
        // The decided settings of each method on every dataset: the targets.
        for (prefix, name, b) in [("edm", "EDM", edm), ("pfgm", "PFGM++ (D = 4)", pfgm), ("fm", "Flow matching", fm)] {
            s.append(Stage(name: "\(prefix)-check", title: "\(name): the decided settings against the targets",
                           question: "every decision above, on all four datasets", base: b, sampling: heun10, axes: [],
                           datasets: all, isCheck: true))
        }
        return TuningPlan(stages: s, seeds: 3, sampleCount: 10_000)
    }

    /// The learning rate × EMA, the schedule's floor, and the batch (shown only).
    static func optimizerStages(_ prefix: String, _ name: String, _ base: TrainingConfiguration, _ sampling: SweepSampling,
                                decidesFor methods: [MethodKind]) -> [Stage] {
        [
            Stage(name: "\(prefix)-optimizer", title: "\(name): learning rate and EMA",
                  question: "Adam's peak learning rate and the EMA decay of the weights that sample",
                  base: base, sampling: sampling, axes: [(.lr, "0.0025,0.005,0.01"), (.emaDecay, "0.99,0.999")],
                  datasets: hardDatasets, decidesFor: methods),
            Stage(name: "\(prefix)-schedule", title: "\(name): the learning-rate schedule",
                  question: "the end of the cosine decay as a fraction of the peak (1: a constant rate after warm-up)",
                  base: base, sampling: sampling, axes: [(.lrFloor, "0.01,0.1,1")], datasets: hardDatasets,
                  decidesFor: methods),
            Stage(name: "\(prefix)-batch", title: "\(name): the batch size at 4000 steps",
                  question: "how quality depends on the batch at `train`'s 4000 steps (shown, not chosen: `train`'s budget fixes it at 1024)",
                  base: base, sampling: sampling, axes: [(.batchSize, "256,512,1024,2048")], datasets: hardDatasets,
                  isCheck: true),
        ]
    }

    static var quickPlan: TuningPlan {
        var edm = base(.diffusion, ImageModelConstants.edm)
        edm.steps = 300
        edm.batchSize = 256
        edm.network = NetworkConfiguration(width: 64)
        let sampling = SweepSampling(solver: .heun, solverSteps: 6, count: 1000)
        let sampler = Stage(name: "quick-edm-sampler", title: "EDM: σ_max (quick)", question: "σ_max at 6 Heun steps",
                            base: edm, sampling: sampling, axes: [(.sigmaMax, "3,80")], datasets: ["moons", "8gaussians"],
                            evaluationBudget: 12)
        let solver = Stage(name: "quick-edm-solver", title: "EDM: the solver (quick)", question: "Euler or Heun at 6 steps",
                           base: edm, sampling: sampling, axes: [(.solver, "euler,heun")], datasets: ["moons", "8gaussians"],
                           evaluationBudget: 12)
        return TuningPlan(stages: [sampler, solver], seeds: 2, sampleCount: 1000)
    }
}
