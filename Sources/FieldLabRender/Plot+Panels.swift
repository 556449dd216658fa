extension Plot {
    /// Lays panels out in a grid of `columns`, each under its title, with an
    /// optional caption below the grid.
    ///
    /// Every cell is as large as the largest panel (smaller panels are centred
    /// in it). With `frame` each panel gets a thin outline so that dark
    /// pictures keep a visible edge on the dark background (pass `false` for
    /// panels that bring their own, such as `Plot.axes`). Titles are centred over their panels at
    /// twice the font size when they all fit, and wrapped otherwise; the
    /// caption is wrapped to the figure's width, at twice the font size when
    /// the figure is at least 1400 pixels wide.
    public static func panels(_ panels: [(title: String, canvas: Canvas)], columns: Int,
                              background: RGB = Theme.background, caption: String? = nil,
                              frame: Bool = true) -> Canvas {
        precondition(columns >= 1, "panels needs at least one column, got \(columns)")
        let margin = 24, gap = 24, titleGap = 10, captionGap = 18
        let cellWidth = panels.map(\.canvas.width).max() ?? 0
        let cellHeight = panels.map(\.canvas.height).max() ?? 0
        let columnCount = max(1, min(columns, panels.count))
        let rowCount = (panels.count + columnCount - 1) / columnCount

        // Title size: large when every title fits on one line, else wrapped small text.
        let fitsLarge = panels.allSatisfy { Canvas.textSize($0.title, scale: 2).width <= cellWidth }
        let titleScale = fitsLarge ? 2 : 1
        let titleLines = panels.map { Canvas.wrap($0.title, maxWidth: max(cellWidth, 1), scale: titleScale) }
        let titleLineCount = titleLines.map { $0.allSatisfy(\.isEmpty) ? 0 : $0.count }.max() ?? 0
        let titleBlock = titleLineCount == 0 ? 0
            : Canvas.textSize(Array(repeating: "x", count: titleLineCount).joined(separator: "\n"),
                              scale: titleScale).height + titleGap

        let width = 2 * margin + columnCount * cellWidth + (columnCount - 1) * gap
        let gridHeight = rowCount * (titleBlock + cellHeight) + max(0, rowCount - 1) * gap
        let captionScale = width >= 1400 ? 2 : 1
        let captionLines = caption.map { Canvas.wrap($0, maxWidth: width - 2 * margin, scale: captionScale) } ?? []
        let captionHeight = captionLines.isEmpty ? 0
            : captionGap + Canvas.textSize(captionLines.joined(separator: "\n"), scale: captionScale).height
        var figure = Canvas(width: width, height: 2 * margin + gridHeight + captionHeight, background: background)

        for (index, panel) in panels.enumerated() {
            let cellX = margin + (index % columnCount) * (cellWidth + gap)
            let cellY = margin + (index / columnCount) * (titleBlock + cellHeight + gap)
            for (line, text) in titleLines[index].enumerated() {
                let size = Canvas.textSize(text, scale: titleScale)
                figure.drawText(text, at: cellX + (cellWidth - size.width) / 2,
                                y: cellY + line * Canvas.lineHeight(scale: titleScale),
                                color: Theme.text, scale: titleScale)
            }
            let x = cellX + (cellWidth - panel.canvas.width) / 2
            let y = cellY + titleBlock + (cellHeight - panel.canvas.height) / 2
            if frame {
                figure.stroke(rect: PixelRect(x: x - 1, y: y - 1, width: panel.canvas.width + 2,
                                              height: panel.canvas.height + 2),
                              color: Theme.frame)
            }
            figure.blit(panel.canvas, x: x, y: y)
        }

        var lineY = margin + gridHeight + captionGap
        for text in captionLines {
            let size = Canvas.textSize(text, scale: captionScale)
            let x = captionLines.count == 1 ? (width - size.width) / 2 : margin
            figure.drawText(text, at: x, y: lineY, color: Theme.mutedText, scale: captionScale)
            lineY += Canvas.lineHeight(scale: captionScale)
        }
        return figure
    }
}
