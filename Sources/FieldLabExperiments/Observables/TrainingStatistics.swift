/// What the optimiser saw since the previous row: `train_loss` (mean
/// minibatch loss, the method's loss), `gradient_norm` (mean ‖g‖₂ before
/// clipping) and `learning_rate` (of the last step). Free: the trainer
/// accumulates them anyway. Empty on a row measured outside training.
public struct TrainingStatistics: Observable {
    public init() {}
    public var columns: [String] { ["train_loss", "gradient_norm", "learning_rate"] }
    public var units: [String] { ["loss", "1", "1"] }
    public mutating func measure(_ state: ObservationState) -> [Double?] {
        [state.trainLoss, state.gradientNorm, state.learningRate]
    }
}
