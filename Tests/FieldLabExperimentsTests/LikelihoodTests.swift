import Foundation
import Testing
import FieldLabCore
import FieldLabData
import FieldLabExperiments
import FieldLabMethods
import FieldLabSampling

/// NLL by the probability-flow ODE with the exact divergence, against the
/// closed form for Gaussian data: −log N(x; 0, I) = ln 2π + ‖x‖²/2.
@Suite struct LikelihoodTests {
    static let heldOut: [Point] = {
        var rng = SeededGenerator(seed: 21)
        return ToyDataset.gaussian.sample(count: 400, using: &rng)
    }()
    static let analytic = heldOut.map { log(2 * Double.pi) + ($0 * $0).sum() / 2 }

    @Test(arguments: [MethodKind.diffusion, .flowMatching])
    func exactFieldNLLMatchesTheAnalyticValue(kind: MethodKind) {
        // The method as the likelihood integrates it (``GenerativeMethod/likelihoodMethod``).
        let method = makeMethod(kind: kind).likelihoodMethod
        var field = GaussianDataField(method: method)
        let grid = kind == .flowMatching ? method.exactTimeGrid(steps: 64) : method.timeGrid(steps: 64)
        let nll = Likelihood.negativeLogLikelihood(of: Self.heldOut, field: &field, method: method, grid: grid)
        let mean = nll.reduce(0, +) / Double(nll.count)
        let expected = Self.analytic.reduce(0, +) / Double(Self.analytic.count)
        #expect(abs(mean - expected) < 0.05, "\(kind.rawValue): \(mean) vs \(expected)")
        // Point by point too: the ODE carries each point's own density.
        let worst = zip(nll, Self.analytic).map { abs($0 - $1) }.max()!
        #expect(worst < 0.1, "worst point differs by \(worst)")
    }

    @Test(arguments: MethodKind.allCases)
    func trainedNetworkNLLIsNearTheAnalyticValue(kind: MethodKind) throws {
        let config = TrainingConfiguration(method: kind, dataset: "gaussian", trainSize: 20_000, steps: 1500,
                                           batchSize: 512, seed: 5)
        let set = try TrainingSet.load("gaussian", size: 20_000, seed: 5)
        let network = try Trainer.train(config, on: set).network
        let nll = Likelihood.meanNegativeLogLikelihood(network: network, method: config.generativeMethod,
                                                       points: Self.heldOut)
        let expected = Self.analytic.reduce(0, +) / Double(Self.analytic.count)
        #expect(nll.isFinite)
        #expect(abs(nll - expected) < 0.15, "\(kind.rawValue): \(nll) vs \(expected)")
    }
}
