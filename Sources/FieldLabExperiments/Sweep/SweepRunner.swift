import Dispatch
import FieldLabCore
import Foundation
import Synchronization

/// Runs a sweep's points into its folder.
///
/// Resumable by construction: a point is run in a temporary folder and
/// renamed to `points/<id>/` only when complete, so a killed sweep leaves
/// either a whole point or none, and running the same command again runs
/// only what is missing. A point that fails (it diverges, a file cannot be
/// written) is recorded in `failed/<id>.json` and the sweep goes on; later
/// runs retry it only when asked. A point folder whose `result.json` cannot
/// be read is set aside in `corrupt/` and run again.
public enum SweepRunner {
    public struct Options: Sendable {
        /// Points run side by side, one core each (1: one at a time, on all cores).
        public var jobs = 1
        public var shard = SweepShard.all
        public var retryFailed = false
        public init(jobs: Int = 1, shard: SweepShard = .all, retryFailed: Bool = false) {
            self.jobs = jobs
            self.shard = shard
            self.retryFailed = retryFailed
        }
    }

    public enum Event: Sendable {
        /// What this run will do: points in the plan, in the shard, already
        /// finished, failed earlier (skipped), and to run now.
        case planned(total: Int, inShard: Int, finished: Int, skippedFailed: Int, toRun: Int)
        case setAside(id: String, reason: String)
        case finished(SweepPoint, seconds: Double, done: Int, of: Int)
        case failed(SweepPoint, reason: String, done: Int, of: Int)
    }

    public struct Summary: Sendable {
        public var ran: Int
        public var failed: Int
        public var alreadyFinished: Int
        public var skippedFailed: Int
        public var seconds: Double
        /// Points finished (or failed) per minute of wall time.
        public var pointsPerMinute: Double { seconds > 0 ? Double(ran + failed) * 60 / seconds : 0 }
    }

    /// Runs the points of `specification` in `options.shard` that `folder`
    /// does not hold yet.
    public static func run(_ specification: SweepSpecification, in folder: SweepFolder, options: Options = Options(),
                           report: @escaping @Sendable (Event) -> Void = { _ in }) throws -> Summary {
        precondition(options.jobs >= 1, "at least one job")
        try folder.prepare(for: specification)
        let plan = specification.points
        let mine = plan.filter(options.shard.contains)
        var pending: [SweepPoint] = []
        var finished = 0, skipped = 0
        for point in mine {
            switch folder.state(of: point) {
            case .finished: finished += 1
            case .failed: if options.retryFailed { pending.append(point) } else { skipped += 1 }
            case let .corrupt(reason):
                report(.setAside(id: point.id, reason: reason))
                try folder.setAside(point.id)
                pending.append(point)
            case .missing: pending.append(point)
            }
        }
        removeTemporaryFolders(of: mine, in: folder)
        report(.planned(total: plan.count, inShard: mine.count, finished: finished, skippedFailed: skipped,
                        toRun: pending.count))

        // Points that differ only in how they sample (σ_max, ρ, the solver, …)
        // share one training: one work item per training, its points in plan order.
        var groups: [[SweepPoint]] = []
        var groupOf: [String: Int] = [:]
        for point in pending {
            let identity = point.trainingID
            if let g = groupOf[identity] { groups[g].append(point) } else {
                groupOf[identity] = groups.count
                groups.append([point])
            }
        }
        let queue = groups
        let start = DispatchTime.now().uptimeNanoseconds
        let next = Atomic<Int>(0)
        let counts = Mutex((done: 0, failed: 0))
        let total = pending.count
        let work: @Sendable (Int) -> Void = { _ in
            while true {
                let i = next.add(1, ordering: .relaxed).oldValue
                guard i < queue.count else { return }
                let group = queue[i]
                var t0 = DispatchTime.now().uptimeNanoseconds
                func serially<T>(_ body: () throws -> T) throws -> T {
                    options.jobs > 1 ? try Parallel.serially(body) : try body()
                }
                let trained = Result { try serially { try TrainingRun.train(group[0].training, observeFinal: true) } }
                for point in group {
                    let outcome: Result<Void, Error> = trained.flatMap { trained in
                        Result { try serially { try runPoint(point, trained: trained, in: folder) } }
                    }
                    let now = DispatchTime.now().uptimeNanoseconds
                    let seconds = Double(now - t0) * 1e-9
                    t0 = now
                    switch outcome {
                    case .success:
                        let done = counts.withLock { $0.done += 1; return $0.done + $0.failed }
                        report(.finished(point, seconds: seconds, done: done, of: total))
                    case let .failure(error):
                        let reason = "\(error)"
                        recordFailure(point, reason: reason, in: folder)
                        let done = counts.withLock { $0.failed += 1; return $0.done + $0.failed }
                        report(.failed(point, reason: reason, done: done, of: total))
                    }
                }
            }
        }
        let jobs = min(options.jobs, max(1, queue.count))
        if jobs == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: jobs, execute: work) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        let (ran, failed) = counts.withLock { ($0.done, $0.failed) }
        return Summary(ran: ran, failed: failed, alreadyFinished: finished, skippedFailed: skipped, seconds: seconds)
    }

    /// Runs one point in a temporary folder beside its final place, writes
    /// its `result.json`, and renames the folder into place.
    static func runPoint(_ point: SweepPoint, in folder: SweepFolder) throws {
        try runPoint(point, trained: try TrainingRun.train(point.training, observeFinal: true), in: folder)
    }

    /// ``runPoint(_:in:)`` with the point's network already trained (by
    /// this point's settings or by ones that differ only in sampling).
    static func runPoint(_ point: SweepPoint, trained: TrainingRun.Trained, in folder: SweepFolder) throws {
        let id = point.id
        let temporary = folder.pointsPath + "/.tmp-\(id)-\(hostName)-\(getpid())"
        try? FileManager.default.removeItem(atPath: temporary)
        defer {
            try? FileManager.default.removeItem(atPath: temporary)
            Interruption.finished(temporary)
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let sampling = SamplingOptions(count: point.sampling.count, solver: point.sampling.solver,
                                       steps: point.sampling.solverSteps, seed: point.seed &+ 1)
        let output = try TrainingRun.finish(trained, as: point.training, sampling: sampling, folder: temporary,
                                            observeFinal: true)
        let total = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 + trained.training.seconds
        // The final observables; their timing columns go to `timings`, so that
        // the same point gives the same observables on every run.
        var observables: [String: Double?] = [:]
        var names: [String] = []
        if let row = output.finalObservation {
            for (name, value) in zip(row.columns, row.values) where !ObservationRow.timingColumns.contains(name) {
                names.append(name)
                observables[name] = value.flatMap { $0.isFinite ? $0 : nil }
            }
        }
        let result = SweepPointResult(
            fieldlabVersion: FieldLabVersion.string, id: id, point: point, observables: observables,
            observableNames: names,
            timings: .init(trainSeconds: output.training.seconds - output.training.observeSeconds,
                           sampleSeconds: output.samplingSeconds,
                           observeSeconds: output.observer?.observeSeconds ?? 0, totalSeconds: total))
        try AtomicFile.write(Array(try SweepJSON.encode(result, pretty: true)) + [10], to: temporary + "/result.json")
        let destination = folder.pointPath(id)
        if rename(temporary, destination) != 0 {
            // Another process (a shard run twice) finished it first: keep theirs.
            guard FileManager.default.fileExists(atPath: destination + "/result.json") else {
                throw RunFolder.FolderError.unwritable(path: destination, reason: String(cString: strerror(errno)))
            }
        }
        try? FileManager.default.removeItem(atPath: folder.failurePath(id))
    }

    /// This machine's name (for temporary folders on a shared file system).
    static let hostName: String = {
        var buffer = [UInt8](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "host" }
        let name = String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
        return name.isEmpty ? "host" : name.replacingOccurrences(of: "/", with: "_")
    }()

    static func recordFailure(_ point: SweepPoint, reason: String, in folder: SweepFolder) {
        let failure = SweepFailure(id: point.id, index: point.index, reason: reason,
                                   fieldlabVersion: FieldLabVersion.string)
        if let data = try? SweepJSON.encode(failure, pretty: true) {
            try? AtomicFile.write(Array(data) + [10], to: folder.failurePath(point.id))
        }
    }

    /// Removes what killed runs of these points left behind (`.tmp-<id>-…`).
    /// Only this shard's points: another shard may be writing its own.
    static func removeTemporaryFolders(of points: [SweepPoint], in folder: SweepFolder) {
        let ids = Set(points.map(\.id))
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.pointsPath)) ?? []
        for entry in entries where entry.hasPrefix(".tmp-") {
            let id = String(entry.dropFirst(5).prefix(16))
            if ids.contains(id) { try? FileManager.default.removeItem(atPath: folder.pointsPath + "/" + entry) }
        }
    }
}
