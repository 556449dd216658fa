import FieldLabAnalysis
import FieldLabCore
import FieldLabExperiments
import FieldLabRender
import Foundation

/// Curves and critical values shared by the experiments' charts.
enum PhaseCurves {
    /// (x, y) pairs of `results`, one per finished seed with a finite value.
    static func samples(_ results: [SweepPointResult], x: (SweepPointResult) -> Double?,
                        y: (SweepPointResult) -> Double?) -> CurveSamples {
        var xs: [Double] = [], ys: [Double] = []
        for r in results {
            guard let a = x(r), let b = y(r), a.isFinite, b.isFinite else { continue }
            xs.append(a)
            ys.append(b)
        }
        return CurveSamples(x: xs, y: ys)
    }

    /// A series of seed means with 95 % Student-t bars.
    static func meanSeries(_ name: String, _ samples: CurveSamples, color: RGB?, dashed: Bool = false) -> ChartSeries {
        let (points, bars) = SweepReport.means((samples.x, samples.y))
        return ChartSeries(name: name, points: points, color: color, markers: true, errorBars: bars, dashed: dashed)
    }

    /// The critical point, or the reason there is none (as text for the report).
    static func locate(_ samples: CurveSamples, method: CriticalPointMethod, logX: Bool, level: Double = 0.5,
                       resamples: Int = 500) -> Result<CriticalPoint, Error> {
        Result { try CriticalPoints.find(samples, method: method, logX: logX, resamples: resamples, seed: 0, level: level) }
    }

    /// The seed mean of y at the smallest and at the largest x.
    static func ends(_ samples: CurveSamples) -> (first: MeanInterval?, last: MeanInterval?) {
        guard let lo = samples.x.min(), let hi = samples.x.max() else { return (nil, nil) }
        func at(_ x: Double) -> MeanInterval? { MeanInterval(zip(samples.x, samples.y).filter { $0.0 == x }.map(\.1)) }
        return (at(lo), at(hi))
    }

    /// A chart marker for a critical point: the value and its band, labelled.
    static func marker(_ p: CriticalPoint, label: String, color: RGB?) -> ChartMarker {
        ChartMarker(x: p.critical, band: p.low...p.high,
                    label: label + " " + ExperimentFormatting.interval(p.critical, p.low, p.high), color: color)
    }
}
