import FieldLabCore
import FieldLabMethods
import FieldLabNeural

/// The method's own loss, mean w·‖F − target‖², of the averaged network on
/// fixed draws, the same every time:
///
/// - `train_loss_fixed`: `3 × drawsPerBand` (point, noise, scale) draws on
///   training points (drawn with replacement);
/// - `heldout_loss`: as many draws on fresh points of the distribution
///   (empty for a file);
/// - `generalization_gap` = heldout_loss − train_loss_fixed;
/// - `…_low|mid|high`: the same means over the draws whose scale falls in
///   each ``ScaleBand``.
///
/// The scales come from the method's own training distribution (EDM's
/// log-normal σ, flow matching's t, PFGM++'s σ and radius), so the overall
/// value estimates the loss being minimised and the bands hold unequal
/// shares of the draws. Minibatch-OT flow matching is measured with the
/// independent coupling. Cost: one forward pass over `6 × drawsPerBand` rows
/// (single-threaded, so the sums do not depend on the thread count).
public struct FixedLoss: Observable {
    struct Draws: Sendable {
        var input: Matrix<Float>
        var conditioning: [Float]
        var target: [Float]
        var weight: [Float]
        var band: [ScaleBand]
    }

    let training: Draws
    let heldOut: Draws?
    var workspace = MLPWorkspace<Float>(parallel: false)

    public init(context: ObservationContext) {
        let count = 3 * context.settings.drawsPerBand
        var rng = context.generator(1)
        let points = context.trainingPoints
        let ys = (0..<count).map { _ in points[rng.nextIndex(below: points.count)] }
        training = Self.draws(for: ys, method: context.method, using: &rng)
        heldOut = context.freshPoints(count, stream: 2).map { fresh in
            var rng = context.generator(3)
            return Self.draws(for: fresh, method: context.method, using: &rng)
        }
    }

    static func draws(for ys: [Point], method: any GenerativeMethod, using rng: inout SeededGenerator) -> Draws {
        let n = ys.count
        var d = Draws(input: Matrix(rows: n, columns: 2), conditioning: [], target: [], weight: [], band: [])
        for (i, y) in ys.enumerated() {
            let e = method.trainingExample(for: y, using: &rng)
            d.input.storage[2 * i] = Float(e.input.x)
            d.input.storage[2 * i + 1] = Float(e.input.y)
            d.conditioning.append(Float(e.conditioning))
            d.target += [Float(e.target.x), Float(e.target.y)]
            d.weight.append(Float(e.weight))
            d.band.append(ScaleBand(sigma: ScaleBand.sigma(conditioning: e.conditioning, kind: method.kind)))
        }
        return d
    }

    public var columns: [String] {
        ["train_loss_fixed", "heldout_loss", "generalization_gap"]
            + ScaleBand.allCases.map { "train_loss_fixed_" + $0.name }
            + ScaleBand.allCases.map { "heldout_loss_" + $0.name }
    }
    public var units: [String] { Array(repeating: "loss", count: 9) }

    public mutating func measure(_ state: ObservationState) -> [Double?] {
        let train = Self.loss(of: state.network, on: training, workspace: &workspace)
        let held = heldOut.map { Self.loss(of: state.network, on: $0, workspace: &workspace) }
        let gap = held.map { $0.overall - train.overall }
        return [train.overall, held?.overall, gap] + train.bands + (held?.bands ?? [nil, nil, nil])
    }

    /// Mean w·‖F − target‖² over all draws and over each band's (nil for an empty band).
    static func loss(of network: MLP<Float>, on d: Draws,
                     workspace: inout MLPWorkspace<Float>) -> (overall: Double, bands: [Double?]) {
        network.forward(points: d.input, conditioning: d.conditioning, workspace: &workspace)
        var sums = [0.0, 0.0, 0.0], counts = [0, 0, 0]
        let f = workspace.output
        for i in d.weight.indices {
            let ex = Double(f[2 * i] - d.target[2 * i]), ey = Double(f[2 * i + 1] - d.target[2 * i + 1])
            let b = d.band[i].rawValue
            sums[b] += Double(d.weight[i]) * (ex * ex + ey * ey)
            counts[b] += 1
        }
        let total = sums.reduce(0, +) / Double(max(1, d.weight.count))
        return (total, (0..<3).map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : nil })
    }
}
