/// Pictures of point sets: densities, scatters, trajectories and panel figures.
///
/// Each function returns (or draws on) a `Canvas`; writing it to disk is
/// `ImageFile`'s job. Functions take a `Viewport` so that pictures meant to be
/// compared side by side can share one.
public enum Plot {}

/// How bin counts of a density become colours.
public enum DensityScale: String, CaseIterable, Sendable {
    /// `log(count)`: shows the tails and the bulk at once (the default).
    case log
    /// `√count`: between log and linear.
    case sqrt
    /// `count`: true proportions; only the densest regions stand out.
    case linear
}

/// How trajectories are coloured.
public enum TrajectoryColoring: Sendable {
    /// Every path in one colour.
    case uniform(RGB)
    /// Path `i` in `palette[i % palette.count]`: tells neighbouring paths apart.
    case byIndex(palette: [RGB] = Theme.palette)
    /// Each segment by its time along the path (prior → data), from the
    /// 20 % point of the map (dark ends would vanish on a dark background) to its top.
    case byTime(Colormap)
}
