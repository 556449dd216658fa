import Dispatch
import FieldLabCore
import FieldLabData
import FieldLabMetrics
import Foundation
import Synchronization

/// The exact-field runs of the collapse experiment: for each dataset, size
/// and seed, a training set, the stopped exact flow read off at every
/// σ_stop, and the memorisation ratio (1/3 rule) and its continuous twin of
/// the denoised outputs. No training.
struct CollapseRuns {
    var datasets: [String]
    var sizes: [Int]
    /// Training sets (seeds) per size: `smallSeeds` up to N = 256, where
    /// they cost little and the spread between sets is largest, `seeds` above.
    var seeds: Int
    var smallSeeds: Int
    var samples: Int
    /// The power-law fit of d uses the sizes from this one up (≥ 8 points
    /// per mode of 8gaussians; the local exponents use every size).
    var fitFrom: Int
    /// σ_stop, increasing.
    var stops: [Double]

    static func plan(quick: Bool) -> CollapseRuns {
        let perDecade = quick ? 4 : 6
        let stops = (0...(Int(4.5 * Double(perDecade)))).map { pow(10, -4 + Double($0) / Double(perDecade)) }
        return quick
            ? CollapseRuns(datasets: ["8gaussians"], sizes: [16, 64, 256, 1024], seeds: 2, smallSeeds: 2, samples: 256,
                           fitFrom: 64, stops: stops)
            : CollapseRuns(datasets: ["8gaussians", "checkerboard", "moons", "swissroll"],
                           sizes: [4, 8, 16, 32, 64, 128, 256, 1024, 4096, 16384], seeds: 4, smallSeeds: 16, samples: 512,
                           fitFrom: 64, stops: stops)
    }

    func seedCount(_ n: Int) -> Int { sizes[n] <= 256 ? smallSeeds : seeds }

    /// What one dataset gave: the ratio's scaling, the continuous twin's
    /// (1 − the geometric mean of d1/d2: 1 when every output is a training
    /// point, near 0 when outputs sit between points), and the data's scale.
    struct Result {
        var ratio: CollapseScaling
        var continuous: CollapseScaling
        /// The within-mode per-coordinate standard deviation (seed mean) and
        /// the number of modes its points are shared among (8 for 8gaussians).
        var sigmaData: Double
        var modes: Int
    }

    /// Runs every (dataset, size, seed) on `jobs` threads, one core each.
    func run(jobs: Int) throws -> [Result] {
        struct Task: Sendable { var dataset: Int, size: Int, seed: Int }
        var tasks: [Task] = []
        for d in datasets.indices {
            for n in sizes.indices { for s in 0..<seedCount(n) { tasks.append(Task(dataset: d, size: n, seed: s)) } }
        }
        // Largest first, so that the two threads finish together.
        tasks.sort { sizes[$0.size] > sizes[$1.size] }
        let sets = try tasks.map { t in try TrainingSet.load(datasets[t.dataset], size: sizes[t.size], seed: UInt64(t.seed)).points }
        // Per task: the ratio and the continuous twin at every stop.
        let outputs = Mutex([(ratio: [Double], continuous: [Double])](repeating: ([], []), count: tasks.count))
        let next = Atomic<Int>(0)
        let stopsDown = Array(stops.reversed())
        let flow = StoppedExactFlow()
        let (samples, taskList) = (samples, tasks)
        let work: @Sendable (Int) -> Void = { _ in
            while true {
                let i = next.add(1, ordering: .relaxed).oldValue
                guard i < taskList.count else { return }
                let training = sets[i]
                let index = Memorization.Index(training: training)
                let denoised = Parallel.serially {
                    flow.denoised(training: training, stops: stopsDown, count: samples, seed: 1000 + UInt64(taskList[i].seed))
                }
                let scores = denoised.reversed().map { Self.scores($0, index: index) }
                outputs.withLock { $0[i] = (scores.map(\.ratio), scores.map(\.continuous)) }
            }
        }
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, tasks.count)), execute: work)
        let results = outputs.withLock { $0 }
        let r = results.map(\.ratio), c = results.map(\.continuous)
        var position: [String: Int] = [:]
        for (i, t) in tasks.enumerated() { position["\(t.dataset) \(t.size) \(t.seed)"] = i }
        return datasets.indices.map { d in
            func at(_ n: Int, _ s: Int) -> Int { position["\(d) \(n) \(s)"]! }
            func cube(_ values: [[Double]]) -> [[[Double]]] {
                sizes.indices.map { n in (0..<seedCount(n)).map { s in values[at(n, s)] } }
            }
            let modes = datasets[d] == "8gaussians" ? 8 : 1
            let largest = sizes.count - 1
            let spreads = (0..<seedCount(largest)).map { s in Self.withinModeStandardDeviation(sets[at(largest, s)], modes: modes) }
            return Result(ratio: CollapseScaling(sizes: sizes, stops: stops, ratio: cube(r)),
                          continuous: CollapseScaling(sizes: sizes, stops: stops, ratio: cube(c)),
                          sigmaData: spreads.reduce(0, +) / Double(spreads.count), modes: modes)
        }
    }

    /// The 1/3-rule ratio of `outputs` and its continuous twin, 1 − the
    /// geometric mean of d1/d2, from one nearest-neighbour search each.
    ///
    /// Where D* has returned a training point itself, d1 is round-off
    /// (d1/d2 ≈ 10⁻¹⁵), and FFTW's run-to-run last bits (its `FFTW_MEASURE`
    /// plans are picked by timing) would move the geometric mean by 10⁻⁴ from
    /// run to run. d1/d2 below ``ratioFloor`` counts as the floor: such an
    /// output is a copy either way. What remains of those bits (about 10⁻¹¹)
    /// is rounded away by keeping the twin at Float precision, as the field
    /// errors are, so that the same seed gives the same file.
    static func scores(_ outputs: [Point], index: Memorization.Index) -> (ratio: Double, continuous: Double) {
        var memorised = 0
        var logs = 0.0
        for p in outputs {
            let (d1, d2) = index.twoNearestDistances(to: p)
            if d1 < d2 / 3 { memorised += 1 }
            logs += log(max(d1 / d2, ratioFloor))
        }
        let n = Double(outputs.count)
        return (Double(memorised) / n, Double(Float(1 - exp(logs / n))))
    }

    static let ratioFloor = 1e-9

    /// The per-coordinate standard deviation about the mean of each mode
    /// (modes: the eight 45° sectors about the centre for 8gaussians; one
    /// mode otherwise), pooled over modes.
    static func withinModeStandardDeviation(_ points: [Point], modes: Int) -> Double {
        let centre = points.reduce(Point(0, 0), +) / Double(points.count)
        func mode(_ p: Point) -> Int {
            guard modes > 1 else { return 0 }
            let d = p - centre
            let sector = (atan2(d.y, d.x) / (2 * Double.pi / Double(modes))).rounded()
            return (Int(sector) % modes + modes) % modes
        }
        var sums = [Point](repeating: Point(0, 0), count: modes), counts = [Int](repeating: 0, count: modes)
        for p in points { sums[mode(p)] = sums[mode(p)] + p; counts[mode(p)] += 1 }
        var total = 0.0
        for p in points {
            let m = mode(p)
            let d = p - sums[m] / Double(counts[m])
            total += d.x * d.x + d.y * d.y
        }
        return (total / Double(2 * max(points.count - modes, 1))).squareRoot()
    }
}
