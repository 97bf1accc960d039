import Foundation
import Testing
import Agent
import AgentExperiments
import GPT
import GPTFastPath
import Inference
import Numerics
import WorkbookTesting

@Suite("M13 · Agent: the runtime and its limits")
struct RuntimeTests {
    @Test("Every adversarial tool input is refused with an error result, and every adversarial task ends within the loop's limits")
    func adversarialInputs() async throws {
        let probe = try await AgentRuns.probe.value
        attach(probe.record())
        for c in probe.tools {
            #expect(c.result.isError, "\(c.description): \(c.result)")
            #expect(c.seconds < 0.1, "\(c.description): \(c.seconds) s")
        }
        for c in probe.tasks {
            let t = c.trajectory
            #expect(t.generatedTokens <= probe.limits.generatedTokens, "\(c.description)")
            #expect(t.toolCalls <= probe.limits.toolCalls + 1, "\(c.description)")
            #expect(t.seconds <= probe.limits.seconds + 1, "\(c.description)")
            #expect(c.specialTokensInTask == 0, "\(c.description)")
        }
    }

    @Test("Text that spells a special token is encoded as characters, never as the token")
    func spelledTokensStayText() async throws {
        attach(try await AgentRuns.probe.value.record())
        let v = AgentVocabulary()
        for (_, task) in AdversarialProbe.taskInputs() { #expect(v.encode(task).allSatisfy { v.special($0) == nil }) }
    }

    @Test("Every generated task's transcript replays through the runtime's tools to its answer, and fits the block")
    func tasksAreConsistent() throws {
        let g = try AgentRuns.generator.get()
        let v = AgentVocabulary(), block = AgentStudy.Settings.suite.configuration.blockSize
        for heldOut in [false, true] {
            let tasks = try g.tasks(count: 300, heldOut: heldOut, seed: 7)
            #expect(Set(tasks.map(\.kind)) == Set(AgentTask.Kind.allCases))
            for t in tasks {
                for step in t.transcript.steps { #expect(g.toolbox.run(step.call).description == step.result, "\(t.text)") }
                #expect(!(t.transcript.steps.last?.result.hasPrefix("error") ?? false), "\(t.text)")
                #expect(t.transcript.steps.last.map { $0.result == t.answer } ?? true, "\(t.text)")
                #expect(try t.transcript.trainingRow(v, blockSize: block).inputs.count == block)
            }
            if heldOut {
                let training = Set(try g.tasks(count: 3000, heldOut: false, seed: 8).map { Self.phrasing($0.text) })
                #expect(tasks.allSatisfy { !training.contains(Self.phrasing($0.text)) }, "held-out sentences never appear in training")
            }
        }
    }

    /// A task's sentence with its numbers, words and element names blanked.
    static func phrasing(_ text: String) -> String {
        text.split(separator: " ").map { $0.allSatisfy { $0.isNumber || $0 == "?" || $0 == "." } ? "#" : String($0) }.joined(separator: " ")
    }

    @Test("The runtime runs a scripted model's calls, inserts their results, and recovers from malformed calls")
    func scriptedModel() throws {
        // A GPT that always writes the same text: its weights are trained for a few steps on
        // one transcript with a malformed call first, then a good one.
        let v = AgentVocabulary()
        let c = GPTConfiguration(layers: 1, heads: 1, width: 32, blockSize: 96, batchSize: 2)
        let model = try FusedGPT<Float>(configuration: c, vocabularySize: v.size, seed: 3)
        let transcript = AgentTranscript(task: "2+2?", steps: [(call: "calc 2+", result: "error: expected a number at 3, found \"end\""), (call: "calc 2+2", result: "4")], answer: "4")
        let row = try transcript.trainingRow(v, blockSize: c.blockSize)
        for step in 1...150 { _ = try model.trainingStep((row.inputs + row.inputs, row.targets + row.targets), learningRate: 1e-2, step: step) }
        let t = try AgentRuntime(toolbox: Toolbox([Calculator()])).run("2+2?", decoder: KVCacheDecoder(model: model))
        #expect(t.events == [.call("calc 2+", .error("expected a number at 3, found \"end\"")), .call("calc 2+2", .value("4")), .text("4")])
        #expect(t.answer == "4" && t.stop == .answered && t.toolCalls == 2)
        #expect(t.flops > 0)
    }

    @Test("The runtime refuses a model of another vocabulary, naming it")
    func refusals() throws {
        let model = try FusedGPT<Float>(configuration: .test, vocabularySize: 50, seed: 1)
        let e = #expect(throws: ArgumentError.self) { try AgentRuntime(toolbox: Toolbox([])).run("hi", decoder: KVCacheDecoder(model: model)) }
        #expect(e?.parameter == "decoder.vocabularySize")
    }
}

@Suite("M13 · Agent: chapter")
struct AgentChapter {
    @Test("Chapter 13's listings match their sources")
    func listingsMatchSources() throws {
        try expectListingsMatchSources(of: .agent, minimum: 4)
    }
}
