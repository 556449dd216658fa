import FieldLabCLI
import FieldLabCore
import FieldLabData
@testable import FieldLabExperiments
import FieldLabMethods
import FieldLabSampling
import Foundation
import Testing

/// Points that differ only in how they sample share one training run, and
/// give the same files as if each had been trained on its own.
@Suite struct SweepSharedTrainingTests {
    static let folder = NSTemporaryDirectory() + "fieldlab-sweep-shared-\(getpid())"

    @Test func samplingOnlySettingsKeepTheTrainingIdentity() {
        let base = TrainingConfiguration(method: .diffusion, methodParameters: EDMDiffusion().parameters)
        var other = base
        other.methodParameters["sigma_max"] = 5
        other.methodParameters["rho"] = 3
        other.methodParameters["sigma_min"] = 0.02
        #expect(other.trainingIdentity == base.trainingIdentity)
        var trained = base
        trained.methodParameters["p_mean"] = -0.6
        #expect(trained.trainingIdentity != base.trainingIdentity)
        // Flow matching has no sampling-only constant; observing runs keep their whole configuration.
        var fm = TrainingConfiguration(method: .flowMatching)
        fm.methodParameters["logit_normal_scale"] = 1
        #expect(fm.trainingIdentity != TrainingConfiguration(method: .flowMatching).trainingIdentity)
        var observing = other
        observing.observeEvery = 10
        #expect(observing.trainingIdentity == observing)
    }

    @Test func sharedTrainingGivesTheFilesOfSeparateTraining() throws {
        let shared = Self.folder + "/shared", single = Self.folder + "/single"
        let common = ["sweep", "--diffusion", "--dataset", "8gaussians", "--steps", "30", "--batch-size", "32", "--width", "16",
                      "--depth", "2", "--samples", "200", "--solver-steps", "4", "--seeds", "2"]
        // Four settings × 2 seeds: 2 trainings shared by 4 points each, on two workers.
        #expect(FieldLabCommand.run(common + ["--vary", "sigma-max=3,80", "--vary", "solver=euler,heun", "--jobs", "2",
                                              "--out", shared]) { _ in } == 0)
        let specification = try #require(try SweepFolder(shared).loadSpecification())
        #expect(Set(specification.points.map(\.trainingID)).count == 2)
        // The same points one by one, each trained on its own.
        for point in specification.points {
            let alone = single + "/" + point.id
            try SweepFolder(alone).prepare(for: specification)
            try SweepRunner.runPoint(point, in: SweepFolder(alone))
            // (log.csv is left out: it records wall seconds.)
            for file in ["model.safetensors", "samples.csv", "training-set.csv", "config.json"] {
                let a = try Data(contentsOf: URL(fileURLWithPath: SweepFolder(shared).pointPath(point.id) + "/" + file))
                let b = try Data(contentsOf: URL(fileURLWithPath: SweepFolder(alone).pointPath(point.id) + "/" + file))
                #expect(a == b, "\(file) of \(point.id)")
            }
        }
        // The samples do depend on the sampling settings.
        let ids = specification.points.map(\.id)
        let first = try Data(contentsOf: URL(fileURLWithPath: SweepFolder(shared).pointPath(ids[0]) + "/samples.csv"))
        let second = try Data(contentsOf: URL(fileURLWithPath: SweepFolder(shared).pointPath(ids[2]) + "/samples.csv"))
        #expect(first != second)
        try? FileManager.default.removeItem(atPath: Self.folder)
    }

    @Test func newAxesAreCheckedAndApplied() throws {
        func plan(_ method: MethodKind, _ axis: SweepParameter, _ values: String) throws -> [SweepPoint] {
            let base = TrainingConfiguration(method: method, methodParameters: makeMethod(kind: method).parameters)
            return try SweepSpecification(base: base, sampling: SweepSampling(),
                                          axes: [SweepAxis(parameter: axis, values: SweepValueList.parse(values, for: axis))],
                                          seeds: 1).points
        }
        let solvers = try plan(.flowMatching, .solver, "euler,rk4")
        #expect(solvers.map(\.sampling.solver) == [.euler, .rk4])
        let weights = try plan(.diffusion, .lossWeighting, "edm,eps,x0")
        #expect(weights.map { $0.training.methodParameters["loss_weighting"] } == [nil, 1, 2])
        #expect(try plan(.diffusion, .emaDecay, "0.99").first?.training.emaDecay == 0.99)
        #expect(try plan(.diffusion, .lrFloor, "1").first?.training.learningRateFloor == 1)
        #expect(throws: SweepError.self) { try plan(.flowMatching, .lossWeighting, "eps") }
        #expect(throws: SweepError.self) { try SweepValueList.parse("midpoint", for: .solver) }
        #expect(throws: SweepError.self) { try SweepValueList.parse("1", for: .emaDecay) }
        #expect(throws: SweepError.self) { try SweepValueList.parse("1.5", for: .lrFloor) }
    }

    /// The weights against λ(σ)·c_out²(σ), normalised, computed from EDM's definitions.
    @Test func lossWeightingsFollowTheirLambda() {
        for sigma in [0.01, 0.3, 2.0, 40.0] {
            var m = EDMDiffusion()
            let c = m.denoiserCoefficients(sigma: sigma)
            #expect(m.lossWeight(sigma: sigma) == 1)
            m.lossWeighting = .eps  // λ = 1/σ²: its weight on the network, at most 1 (σ → 0)
            let eps = c.cOut * c.cOut / (sigma * sigma)
            #expect(abs(m.lossWeight(sigma: sigma) - eps) < 1e-12)
            m.lossWeighting = .x0  // λ = 1: at most σ_d² (σ → ∞), scaled to 1
            let x0 = c.cOut * c.cOut / (m.sigmaData * m.sigmaData)
            #expect(abs(m.lossWeight(sigma: sigma) - x0) < 1e-12)
        }
        let example = { (w: EDMDiffusion.LossWeighting) -> Double in
            var m = EDMDiffusion(); m.lossWeighting = w
            return m.example(y: Point(0.5, -0.5), perturbed: Point(1, 1), sigma: 0.3).weight
        }
        #expect(example(.edm) == 1 && example(.eps) > example(.x0))
        #expect(EDMDiffusion(parameters: EDMDiffusion.init().parameters.merging(["loss_weighting": 2]) { $1 }).lossWeighting == .x0)
    }

    @Test func learningRateFloorEndsTheSchedule() {
        var c = TrainingConfiguration(method: .flowMatching, steps: 1000, warmupSteps: 10)
        #expect(abs(c.learningRate(at: 999) - 0.1 * c.learningRate) < 1e-4 * c.learningRate)
        c.learningRateFloor = 1
        #expect(c.learningRate(at: 500) == c.learningRate && c.learningRate(at: 999) == c.learningRate)
        c.learningRateFloor = 0.01
        #expect(abs(c.learningRate(at: 999) - 0.01 * c.learningRate) < 1e-4 * c.learningRate)
        // The default floor is left out of the JSON (old ids stay), another one is kept.
        let json = String(decoding: try! SweepJSON.encode(c), as: UTF8.self)
        #expect(json.contains("learningRateFloor"))
        #expect(!String(decoding: try! SweepJSON.encode(TrainingConfiguration(method: .flowMatching)), as: UTF8.self).contains("learningRateFloor"))
        #expect(try! JSONDecoder().decode(TrainingConfiguration.self, from: SweepJSON.encode(c)) == c)
    }
}
