import FieldLabCore
import Foundation

/// `sweep merge`: joins shards of one sweep that ran into different folders
/// (node-local scratch, several machines) into one sweep folder.
///
/// Every folder must hold the same plan. Each planned point appears once in
/// the result: a point finished in several folders is kept once when the
/// results agree (everything but the timings), and the merge is refused,
/// before anything is written, when they do not. Points that no folder
/// finished are listed (and failures carried over); point folders that are
/// not in the plan are listed and left out.
public enum SweepMerge {
    public struct Summary: Sendable, Equatable {
        /// Points in the plan.
        public var planned: Int
        /// Points the output folder holds after the merge.
        public var merged: Int
        /// Points copied in by this merge.
        public var copied: Int
        /// Points finished in more than one place with identical results (kept once).
        public var identicalDuplicates: Int
        /// Planned points that no folder finished, by plan index.
        public var missing: [SweepPoint]
        /// Point folders whose id is not in the plan, as `folder/points/id`.
        public var notInPlan: [String]
    }

    public static func merge(_ inputs: [String], into output: String) throws -> Summary {
        guard !inputs.isEmpty else { throw SweepError.notASweep(folder: output, reason: "no folders to merge") }
        // The plan: every input's, and the output's if it has one, must agree.
        var specification: SweepSpecification?
        for path in inputs {
            guard let spec = try SweepFolder(path).loadSpecification() else {
                throw SweepError.notASweep(folder: path, reason: "it has no sweep.json")
            }
            if let first = specification {
                let differences = spec.differences(from: first)
                guard differences.isEmpty else { throw SweepError.differentSweep(folder: path, differences: differences) }
            } else {
                specification = spec
            }
        }
        let plan = specification!
        let target = SweepFolder(output)
        let targetPath = URL(fileURLWithPath: output).standardizedFileURL.path
        let sources = inputs.filter { URL(fileURLWithPath: $0).standardizedFileURL.path != targetPath }.map(SweepFolder.init)
        let points = plan.points
        let planned = Set(points.map(\.id))

        // Read everything first: nothing is written when the merge is refused.
        var chosen: [String: String] = [:]        // id → folder path of the copy to take
        var kept: [String: SweepPointResult] = [:]
        var failures: [String: String] = [:]      // id → failure file
        var conflicts: [String] = []
        var duplicates = 0
        var alreadyThere = Set<String>()
        let targetExists = FileManager.default.fileExists(atPath: target.specificationPath)
        for point in points {
            var found: [(folder: SweepFolder, result: SweepPointResult)] = []
            if targetExists, case let .finished(result) = target.state(of: point) {
                found.append((target, result)); alreadyThere.insert(point.id)
            }
            for source in sources {
                switch source.state(of: point) {
                case let .finished(result): found.append((source, result))
                case .failed: if failures[point.id] == nil { failures[point.id] = source.failurePath(point.id) }
                case .corrupt, .missing: break
                }
            }
            guard let first = found.first else { continue }
            let agree = found.dropFirst().allSatisfy { Self.sameResult($0.result, first.result) }
            if !agree {
                conflicts.append(point.id + " (" + found.map(\.folder.path).joined(separator: ", ") + ")")
                continue
            }
            duplicates += found.count - 1
            kept[point.id] = first.result
            chosen[point.id] = first.folder.pointPath(point.id)
        }
        guard conflicts.isEmpty else { throw SweepError.mergeConflict(conflicts) }
        var notInPlan: [String] = []
        for source in sources {
            let ids = (try? FileManager.default.contentsOfDirectory(atPath: source.pointsPath)) ?? []
            for id in ids.sorted() where !id.hasPrefix(".") && !planned.contains(id) {
                notInPlan.append(source.pointPath(id))
            }
        }

        try target.prepare(for: plan)
        var copied = 0
        for point in points {
            guard let from = chosen[point.id], !alreadyThere.contains(point.id) else { continue }
            // Copied beside its place, then renamed in whole (as a sweep writes a point).
            let temporary = target.pointsPath + "/.merge-\(point.id)-\(getpid())"
            try? FileManager.default.removeItem(atPath: temporary)
            do {
                try FileManager.default.copyItem(atPath: from, toPath: temporary)
            } catch {
                try? FileManager.default.removeItem(atPath: temporary)
                throw RunFolder.FolderError.unwritable(path: target.pointsPath, reason: "cannot copy point \(point.id)")
            }
            guard rename(temporary, target.pointPath(point.id)) == 0 else {
                try? FileManager.default.removeItem(atPath: temporary)
                throw RunFolder.FolderError.unwritable(path: target.pointsPath, reason: "cannot move point \(point.id) into place")
            }
            try? FileManager.default.removeItem(atPath: target.failurePath(point.id))
            copied += 1
        }
        for (id, file) in failures where kept[id] == nil && file != target.failurePath(id) {
            if let data = FileManager.default.contents(atPath: file) { try AtomicFile.write(Array(data), to: target.failurePath(id)) }
        }
        return Summary(planned: points.count, merged: kept.count, copied: copied, identicalDuplicates: duplicates,
                       missing: points.filter { kept[$0.id] == nil }, notInPlan: notInPlan)
    }

    /// The same result, timings (and the version that wrote it) aside.
    static func sameResult(_ a: SweepPointResult, _ b: SweepPointResult) -> Bool {
        var a = a, b = b
        a.timings = b.timings
        a.fieldlabVersion = b.fieldlabVersion
        return a == b
    }
}
