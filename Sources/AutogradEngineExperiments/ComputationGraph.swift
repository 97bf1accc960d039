import Foundation
import AutogradEngine
import ExperimentRecords
import Numerics
import GSL
import MultilayerPerceptron
import MultilayerPerceptronExperiments

/// A picture of a computation graph in Graphviz's DOT language, with each node's value and
/// gradient. Capture it before `backward()` (which releases the graph), describe it after.
public struct ComputationGraph {
    private let nodes: [Tensor]
    private let edges: [(from: Int, to: Int)]
    private let names: [ObjectIdentifier: String]

    /// `names` labels the leaves ("a", "b", …).
    public init(of output: Tensor, names: [(Tensor, String)]) {
        nodes = output.topologicalOrder()
        let index = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { (ObjectIdentifier($1), $0) })
        edges = nodes.enumerated().flatMap { position, node in node.parents.map { (index[ObjectIdentifier($0)]!, position) } }
        self.names = Dictionary(uniqueKeysWithValues: names.map { (ObjectIdentifier($0.0), $0.1) })
    }

    /// The DOT source: leaves as boxes, operations as ellipses, values and gradients inside.
    public func dot() -> String {
        var lines = ["digraph computation {", "  rankdir=LR;", "  node [fontname=\"Sans\", fontsize=11];"]
        for (i, node) in nodes.enumerated() {
            let title = names[ObjectIdentifier(node)] ?? node.operation
            let value = node.values.map { String(format: "%.4f", $0) }.joined(separator: ", ")
            let gradient = node.gradient.map { $0.map { String(format: "%.4f", $0) }.joined(separator: ", ") } ?? "—"
            let shape = node.isLeaf ? "box, style=filled, fillcolor=\"#e8f0fa\"" : "ellipse"
            lines.append("  n\(i) [shape=\(shape), label=\"\(title)\\nvalue \(value)\\ngrad \(gradient)\"];")
        }
        lines += edges.map { "  n\($0.from) -> n\($0.to);" }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
