import Numerics

/// A plot described as data: what to draw, not how. Records carry these, and the
/// `workbook log` command renders them with gnuplot into `visualizations/`.
public struct Plot: Codable, Equatable, Sendable {
    /// File name inside `visualizations/`: "m1_loss_curve.png".
    public var file: String
    public var title: String
    /// The kind of plot for the Visualization Tracking table ("loss curve").
    public var kind: String
    /// What the plot shows and why it matters.
    public var description: String
    public var xLabel: String
    public var yLabel: String
    public var logScaleY: Bool
    /// Base-2 logarithmic x axis (widths, sizes).
    public var logScaleX: Bool
    /// Axis ranges; `nil` lets gnuplot choose.
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    public var layers: [PlotLayer]
    /// A diagram in Graphviz's DOT language, drawn with `dot` instead of the layers.
    public var graphviz: String?

    public init(
        file: String, title: String, kind: String, description: String,
        xLabel: String, yLabel: String, logScaleY: Bool = false, logScaleX: Bool = false,
        xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
        layers: [PlotLayer], graphviz: String? = nil
    ) {
        self.file = file
        self.title = title
        self.kind = kind
        self.description = description
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logScaleY = logScaleY
        self.logScaleX = logScaleX
        self.xRange = xRange
        self.yRange = yRange
        self.layers = layers
        self.graphviz = graphviz
    }

    /// A Graphviz diagram.
    public static func diagram(file: String, title: String, kind: String, description: String, dot: String) -> Plot {
        Plot(file: file, title: title, kind: kind, description: description, xLabel: "", yLabel: "", layers: [], graphviz: dot)
    }
}

public struct PlotPoint: Codable, Equatable, Sendable {
    public var x: Double
    public var y: Double

    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// A value on every cell of a regular grid, drawn as a colour image.
public struct PlotGrid: Codable, Equatable, Sendable {
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>
    public var columns: Int
    public var rows: Int
    /// Row-major from the bottom row (smallest y) up.
    public var values: [Double]
    public var valueLabel: String
    public var palette: Palette

    /// Colours for values in [0, 1].
    public enum Palette: String, Codable, Sendable {
        /// Red (0) through white (0.5) to blue (1): probabilities of class 1.
        case diverging
        /// White (0) to black (1): ink on paper.
        case grayscale
    }

    /// `value` at every grid point; throws `ArgumentError` for fewer than 2 columns or rows,
    /// and rethrows what `value` throws.
    public init(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, columns: Int, rows: Int,
                valueLabel: String, palette: Palette = .diverging, value: (Double, Double) throws -> Double) throws {
        try ArgumentError.requireAtLeast(2, columns, "columns")
        try ArgumentError.requireAtLeast(2, rows, "rows")
        self.xRange = xRange
        self.yRange = yRange
        self.columns = columns
        self.rows = rows
        self.valueLabel = valueLabel
        self.palette = palette
        values = try (0..<rows).flatMap { r in
            try (0..<columns).map { c in try value(Self.coordinate(c, columns, xRange), Self.coordinate(r, rows, yRange)) }
        }
    }

    public func x(_ column: Int) -> Double { Self.coordinate(column, columns, xRange) }
    public func y(_ row: Int) -> Double { Self.coordinate(row, rows, yRange) }

    private static func coordinate(_ index: Int, _ count: Int, _ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * Double(index) / Double(count - 1)
    }
}

public struct PlotLabel: Codable, Equatable, Sendable {
    public var x: Double
    public var y: Double
    public var text: String

    public init(x: Double, y: Double, text: String) {
        self.x = x
        self.y = y
        self.text = text
    }
}

public enum PlotMarker: String, Codable, Sendable {
    case circle, triangle, square, cross
}

public enum PlotLayer: Codable, Equatable, Sendable {
    /// A connected curve.
    case line(label: String, points: [PlotPoint])
    /// Unconnected markers (one class of a data set); layers with the same `colorGroup`
    /// share a colour (one colour per class, one marker per split).
    case scatter(label: String, points: [PlotPoint], marker: PlotMarker, filled: Bool, colorGroup: Int)
    /// A colour image under the other layers (predicted probability).
    case heatmap(PlotGrid)
    /// Text placed at data coordinates.
    case labels([PlotLabel])
    /// A labelled count matrix (confusion matrix): rows are actual classes, columns predicted.
    case countMatrix(rowLabels: [String], columnLabels: [String], counts: [[Int]])
    /// A labelled matrix of values in [0, 1] (attention weights): rows top to bottom.
    case weightMatrix(rowLabels: [String], columnLabels: [String], values: [[Double]], valueLabel: String)
    /// One bar per label, with its value printed above it.
    case bars(labels: [String], values: [Double])
}
