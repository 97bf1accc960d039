import Numerics

extension Plot {
    /// A 2-D classification: the model's p(class 1) as shading, training points as filled
    /// circles and test points as open triangles, one colour per class.
    public static func decisionRegions(
        file: String, title: String, description: String, split: TrainTestSplit,
        xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
        probability: (Double, Double) throws -> Double, extraLayers: [PlotLayer] = []
    ) throws -> Plot {
        let grid = try PlotGrid(xRange: xRange, yRange: yRange, columns: 91, rows: 91,
                            valueLabel: "p(class 1)", value: probability)
        var layers: [PlotLayer] = [.heatmap(grid)]
        for (name, part, marker, filled) in [("train", split.train, PlotMarker.circle, true),
                                             ("test", split.test, PlotMarker.triangle, false)] {
            for label in Set(part.labels).sorted() {
                let points = (0..<part.count).filter { part.labels[$0] == label }
                    .map { PlotPoint(part.features[$0, 0], part.features[$0, 1]) }
                layers.append(.scatter(label: "\(name), class \(label)", points: points, marker: marker,
                                       filled: filled, colorGroup: label))
            }
        }
        return Plot(file: file, title: title, kind: "decision boundary", description: description,
                    xLabel: "x₁", yLabel: "x₂", xRange: xRange, yRange: yRange, layers: layers + extraLayers)
    }

    /// The data's bounding box, widened by `margin` on every side: (x range, y range).
    public static func paddedExtent(of features: Matrix, margin: Double) -> (ClosedRange<Double>, ClosedRange<Double>) {
        let xs = (0..<features.rows).map { features[$0, 0] }, ys = (0..<features.rows).map { features[$0, 1] }
        return ((xs.min()! - margin)...(xs.max()! + margin), (ys.min()! - margin)...(ys.max()! + margin))
    }
}
