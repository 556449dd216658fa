import ArgumentParser
import Foundation
import FieldLabData
import FieldLabExperiments

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure training and sampling speed next to a plain matrix product, in one run."
    )

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Flag(help: "Short measurement (a smoke test, noisy figures).")
    var quick = false

    @Flag(help: "Instead: how the cost grows with batch size, network width and training points.")
    var scaling = false

    @Option(help: "Comma-separated parts to run: matmul, training, sampling, fields (default: all).")
    var parts: String?

    @Flag(help: "Instead: each method's training time on this machine to first reach 1.2× the sliced W2 floor (n = 10 000, judged every 250 steps with the method's own sampler), with `train`'s budget.")
    var timeToQuality = false

    @Option(help: "With --time-to-quality: comma-separated datasets (default: moons, 8gaussians, checkerboard, swissroll).")
    var datasets: String?

    func selectedParts() throws -> Set<BenchmarkPart> {
        guard let parts else { return Set(BenchmarkPart.allCases) }
        var chosen = Set<BenchmarkPart>()
        for name in parts.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let part = BenchmarkPart(rawValue: name) else {
                throw ValidationError("unknown part '\(name)' in --parts; choose from "
                                      + BenchmarkPart.allCases.map(\.rawValue).joined(separator: ", "))
            }
            chosen.insert(part)
        }
        return chosen
    }

    func validate() throws {
        _ = try selectedParts()
        if datasets != nil, !timeToQuality { throw ValidationError("--datasets goes with --time-to-quality") }
        if timeToQuality, scaling || parts != nil { throw ValidationError("--time-to-quality runs alone: not with --scaling or --parts") }
        _ = try timeToQualityConfiguration()
    }

    func timeToQualityConfiguration() throws -> TimeToQuality.Configuration {
        var c = TimeToQuality.Configuration()
        if let datasets {
            c.datasets = try datasets.split(separator: ",").map { try ToyDataset.named($0.trimmingCharacters(in: .whitespaces)) }
        }
        if quick {
            c.steps = 600
            c.every = 200
            c.sampleCount = 2000
            c.batchSize = 256
            c.width = 64
        }
        return c
    }

    func run() throws {
        if scaling { return try runScaling() }
        if timeToQuality { return try runTimeToQuality() }
        let report = Benchmark.run(quick: quick, parts: try selectedParts())
        if json { return try sayJSON(report) }
        if report.matmulGFLOPS > 0 {
            var peak = String(format: "machine peak: %.1f GFLOP/s measured (FMA loop on %d threads)",
                              report.peakGFLOPS, report.threads)
            if let nominal = report.nominalPeakGFLOPS {
                peak += String(format: ", %.1f nominal (cores × 2 FMA pipes × 8 lanes × 2 × cpuinfo clock)", nominal)
            }
            say(peak)
            say(String(format: "plain matrix product %d×%d×%d: %.1f GFLOP/s (%d threads) = %.0f%% of measured peak",
                       report.matmulShape[0], report.matmulShape[1], report.matmulShape[2],
                       report.matmulGFLOPS, report.threads, 100 * report.matmulGFLOPS / report.peakGFLOPS))
        }
        if !report.training.isEmpty {
            say("training (flow matching, default network 18→128→128→128→2, Adam, EMA):")
            say("  batch   steps/s   samples/s   GFLOP/s   vs matmul   vs peak")
            for f in report.training {
                func share(_ of: Double) -> Double { of > 0 ? 100 * f.gflops / of : 0 }
                say(String(format: "  %5d  %8.1f  %10.0f  %8.1f  %8.0f%%  %7.0f%%", f.batchSize, f.stepsPerSecond,
                           f.samplesPerSecond, f.gflops, share(report.matmulGFLOPS), share(report.peakGFLOPS)))
            }
        }
        if let a = report.allocationsPerTrainingStep {
            say(String(format: "heap allocations per training step (batch 1024): %.2f", a))
        }
        if let a = report.allocationsPerSamplingStep {
            say(String(format: "heap allocations per sampling step: %.2f", a))
        }
        if let s = report.sampling {
            say(String(format: "sampling (%d points, %@ × %d steps): %.0f samples/s, %.3g point·steps/s, %.1f GFLOP/s",
                       s.points, s.solver, s.steps, s.samplesPerSecond, s.pointStepsPerSecond, s.gflops))
        }
        guard !report.fields.isEmpty else { return }
        say("exact field, one evaluation of ρ⊛K, ρ⊛u_xK, ρ⊛u_yK at every grid node (FFT path on both cores; the direct sum on one, scaled from a subset):")
        say("  grid     points   FFT (s)   direct sum (s)   direct / FFT   FFTW planning (s)")
        for f in report.fields {
            say(String(format: "  %4d²  %8d  %8.4f  %15.2f  %13.0f×  %18.2f", f.gridSize, f.pointCount,
                       f.fftSeconds, f.directSeconds, f.ratio, f.planningSeconds))
        }
    }

    func runScaling() throws {
        let report = Scaling.run(quick: quick)
        if json { return try sayJSON(report) }
        say("training step (flow matching, depth 3, Adam + EMA), against batch size (width 128) and width (batch 1024):")
        say("  batch   width   ms/step    samples/s   GFLOP/s")
        for r in report.byBatch + report.byWidth {
            say(String(format: "  %5d   %5d  %8.3f  %11.0f  %8.1f", r.batchSize, r.width, r.millisecondsPerStep,
                       r.samplesPerSecond, r.gflops))
        }
        say("exact field (Gaussian kernel σ = 0.5, 256² grid), denoising \(report.byPoints.first?.queries ?? 0) query points:")
        say("  training points   grid path (s)   direct sum (s)   direct / grid")
        for r in report.byPoints {
            say(String(format: "  %15d  %14.4f  %15.3f  %13.1f×", r.trainingPoints, r.gridSeconds, r.directSeconds,
                       r.directSeconds / r.gridSeconds))
        }
    }

    func runTimeToQuality() throws {
        let c = try timeToQualityConfiguration()
        let rows = try TimeToQuality.run(c) { FieldLabCommand.printError("time to quality: " + $0) }
        if json { return try sayJSON(rows) }
        say(TimeToQuality.table(rows, c))
    }

    /// One JSON object on one line, keys sorted (for scripts).
    func sayJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        say(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
