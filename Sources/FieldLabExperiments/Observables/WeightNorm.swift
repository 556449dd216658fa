/// `weight_norm`: ‖θ‖₂ of the raw (not averaged) parameters, weights and
/// biases; the averaged ones when the raw ones are unknown. One pass over
/// the parameters.
public struct WeightNorm: Observable {
    public init() {}
    public var columns: [String] { ["weight_norm"] }
    public var units: [String] { ["1"] }
    public mutating func measure(_ state: ObservationState) -> [Double?] {
        var total = 0.0
        for p in state.rawParameters ?? state.network.parameters { total += Double(p) * Double(p) }
        return [total.squareRoot()]
    }
}
