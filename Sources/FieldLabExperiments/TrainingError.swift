/// What can go wrong while training, as opposed to before it (bad input).
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// The run blew up at `step` (1-based: the step whose loss, gradient or
    /// update went bad); `cause` says what was seen. See ``Trainer`` for the rule.
    case diverged(step: Int, cause: String)
    /// `train --resume` found no state to continue, or one that no longer fits.
    case cannotResume(folder: String, reason: String)

    public var description: String {
        switch self {
        case let .diverged(step, cause): "training diverged at step \(step): \(cause)"
        case let .cannotResume(folder, reason): "cannot resume the run in '\(folder)': \(reason)"
        }
    }
}
