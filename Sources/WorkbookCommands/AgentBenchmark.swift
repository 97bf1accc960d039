import Agent
import AgentExperiments
import ExperimentRecords
import Foundation
import GPTFastPath
import Inference
import Numerics
import RetrievalExperiments

extension BenchCommand {
    /// Chapter 13's latency per task on an idle machine: the held-out tasks run greedily by the
    /// agent loop with each checkpoint of `workbook train m13` (or, without them, the suite's
    /// untrained model), median and p90 milliseconds per task by kind, after a warm-up round.
    /// There is no peer: the loop is this workbook's own; Chapter 12's benchmark sets the
    /// decoder underneath beside PyTorch.
    func benchmarkAgent() throws {
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let generator = try AgentTaskGenerator(elements: ElementFacts.all(root: root), words: WordTool.debianWords())
        let tasks = try generator.tasks(count: AgentStudy.Settings.suite.heldOutTasks, heldOut: true, seed: AgentStudy.Settings.suite.seed + 100)
        print("")
        print("Agent: \(tasks.count) held-out tasks per round, greedy, 1 thread; median of \(rounds) rounds per task, then median and p90 over the tasks of a kind")
        /// The model and kind left-aligned in wide columns, the figures right-aligned.
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in i < 2 ? cell.padding(toLength: i == 0 ? 14 : 22, withPad: " ", startingAt: 0) : String(repeating: " ", count: max(0, 15 - cell.count)) + cell }.joined(separator: " ")
        }
        print(line(["model", "kind", "median ms/task", "p90 ms/task", "tokens/task", "calls/task", "right"]))
        for (name, file, tools) in [("with tools", "checkpoints/m13-tools.safetensors", true), ("without tools", "checkpoints/m13-answer-only.safetensors", false)] {
            let model: FusedGPT<Float>, label: String
            if FileManager.default.fileExists(atPath: file) {
                let saved = try GPTCheckpoint(contentsOf: URL(fileURLWithPath: file))
                try saved.requireVocabulary(AgentVocabulary().checkpointScalars)
                (model, label) = (try saved.model(), name)
            } else {
                print("  \(file) missing (`workbook train m13` makes it): timing an untrained model")
                (model, label) = (try FusedGPT<Float>(configuration: AgentStudy.Settings.suite.configuration(tools ? .tools : .answerOnly), vocabularySize: AgentVocabulary().size, seed: 1),
                                  "\(name), untrained")
            }
            let runtime = AgentRuntime(toolbox: tools ? generator.toolbox : Toolbox([])), decoder = try KVCacheDecoder(model: model)
            let runs = try (0...rounds).map { _ in try tasks.map { try runtime.run($0.text, decoder: decoder) } }.dropFirst()
            for kind in AgentTask.Kind.allCases {
                let chosen = tasks.indices.filter { tasks[$0].kind == kind }
                let seconds = chosen.map { i in median(runs.map { $0[i].seconds }) }
                let first = runs.first!
                let tokens = Double(chosen.reduce(0) { $0 + first[$1].generatedTokens }) / Double(chosen.count)
                let calls = Double(chosen.reduce(0) { $0 + first[$1].toolCalls }) / Double(chosen.count)
                let right = chosen.filter { first[$0].stop == .answered && first[$0].answer == tasks[$0].answer }.count
                print(line([label, kind.rawValue, ms(quantile(seconds, 0.5)), ms(quantile(seconds, 0.9)), formatted(tokens, digits: 1), formatted(calls, digits: 2), "\(right)/\(chosen.count)"]))
            }
        }
    }
}
