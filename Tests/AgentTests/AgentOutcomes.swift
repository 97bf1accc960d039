import Foundation
import Testing
import Agent
import AgentExperiments
import GPTFastPath
import Inference
import Numerics
import WorkbookTesting

/// Chapter 13's learning outcomes, on the suite's study (both models trained once). The
/// thresholds were set before the final run.
@Suite("M13 · Agent: tool use, pass^k and cost", .startsAtPlanning { _ = AgentRuns.study })
struct AgentOutcomes {
    @Test("With tools the agent solves held-out tasks that the same model without tools cannot")
    func toolsBeatAnswerOnly() async throws {
        let study = try await AgentRuns.study.value
        attach(study.successRecord())
        let tools = study.evaluation(.tools), answerOnly = study.evaluation(.answerOnly)
        #expect(tools.successRate >= 0.5, "with tools \(tools.successRate)")
        #expect(tools.successRate - answerOnly.successRate >= 0.35, "with \(tools.successRate), without \(answerOnly.successRate)")
        #expect(answerOnly.successRate(.arithmetic) <= 0.05, "without tools, arithmetic \(answerOnly.successRate(.arithmetic))")
    }

    @Test("Each kind of task clears its threshold, and the agent calls tools when a task needs them and not otherwise")
    func eachKind() async throws {
        let study = try await AgentRuns.study.value
        attach(study.successRecord())
        let tools = study.evaluation(.tools)
        for kind in AgentTask.Kind.allCases {
            #expect(tools.successRate(kind) >= 0.4, "\(kind.rawValue): \(tools.successRate(kind))")
        }
        #expect(tools.callingRate(.arithmetic) >= 0.9 && tools.callingRate(.multiStep) >= 0.9, "\(tools.callingRate(.arithmetic)), \(tools.callingRate(.multiStep))")
        #expect(tools.callingRate(.noTool) <= 0.1, "no-tool tasks with a call: \(tools.callingRate(.noTool))")
    }

    @Test("pass^k never rises with k, and falls from k = 1 to k = 4 for the tool model")
    func passHatKFalls() async throws {
        let study = try await AgentRuns.study.value
        attach(study.reliabilityRecord())
        for e in study.evaluations {
            #expect(zip(e.passHatK, e.passHatK.dropFirst()).allSatisfy { $0 >= $1 }, "\(e.variant.rawValue): \(e.passHatK)")
            // Recomputed from the tries' counts: pass^1 is the mean success of a try.
            #expect(abs(e.passHatK[0] - Double(e.passSuccesses.reduce(0, +)) / Double(e.passSuccesses.count * study.settings.tries)) < 1e-12)
        }
        let tools = study.evaluation(.tools).passHatK
        #expect(tools[0] > tools[3] && tools[0] >= 0.3, "\(tools)")
    }

    @Test("A task's cost is exact and deterministic: the same tokens, calls and FLOPs on a second greedy run, and the generated tokens are what the model wrote")
    func costIsExact() async throws {
        let study = try await AgentRuns.study.value
        attach(study.reliabilityRecord())
        let g = try AgentRuns.generator.get()
        let e = study.evaluation(.tools), v = AgentVocabulary()
        let model = try FusedGPT<Float>(configuration: study.settings.configuration(.tools), vocabularySize: v.size, parameters: e.parameters)
        let decoder = try KVCacheDecoder(model: model), runtime = AgentRuntime(toolbox: g.toolbox)
        for i in [0, 1, 2, 3, 4, 5] {
            let first = e.trajectories[i], again = try runtime.run(e.tasks[i].text, decoder: decoder)
            #expect(again.events == first.events && again.answer == first.answer)
            #expect(again.generatedTokens == first.generatedTokens && again.toolCalls == first.toolCalls && again.flops == first.flops, "\(e.tasks[i].text)")
        }
        for t in e.trajectories where t.stop == .answered && !t.events.contains(where: { if case .malformed = $0 { true } else { false } }) {
            // Every character, call marker and end token the model wrote; nothing inserted.
            // (Checked on well-formed runs: a malformed call's text is not kept as an event.)
            let written = t.events.reduce(0) { n, event in
                switch event {
                case .text(let s): n + s.count
                case .call(let c, _): n + c.count + 2
                case .malformed: n + 1
                }
            } + (t.stop == .answered ? 1 : 0)
            #expect(t.generatedTokens == written, "\(t.transcript)")
            #expect(t.toolCalls == t.events.filter { if case .call = $0 { true } else { false } }.count, "\(t.transcript)")
        }
    }

    @Test("The study refuses settings it cannot run with, naming them, before training anything")
    func refusals() throws {
        let g = try AgentRuns.generator.get()
        func refused(_ change: (inout AgentStudy.Settings) -> Void) -> String? {
            var settings = AgentStudy.Settings.suite
            change(&settings)
            let error = #expect(throws: ArgumentError.self) { try AgentStudy(generator: g, settings: settings) }
            return error?.parameter
        }
        #expect(refused { $0.steps = 0 } == "settings.steps")
        #expect(refused { $0.curveEvery = 0 } == "settings.curveEvery")
        #expect(refused { $0.tries = 0 } == "settings.tries")
        #expect(refused { $0.heldOutTasks = 0 } == "settings.heldOutTasks")
        #expect(refused { $0.passTasks = 91 } == "settings.passTasks")
    }
}
