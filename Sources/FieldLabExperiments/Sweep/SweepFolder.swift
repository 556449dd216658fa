import FieldLabCore
import Foundation

/// The files of a sweep: `sweep.json` (the plan), `points/<id>/` (one
/// finished run folder with `result.json` each, renamed into place whole),
/// `failed/<id>.json` (points that did not finish, and why), `corrupt/`
/// (point folders whose result could not be read, set aside), `report/`.
public struct SweepFolder: Sendable {
    public let path: String

    public init(_ path: String) { self.path = path }

    public var specificationPath: String { path + "/sweep.json" }
    public var pointsPath: String { path + "/points" }
    public var failedPath: String { path + "/failed" }
    public var corruptPath: String { path + "/corrupt" }
    public var reportPath: String { path + "/report" }
    public func pointPath(_ id: String) -> String { pointsPath + "/" + id }
    public func failurePath(_ id: String) -> String { failedPath + "/" + id + ".json" }

    /// The plan saved in the folder, or nil when there is none yet.
    public func loadSpecification() throws -> SweepSpecification? {
        guard FileManager.default.fileExists(atPath: specificationPath) else { return nil }
        guard let data = FileManager.default.contents(atPath: specificationPath) else {
            throw SweepError.notASweep(folder: path, reason: "sweep.json cannot be read")
        }
        do {
            let specification = try JSONDecoder().decode(SweepSpecification.self, from: data)
            try specification.validate()
            return specification
        } catch let error as SweepError {
            throw SweepError.notASweep(folder: path, reason: "sweep.json: \(error)")
        } catch {
            throw SweepError.notASweep(folder: path, reason: "sweep.json is malformed")
        }
    }

    /// Creates the folder for `specification`, or checks that it already
    /// holds the same sweep (and refuses to mix two).
    public func prepare(for specification: SweepSpecification) throws {
        if let existing = try loadSpecification() {
            let differences = specification.differences(from: existing)
            guard differences.isEmpty else { throw SweepError.differentSweep(folder: path, differences: differences) }
        } else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                guard isDirectory.boolValue else { throw SweepError.notASweep(folder: path, reason: "it is a file") }
                let contents = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                guard contents.filter({ !$0.hasPrefix(".") }).isEmpty else {
                    throw SweepError.notASweep(folder: path, reason: "it is not empty and has no sweep.json")
                }
            }
            try RunFolder.prepare(path)
            try AtomicFile.write(Array(try SweepJSON.encode(specification, pretty: true)) + [10], to: specificationPath)
        }
        for folder in [pointsPath, failedPath] { try RunFolder.prepare(folder) }
        // Finished points stay when the sweep is interrupted: the same command resumes.
        Interruption.keep(pointsPath)
        Interruption.keep(failedPath)
    }

    /// The state of a planned point in the folder.
    public enum PointState: Equatable, Sendable {
        case finished(SweepPointResult)
        case failed(String)
        /// A folder whose result is missing, malformed or from another point.
        case corrupt(String)
        case missing
    }

    public func state(of point: SweepPoint) -> PointState {
        let id = point.id
        let folder = pointPath(id)
        if FileManager.default.fileExists(atPath: folder) {
            guard let data = FileManager.default.contents(atPath: folder + "/result.json") else {
                return .corrupt("no result.json")
            }
            guard let result = try? JSONDecoder().decode(SweepPointResult.self, from: data) else {
                return .corrupt("result.json is malformed or truncated")
            }
            guard result.id == id, result.point == point else {
                return .corrupt("result.json belongs to another point")
            }
            return .finished(result)
        }
        if let data = FileManager.default.contents(atPath: failurePath(id)),
           let failure = try? JSONDecoder().decode(SweepFailure.self, from: data) {
            return .failed(failure.reason)
        }
        return .missing
    }

    /// Moves a corrupt point folder into `corrupt/` (kept for inspection,
    /// never read again), so that the point can run again.
    func setAside(_ id: String) throws {
        try RunFolder.prepare(corruptPath)
        Interruption.keep(corruptPath)
        var n = 0
        while FileManager.default.fileExists(atPath: corruptPath + "/\(id)-\(n)") { n += 1 }
        try FileManager.default.moveItem(atPath: pointPath(id), toPath: corruptPath + "/\(id)-\(n)")
    }
}
