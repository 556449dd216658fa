import FieldLabExperiments
import Foundation

/// Memorisation → generalisation as the training set grows (in progress).
public struct MemorizationExperiment: PhaseExperiment {
    public static let name = "memorization"
    public static let title = "Memorisation → generalisation as the training set grows"
    public static let papers = ""

    public init() {}

    public func run(_ context: ExperimentContext) throws -> ExperimentOutcome {
        throw ExperimentError.missingResults("not written yet")
    }
}
