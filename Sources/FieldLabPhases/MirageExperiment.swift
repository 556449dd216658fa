import FieldLabExperiments
import Foundation

/// The mirage: thresholded against continuous metrics (in progress).
public struct MirageExperiment: PhaseExperiment {
    public static let name = "mirage"
    public static let title = "The mirage: thresholded against continuous metrics"
    public static let papers = ""

    public init() {}

    public func run(_ context: ExperimentContext) throws -> ExperimentOutcome {
        throw ExperimentError.missingResults("not written yet")
    }
}
