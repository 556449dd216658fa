import CFFTW
import Foundation

/// A forward (r2c) and backward (c2r) FFTW plan for one `P × P` real size,
/// out of place, made on `fftw_malloc`-aligned arrays so that they can be
/// executed on any other such arrays through the new-array interface
/// (`fftw_execute_dft_r2c(plan, in, out)`), which is thread-safe.
final class FFTPlanPair: @unchecked Sendable {
    let size: Int
    let forward: fftw_plan
    let backward: fftw_plan
    /// Wall-clock seconds the planner took for both plans.
    let planningSeconds: Double

    /// Plans with `FFTW_MEASURE`, which overwrites the arrays it is given
    /// (so it plans on scratch arrays of its own). Call with the planner lock held.
    fileprivate init(size: Int) {
        let start = DispatchTime.now().uptimeNanoseconds
        let real = fftw_alloc_real(size * size)!
        let complex = fftw_alloc_complex(size * (size / 2 + 1))!
        defer { fftw_free(real); fftw_free(complex) }
        let n = Int32(size)
        guard let f = fftw_plan_dft_r2c_2d(n, n, real, complex, FFTW_MEASURE),
              let b = fftw_plan_dft_c2r_2d(n, n, complex, real, FFTW_MEASURE | FFTW_DESTROY_INPUT)
        else { fatalError("FFTW could not plan a \(size)×\(size) real transform") }
        forward = f
        backward = b
        self.size = size
        planningSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    }

    deinit {
        FFTPlanCache.shared.withPlannerLock {
            fftw_destroy_plan(forward)
            fftw_destroy_plan(backward)
        }
    }
}

/// A batch of `lanes` 1-D real transforms of length `P` (forward r2c and
/// backward c2r), each line contiguous: real line `w` at `w·P`, its spectrum
/// (`P/2 + 1` bins) at `w·(P/2 + 1)`. (Interleaving the lanes, stride `lanes`,
/// would save the transposes around them, but FFTW ran it 2–3× slower.)
/// Out of place, made on `fftw_malloc`-aligned arrays for the new-array interface.
final class FFTLinePlans: @unchecked Sendable {
    let size: Int
    let lanes: Int
    let forward: fftw_plan
    let backward: fftw_plan

    /// Plans with `FFTW_MEASURE` on scratch arrays. Call with the planner lock held.
    fileprivate init(size: Int, lanes: Int) {
        let real = fftw_alloc_real(size * lanes)!
        let complex = fftw_alloc_complex((size / 2 + 1) * lanes)!
        defer { fftw_free(real); fftw_free(complex) }
        var n = Int32(size)
        let w = Int32(lanes), bins = Int32(size / 2 + 1)
        guard let f = fftw_plan_many_dft_r2c(1, &n, w, real, nil, 1, n, complex, nil, 1, bins, FFTW_MEASURE),
              let b = fftw_plan_many_dft_c2r(1, &n, w, complex, nil, 1, bins, real, nil, 1, n,
                                              FFTW_MEASURE | FFTW_DESTROY_INPUT)
        else { fatalError("FFTW could not plan \(lanes) real transforms of length \(size)") }
        forward = f
        backward = b
        self.size = size
        self.lanes = lanes
    }

    deinit {
        FFTPlanCache.shared.withPlannerLock {
            fftw_destroy_plan(forward)
            fftw_destroy_plan(backward)
        }
    }
}

/// The process-wide store of FFTW plans, one pair per padded size.
///
/// FFTW's planner (plan creation and destruction) is not thread-safe, so every
/// planner call goes through one lock; executing a finished plan is safe from
/// any thread. Plans are kept for the life of the process: planning a 512²
/// transform with `FFTW_MEASURE` costs about a quarter of a second, executing
/// it well under a millisecond.
final class FFTPlanCache: @unchecked Sendable {
    static let shared = FFTPlanCache()

    private let plannerLock = NSLock()
    private var pairs: [Int: FFTPlanPair] = [:]
    private struct LineKey: Hashable { let size: Int; let lanes: Int }
    private var lines: [LineKey: FFTLinePlans] = [:]

    /// The plan pair for `P × P` real arrays, made on first request.
    func plans(size: Int) -> FFTPlanPair {
        withPlannerLock {
            if let pair = pairs[size] { return pair }
            let pair = FFTPlanPair(size: size)
            pairs[size] = pair
            return pair
        }
    }

    /// The batched 1-D plans for `lanes` lines of length `P`, made on first request.
    func linePlans(size: Int, lanes: Int) -> FFTLinePlans {
        withPlannerLock {
            let key = LineKey(size: size, lanes: lanes)
            if let plans = lines[key] { return plans }
            let plans = FFTLinePlans(size: size, lanes: lanes)
            lines[key] = plans
            return plans
        }
    }

    /// Seconds spent planning size `P`, or nil when it has not been planned.
    func planningSeconds(size: Int) -> Double? {
        withPlannerLock { pairs[size]?.planningSeconds }
    }

    /// Runs `body` holding the planner lock (a recursive lock would be needed
    /// if `body` planned again; nothing does).
    func withPlannerLock<T>(_ body: () -> T) -> T {
        plannerLock.lock()
        defer { plannerLock.unlock() }
        return body()
    }
}
