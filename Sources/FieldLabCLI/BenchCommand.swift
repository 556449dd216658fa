import ArgumentParser
import Foundation
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

    func run() throws {
        let report = Benchmark.run(quick: quick)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            say(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        say(String(format: "plain matrix product %d×%d×%d: %.1f GFLOP/s (%d threads)",
                   report.matmulShape[0], report.matmulShape[1], report.matmulShape[2],
                   report.matmulGFLOPS, report.threads))
        say("training (flow matching, default network 18→128→128→128→2, Adam, EMA):")
        say("  batch   steps/s   samples/s   GFLOP/s   vs matmul")
        for f in report.training {
            say(String(format: "  %5d  %8.1f  %10.0f  %8.1f  %8.0f%%", f.batchSize, f.stepsPerSecond,
                       f.samplesPerSecond, f.gflops, 100 * f.gflops / report.matmulGFLOPS))
        }
        let s = report.sampling
        say(String(format: "sampling (%d points, %@ × %d steps): %.0f samples/s, %.3g point·steps/s, %.1f GFLOP/s",
                   s.points, s.solver, s.steps, s.samplesPerSecond, s.pointStepsPerSecond, s.gflops))
        say("exact field, one evaluation of ρ⊛K, ρ⊛u_xK, ρ⊛u_yK at every grid node (single thread):")
        say("  grid     points   FFT (s)   direct sum (s)   direct / FFT   FFTW planning (s)")
        for f in report.fields {
            say(String(format: "  %4d²  %8d  %8.4f  %15.2f  %13.0f×  %18.2f", f.gridSize, f.pointCount,
                       f.fftSeconds, f.directSeconds, f.ratio, f.planningSeconds))
        }
    }
}
