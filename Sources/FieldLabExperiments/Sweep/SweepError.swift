/// What a user or a sweep folder can get wrong. Each description is one line
/// that names the problem.
public enum SweepError: Error, CustomStringConvertible, Equatable {
    case unknownParameter(String)
    case malformedVary(String)
    case emptyValues(String)
    case malformedValues(String, String, String)
    case valueOutOfRange(String, String, String)
    case repeatedParameter(String)
    case noAxes
    case badSeeds(Int)
    case extraDimsNeedsPoisson
    case constantNeedsMethod(String, [String])
    case sigmaRange(String)
    case tooManyPoints(Int)
    case malformedShard(String)
    case slurmShard(String)
    case mergeConflict([String])
    case differentSweep(folder: String, differences: [String])
    case notASweep(folder: String, reason: String)
    case noResults(folder: String)
    case noFreshTruth(String)
    case malformedSet(String)
    case setNeedsMethod(String, method: String)
    case setOutOfRange(String, String, String)

    public var description: String {
        switch self {
        case let .unknownParameter(name):
            "unknown sweep parameter '\(name)' (known: \(SweepParameter.allCases.map(\.rawValue).joined(separator: ", ")))"
        case let .malformedVary(text):
            "malformed --vary '\(text)': expected PARAM=V1,V2,… or PARAM=log:START:END:COUNT or PARAM=lin:START:END:COUNT"
        case let .emptyValues(name): "--vary \(name) has no values"
        case let .malformedValues(name, text, reason): "malformed values for --vary \(name) '\(text)': \(reason)"
        case let .valueOutOfRange(name, value, rule): "--vary \(name) value \(value) is out of range: must be \(rule)"
        case let .repeatedParameter(name): "--vary \(name) is given twice (give all its values in one --vary)"
        case .noAxes: "a sweep needs at least one --vary PARAM=…"
        case let .badSeeds(n): "--seeds must be from 1 to 1000, got \(n)"
        case .extraDimsNeedsPoisson: "--vary extra-dims applies only to Poisson flow: use --poisson (and no other method)"
        case let .constantNeedsMethod(name, methods):
            "--vary \(name) applies only to \(methods.joined(separator: " and ")): every point's method must have it"
        case let .sigmaRange(detail): "sigma-min must be below sigma-max at every point: \(detail)"
        case let .tooManyPoints(n): "the sweep has \(n) points, more than 1000000"
        case let .malformedShard(text): "malformed --shard '\(text)': expected I/N with 0 ≤ I < N (e.g. 0/4), or slurm"
        case let .slurmShard(reason): "--shard slurm: \(reason)"
        case let .mergeConflict(points):
            "\(points.count) points finished with different results in different folders, nothing merged: "
                + points.prefix(5).joined(separator: "; ") + (points.count > 5 ? "; and \(points.count - 5) more" : "")
        case let .differentSweep(folder, differences):
            "sweep folder '\(folder)' holds a different sweep (\(differences.prefix(3).joined(separator: "; "))"
                + (differences.count > 3 ? "; and \(differences.count - 3) more" : "") + "): use another --out"
        case let .notASweep(folder, reason): "'\(folder)' is not a sweep folder: \(reason)"
        case let .noResults(folder): "sweep folder '\(folder)' has no finished points yet"
        case let .noFreshTruth(dataset):
            "sweep quality needs a built-in dataset to draw fresh truth from; '\(dataset)' is a file"
        case let .malformedSet(text):
            "malformed --set '\(text)': expected PARAM=VALUE with PARAM one of "
                + SweepParameter.settable.map(\.rawValue).joined(separator: ", ")
        case let .setNeedsMethod(name, method): "--set \(name) does not apply to \(method)"
        case let .setOutOfRange(name, value, rule): "--set \(name) value \(value) is out of range: must be \(rule)"
        }
    }
}
