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
        discussion: "With a run folder, --trajectories draws ODE paths from the prior to the data over its samples."
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

    func validate() throws {
        guard (16...8192).contains(size) else { throw ValidationError("--size must be between 16 and 8192, got \(size)") }
        guard paths > 0 else { throw ValidationError("--paths must be positive, got \(paths)") }
        guard Colormap(rawValue: colormap) != nil else {
            throw ValidationError("unknown colour map '\(colormap)' (choose from \(Colormap.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let ext = (out as NSString).pathExtension.lowercased()
        guard ext == "ppm" || ext == "png" else { throw ValidationError("--out must end in .ppm or .png, got '\(out)'") }
    }

    func run() throws {
        var isDirectory: ObjCBool = false
        let isRun = FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) && isDirectory.boolValue
        if trajectories && !isRun {
            throw ValidationError("--trajectories needs a run folder (with model.safetensors), not '\(input)'")
        }
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
            "\($0.configuration.methodTitle) · \($0.configuration.dataset) · \($0.step) steps"
        }
        if let caption, !caption.isEmpty {
            let scale = Canvas.textSize(caption, scale: 2).width + 16 <= size ? 2 : 1
            canvas.drawText(caption, at: 8, y: 8, color: Theme.text, scale: scale)
        }
        try ImageFile.write(canvas, to: out)
        say("\(points.count) points\(trajectories ? " and \(paths) paths" : "") → \(out)")
    }
}
