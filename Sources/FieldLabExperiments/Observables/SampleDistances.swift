import FieldLabCore
import FieldLabMetrics

/// How far the fixed-seed samples are from the distribution: `sliced_w2`
/// (sliced Wasserstein-2 with `slicedProjections` directions) and
/// `energy_distance`, against one fixed fresh sample of the same size, each
/// next to its noise floor (the same metric between two fresh samples of
/// that size, mean of `floorRepeats` pairs, computed once:
/// `sliced_w2_floor`, `energy_distance_floor`). All empty for a file.
/// Cost: one sliced W₂ and one O(n²) energy distance per row.
public struct SampleDistances: Observable {
    let truth: [Point]?
    let floors: (sliced: Double, energy: Double)?
    let projections: Int

    public init(context: ObservationContext) {
        let n = context.settings.sampleCount
        let projections = context.settings.slicedProjections
        self.projections = projections
        truth = context.freshPoints(n, stream: 8)
        if context.dataset != nil {
            var sliced = 0.0, energy = 0.0
            let repeats = context.settings.floorRepeats
            for r in 0..<repeats {
                let a = context.freshPoints(n, stream: 100 + 2 * UInt64(r))!
                let b = context.freshPoints(n, stream: 101 + 2 * UInt64(r))!
                sliced += Distances.slicedWasserstein2(a, b, projections: projections)
                energy += Distances.energyDistance(a, b)
            }
            floors = (sliced / Double(repeats), energy / Double(repeats))
        } else {
            floors = nil
        }
    }

    public var columns: [String] { ["sliced_w2", "sliced_w2_floor", "energy_distance", "energy_distance_floor"] }
    public var units: [String] { ["length", "length", "length", "length"] }
    public var needsSamples: Bool { true }

    public mutating func measure(_ state: ObservationState) -> [Double?] {
        guard let truth, !state.samples.isEmpty else { return [nil, floors?.sliced, nil, floors?.energy] }
        return [Distances.slicedWasserstein2(state.samples, truth, projections: projections), floors?.sliced,
                Distances.energyDistance(state.samples, truth), floors?.energy]
    }
}
