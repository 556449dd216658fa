import ArgumentParser
import Foundation
import FieldLabCore
import FieldLabData
import FieldLabExperiments
import FieldLabRender

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw a points file or a run folder as a density heat map or scatter (PPM or PNG).",
        discussion: """
        With a run folder, --trajectories draws ODE paths from the prior to the data over its samples, \
        and --animate writes an animated PNG of fresh samples moving from the prior to the data: one \
        frame per time of the solver's grid (--frames), each labelled with its σ or t.
        """
    )

    enum Style: String, CaseIterable, ExpressibleByArgument { case density, scatter }

    @Argument(help: "A CSV/NPY points file, or a run folder written by `fieldlab train`.")
    var input: String

    @Option(help: "Output image (.ppm or .png).")
    var out: String

    @Option(help: "density (heat map) or scatter.")
    var style: Style = .density

    @Option(help: "Colour map of the density: \(Colormap.allCases.map(\.rawValue).joined(separator: ", ")).")
    var colormap: String = Colormap.magma.rawValue

    @Flag(help: "Draw sampling paths from the prior to the data (needs a run folder).")
    var trajectories = false

    @Option(help: "Number of paths drawn with --trajectories.")
    var paths: Int = 48

    @Option(help: "Picture width and height in pixels.")
    var size: Int = 512

    @Option(help: "Seed of the paths' prior draws.")
    var seed: UInt64 = 0

    @Option(help: "Title drawn in the top-left corner (default for a run folder: method, dataset, steps; none for a file).")
    var title: String?

    @Flag(help: "Write an animated PNG of samples moving from the prior to the data (needs a run folder and a .png).")
    var animate = false

    @Option(help: "With --animate: frames, the solver's grid times from prior to data (its steps + 1).")
    var frames: Int = 25

    @Option(name: .customLong("points"), help: "With --animate: samples drawn in each frame.")
    var animationPoints: Int = 3000

    @Option(name: .customLong("frame-seconds"), help: "With --animate: seconds each frame shows (the last shows ten times as long).")
    var frameSeconds: Double = 0.12

    func validate() throws {
        guard (16...8192).contains(size) else { throw ValidationError("--size must be between 16 and 8192, got \(size)") }
        guard paths > 0 else { throw ValidationError("--paths must be positive, got \(paths)") }
        guard Colormap(rawValue: colormap) != nil else {
            throw ValidationError("unknown colour map '\(colormap)' (choose from \(Colormap.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let ext = (out as NSString).pathExtension.lowercased()
        guard ext == "ppm" || ext == "png" else { throw ValidationError("--out must end in .ppm or .png, got '\(out)'") }
        if animate {
            guard ext == "png" else { throw ValidationError("--animate writes an animated PNG: --out must end in .png, got '\(out)'") }
            guard !trajectories else { throw ValidationError("--animate and --trajectories make different pictures: give one") }
            guard (2...200).contains(frames) else { throw ValidationError("--frames must be between 2 and 200, got \(frames)") }
            guard (1...100_000).contains(animationPoints) else {
                throw ValidationError("--points must be between 1 and 100000, got \(animationPoints)")
            }
            guard frameSeconds.isFinite, frameSeconds > 0, frameSeconds <= 6 else {
                throw ValidationError("--frame-seconds must be between 0 and 6, got \(frameSeconds)")
            }
        }
    }

    @OptionGroup var output: OutputOptions

    func run() throws {
        try output.run(draw)
    }

    func draw() throws {
        var isDirectory: ObjCBool = false
        let isRun = FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) && isDirectory.boolValue
        if (trajectories || animate) && !isRun {
            throw ValidationError("--\(animate ? "animate" : "trajectories") needs a run folder (with model.safetensors), not '\(input)'")
        }
        if animate { return try writeAnimation() }
        let points = try PointFile.read(isRun ? input + "/samples.csv" : input)
        let viewport = Viewport.fitting(points)
        var canvas = style == .density
            ? Plot.density(points, viewport: viewport, width: size, height: size, colormap: Colormap(rawValue: colormap)!)
            : Plot.scatter(points, viewport: viewport, width: size, height: size)
        let model = isRun && (trajectories || title == nil)
            ? try TrainedModel(contentsOf: input + "/model.safetensors") : nil
        if trajectories, let model {
            let result = Sampler.sample(network: model.network, method: model.method,
                                        options: SamplingOptions(count: paths, seed: seed, trajectoryCount: paths))
            let userPaths = result.paths.map { model.standardization.invert($0) }
            Plot.drawTrajectories(userPaths, on: &canvas, viewport: viewport, coloring: .byTime(.viridis))
        }
        let caption = title ?? model.map {
            "\($0.configuration.methodTitle) · \(DatasetLabel.short($0.configuration.dataset)) · \($0.step) steps"
        }
        if let caption, !caption.isEmpty {
            let scale = Canvas.textSize(caption, scale: 2).width + 16 <= size ? 2 : 1
            canvas.drawText(caption, at: 8, y: 8, color: Theme.text, scale: scale)
        }
        try ImageFile.write(canvas, to: out)
        try sayResult(WrittenFile(out: out, count: points.count, unit: "points"))
        say("\(points.count) points\(trajectories ? " and \(paths) paths" : "") → \(out)")
    }

    /// `--animate`: fresh samples along the solver's grid, one frame per time.
    func writeAnimation() throws {
        let model = try TrainedModel(contentsOf: input + "/model.safetensors")
        let method = model.method
        let steps = frames - 1
        let solver = method.defaultSampler.solver
        let result = Sampler.sample(network: model.network, method: method,
                                    options: SamplingOptions(count: animationPoints, solver: solver, steps: steps,
                                                             seed: seed, trajectoryCount: animationPoints))
        let grid = method.timeGrid(steps: steps)
        let paths = result.paths.map { model.standardization.invert($0) }
        precondition(paths.allSatisfy { $0.count == grid.count }, "one recorded point per grid time")
        // The data's frame: the prior's first frames are cut where they spread beyond it.
        let viewport = Viewport.fitting(paths.map { $0[grid.count - 1] }, margin: 0.25)
        let symbol = model.configuration.method == .flowMatching ? "t" : "σ"
        let name = title ?? "\(model.configuration.methodTitle) · \(DatasetLabel.short(model.configuration.dataset))"
        var pictures: [ImageFile.Frame] = []
        for k in grid.indices {
            let points = paths.map { $0[k] }
            var canvas = style == .density
                ? Plot.density(points, viewport: viewport, width: size, height: size, colormap: Colormap(rawValue: colormap)!)
                : Plot.scatter(points, viewport: viewport, width: size, height: size)
            let scale = Canvas.textSize(name, scale: 2).width + 16 <= size ? 2 : 1
            canvas.drawText(name, at: 8, y: 8, color: Theme.text, scale: scale)
            let time = String(format: "%@ = %.3g   %d/%d %@ steps", symbol, grid[k], k, steps, solver.rawValue)
            canvas.drawText(time, at: 8, y: size - 8 - Canvas.textSize(time, scale: scale).height, color: Theme.text, scale: scale)
            pictures.append(ImageFile.Frame(canvas, seconds: k == grid.count - 1 ? 10 * frameSeconds : frameSeconds))
        }
        try ImageFile.writeAnimatedPNG(pictures, to: out)
        try sayResult(WrittenFile(out: out, count: pictures.count, unit: "frames"))
        say("\(pictures.count) frames of \(animationPoints) samples from prior to data (\(solver.rawValue), \(result.evaluations) evaluations) → \(out)")
    }
}
