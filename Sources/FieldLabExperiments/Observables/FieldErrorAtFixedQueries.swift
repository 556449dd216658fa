import Foundation
import FieldLabCore
import FieldLabFields
import FieldLabMethods
import FieldLabNeural

/// How far the averaged network's velocity is from two exact fields, at
/// fixed queries:
///
/// - `field_error_train`: against the exact field of the training set (the
///   memorising reference);
/// - `field_error_population`: against the exact field of a large fresh
///   sample of the distribution (`populationSize` points, 10⁶ by default: the
///   generalising reference; empty for a file; at a scale the grid cannot
///   resolve, the first `directPopulationSize` of them, 10⁵);
/// - `…_low|mid|high`: per ``ScaleBand``.
///
/// Each value is a relative mean squared error, Σ‖v_θ − v*‖² / Σ‖v*‖² over
/// the queries (of the band, or all of them). The queries are drawn once:
/// `queriesPerScale` fresh points (training points for a file) noised by the
/// method's own perturbation at each of `fieldScales` (σ = 0.03 | 0.5 | 3,
/// one per band; flow matching at t = 1/(1 + σ)). Both
/// exact velocities are computed once, at preparation (the cost of building
/// the two exact fields), and rounded to Float (see `roundedToFloat`); a
/// measurement is one network evaluation per scale.
public struct FieldErrorAtFixedQueries: Observable {
    struct Scale: Sendable {
        var time: Double
        var band: ScaleBand
        var queries: Matrix<Double>
        var trainVelocity: Matrix<Double>
        var populationVelocity: Matrix<Double>?
    }

    let scales: [Scale]
    let method: any GenerativeMethod

    public init(context: ObservationContext) {
        let settings = context.settings
        let method = context.method
        self.method = method
        let kind = method.kind
        var rng = context.generator(4)
        let base = context.freshPoints(settings.queriesPerScale * settings.fieldScales.count, stream: 5)
            ?? (0..<(settings.queriesPerScale * settings.fieldScales.count)).map { _ in
                context.trainingPoints[rng.nextIndex(below: context.trainingPoints.count)]
            }
        let trainField = ExactField(method: method, denoiser: ExactDenoiser(points: context.trainingPoints))
        let population = context.freshPoints(settings.populationSize, stream: 6)
        let populationDenoiser = population.map { ExactDenoiser(points: $0) }
        // Where the grid cannot resolve the kernel the field is a direct sum
        // over every point: there the first `directPopulationSize` points serve.
        let directPopulationField = population.map {
            ExactField(method: method, denoiser: ExactDenoiser(points: Array($0.prefix(settings.directPopulationSize))))
        }
        var scales: [Scale] = []
        for (k, sigma) in settings.fieldScales.enumerated() {
            let n = settings.queriesPerScale
            let time = ScaleBand.time(sigma: sigma, kind: kind)
            var x = Matrix<Double>(rows: n, columns: 2)
            for i in 0..<n {
                let y = base[k * n + i]
                let q = Self.perturb(y, sigma: sigma, time: time, method: method, using: &rng)
                x[i, 0] = q.x
                x[i, 1] = q.y
            }
            var train = Matrix<Double>(rows: n, columns: 2)
            var field = trainField
            field.velocity(at: x, time: time, into: &train)
            var population: Matrix<Double>?
            if let denoiser = populationDenoiser, let direct = directPopulationField {
                var field = denoiser.path(for: method.exactKernel(at: time).kernel) == .direct
                    ? direct : ExactField(method: method, denoiser: denoiser)
                var v = Matrix<Double>(rows: n, columns: 2)
                field.velocity(at: x, time: time, into: &v)
                population = v
            }
            scales.append(Scale(time: time, band: ScaleBand(sigma: sigma), queries: x,
                                trainVelocity: Self.roundedToFloat(train),
                                populationVelocity: population.map(Self.roundedToFloat)))
        }
        self.scales = scales
    }

    /// The velocities rounded to Float precision. FFTW_MEASURE picks its
    /// algorithms by timing, so the grid path's last bits (about 10⁻¹⁶
    /// relative) change from run to run; rounded to Float (6·10⁻⁸, the
    /// network's own precision) the same seed gives the same bytes, except
    /// for the rare value that straddles a rounding boundary.
    static func roundedToFloat(_ m: Matrix<Double>) -> Matrix<Double> {
        var m = m
        for i in m.storage.indices { m.storage[i] = Double(Float(m.storage[i])) }
        return m
    }

    /// y perturbed at scale σ by the method's own kernel.
    static func perturb(_ y: Point, sigma: Double, time: Double, method: any GenerativeMethod,
                        using rng: inout SeededGenerator) -> Point {
        let (a, b) = rng.nextGaussianPair()
        if let poisson = method as? PoissonFlow {
            let radius = poisson.samplePerturbationRadius(sigma: sigma, using: &rng)
            let angle = 2 * Double.pi * rng.nextUniform()
            return y + radius * Point(cos(angle), sin(angle))
        }
        if method.kind == .flowMatching { return (1 - time) * Point(a, b) + time * y }
        return y + sigma * Point(a, b)
    }

    public var columns: [String] {
        ["field_error_train", "field_error_population"]
            + ScaleBand.allCases.map { "field_error_train_" + $0.name }
            + ScaleBand.allCases.map { "field_error_population_" + $0.name }
    }
    public var units: [String] { Array(repeating: "1", count: 8) }

    public mutating func measure(_ state: ObservationState) -> [Double?] {
        var field = NetworkField(network: state.network, method: method)
        // [reference][band]: Σ‖δ‖² and Σ‖v*‖².
        var error = [[Double]](repeating: [0, 0, 0], count: 2), norm = error
        for scale in scales {
            var v = Matrix<Double>(rows: scale.queries.rows, columns: 2)
            field.velocity(at: scale.queries, time: scale.time, into: &v)
            for (r, reference) in [scale.trainVelocity, scale.populationVelocity].enumerated() {
                guard let reference else { continue }
                for i in 0..<v.storage.count {
                    let e = v.storage[i] - reference.storage[i]
                    error[r][scale.band.rawValue] += e * e
                    norm[r][scale.band.rawValue] += reference.storage[i] * reference.storage[i]
                }
            }
        }
        let hasPopulation = scales.first?.populationVelocity != nil
        func ratio(_ e: Double, _ n: Double) -> Double? { n > 0 ? e / n : nil }
        let train = ratio(error[0].reduce(0, +), norm[0].reduce(0, +))
        let population = hasPopulation ? ratio(error[1].reduce(0, +), norm[1].reduce(0, +)) : nil
        return [train, population]
            + (0..<3).map { ratio(error[0][$0], norm[0][$0]) }
            + (0..<3).map { hasPopulation ? ratio(error[1][$0], norm[1][$0]) : nil }
    }

    /// The precomputed exact velocities (for tests): queries, time, training-set and population velocities.
    var precomputed: [(queries: Matrix<Double>, time: Double, train: Matrix<Double>, population: Matrix<Double>?)] {
        scales.map { ($0.queries, $0.time, $0.trainVelocity, $0.populationVelocity) }
    }
}
