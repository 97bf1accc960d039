import Agent
import ExperimentRecords
import Foundation
import Numerics

extension AdversarialProbe {
    public func record(provenance: Provenance? = nil) -> ExperimentRecord {
        ExperimentRecord(
            milestone: .agent, experiment: "safety", title: "Tools and Runtime Against Adversarial Inputs", order: 3,
            objective: "Feed the tools and the agent loop the inputs that break naive agents, and show that each one ends in an error result or within the loop's limits, never a crash, a hang or a call the model did not write.",
            setup: [Field("Tool inputs", "\(tools.count) calls: powers written out, the power operator, 10,000-deep parentheses, long and non-ASCII numbers, code, unknown tools, empty and overlong calls"),
                    Field("Tasks", "\(tasks.count) adversarial tasks run by the runtime on the trained agent"),
                    Field("Limits", "\(limits.toolCalls) tool calls, \(limits.generatedTokens) generated tokens, the model's block, \(formatted(limits.seconds, digits: 0)) s")],
            metrics: [.count("Tool inputs refused", tools.filter { $0.result.isError }.count), .count("Tool inputs", tools.count),
                      .count("Tasks ended within the limits", tasks.filter { $0.trajectory.generatedTokens <= limits.generatedTokens && $0.trajectory.toolCalls <= limits.toolCalls + 1 }.count),
                      .count("Special tokens read from task text", tasks.reduce(0) { $0 + $1.specialTokensInTask })],
            tracking: .inference(taskSuccessRate: "—", latency: "—", cost: "—"),
            trackingNote: "\(tools.filter { $0.result.isError }.count) of \(tools.count) adversarial tool inputs refused",
            tables: [Table(title: "Each adversarial tool input", columns: ["Input", "Result", "Time (µs)"],
                           rows: tools.map { [$0.description, "`" + $0.result.description.prefix(70).replacingOccurrences(of: "|", with: "\\|") + "`", formatted(1e6 * $0.seconds, digits: 0)] }),
                     Table(title: "Each adversarial task", columns: ["Task", "Ended by", "Generated tokens", "Tool calls"],
                           rows: tasks.map { [$0.description, $0.trajectory.stop.rawValue, "\($0.trajectory.generatedTokens)", "\($0.trajectory.toolCalls)"] })],
            observations: [
                .judged(by: "Every adversarial tool input is refused with an error result, and every adversarial task ends within the loop's limits",
                        passed: "All \(tools.count) inputs came back as error results, each in microseconds: the calculator parses only arithmetic, bounds depth, length, digits and every intermediate result, so no input can compute anything large or reach anything but arithmetic. Every task ended within the limits.",
                        failed: "An adversarial input was not refused, or a task overran the limits."),
                .judged(by: "Text that spells a special token is encoded as characters, never as the token",
                        passed: "Tasks that spell out `<|call|>…<|/call|>` or `<|end|>` reach the model as characters: special tokens are ids the runtime writes, never the result of encoding text (Chapter 7's rule for special tokens), so a task cannot inject a tool call or end the transcript.",
                        failed: "Special-token text inside a task was read as a special token."),
            ],
            plots: [],
            conclusion: "Pass: every adversarial input ends as an error the agent can read, within the loop's limits.",
            provenance: provenance ?? .current(seed: 1))
    }
}

extension AgentStudy.Evaluation {
    /// The held-out tasks of `kind` (all kinds for nil), by index.
    func indices(_ kind: AgentTask.Kind?) -> [Int] { tasks.indices.filter { kind == nil || tasks[$0].kind == kind } }
    /// The mean of `value` over the held-out trajectories of `kind`.
    func mean(_ kind: AgentTask.Kind?, _ value: (Trajectory) -> Int) -> Double {
        let chosen = indices(kind)
        return Double(chosen.reduce(0) { $0 + value(trajectories[$1]) }) / Double(max(1, chosen.count))
    }
    /// The share of the held-out tasks of `kind` on which the model called at least one tool.
    public func callingRate(_ kind: AgentTask.Kind) -> Double {
        let chosen = indices(kind)
        return Double(chosen.filter { trajectories[$0].toolCalls > 0 }.count) / Double(max(1, chosen.count))
    }
    /// Median and p90 seconds per held-out task (wall clock, as measured while training ran).
    var latency: (median: Double, p90: Double) {
        let seconds = trajectories.map(\.seconds)
        return (quantile(seconds, 0.5), quantile(seconds, 0.9))
    }
}

extension AgentStudy {
    var model: String {
        let c = settings.configuration
        return "\(c.layers) layers, \(c.heads) heads, width \(c.width), block \(c.blockSize) (answer-only \(settings.answerOnlyBlockSize)); \(vocabularySize) tokens (characters and 5 special tokens)"
    }

    /// A trajectory as one line of the log: the task, what the model wrote and the tools returned.
    static func line(_ t: Trajectory, _ task: AgentTask) -> [String] {
        func cell(_ s: String) -> String { "`" + s.replacingOccurrences(of: "\n", with: " ") + "`" }
        return [task.text, cell(String(t.transcript.dropFirst(t.task.count + 1))), task.answer, t.answer == task.answer && t.stop == .answered ? "yes" : "no"]
    }

    public func successRecord(provenance: Provenance? = nil) -> ExperimentRecord {
        let tools = evaluation(.tools), answerOnly = evaluation(.answerOnly)
        let kinds = AgentTask.Kind.allCases
        // Two successes and two failures of the tool model, the first of each in task order.
        let shown = Array(tools.tasks.indices.filter { tools.successes[$0] }.prefix(2)) + Array(tools.tasks.indices.filter { !tools.successes[$0] }.prefix(2))
        return ExperimentRecord(
            milestone: .agent, experiment: "tool-use", title: "A GPT That Calls Tools, Against the Same GPT Without Them", order: 1,
            objective: "Train the Chapter 8 GPT from scratch on transcripts with tool calls (tool outputs masked from the loss) and, as the baseline, on answer-only transcripts of the same tasks; run both through the agent loop on held-out tasks (unseen phrasings, new numbers) at temperature 0 and count the tasks whose answer matches.",
            setup: [Field("Model", model),
                    Field("Training", "\(settings.steps) steps each, fresh tasks from the training phrasings packed into \(settings.configuration.batchSize) rows per step (answer-only: \(settings.answerOnlyRows) rows of \(settings.answerOnlyBlockSize), about as many tasks), AdamW with peak rate \(settings.peakRate), warm-up and cosine decay; seed \(settings.seed)"),
                    Field("Held-out tasks", "\(tools.tasks.count), a third of each kind: arithmetic on 3–5-digit numbers (one calculator call), two tools (an element's atomic number times a number, or a letter count in an element's name), no tool (repeat a word or number, or its first letter)"),
                    Field("Success", "the loop ends with the answer token and the answer equals the task's (greedy decoding)"),
                    Field("Thresholds, set before the run", "with tools ≥ 50% overall, ≥ 40% on each kind, and ≥ 35 points above without tools; without tools ≤ 5% on arithmetic; calls a tool on ≥ 90% of the tasks that need one and ≤ 10% of those that do not")],
            metrics: [.percent("Success with tools", tools.successRate), .percent("Success without tools", answerOnly.successRate)]
                + kinds.flatMap { k in [Metric.percent("With tools: \(k.rawValue)", tools.successRate(k)), .percent("Without tools: \(k.rawValue)", answerOnly.successRate(k))] },
            tracking: .inference(taskSuccessRate: "\(formatted(100 * tools.successRate, digits: 1))% with tools, \(formatted(100 * answerOnly.successRate, digits: 1))% without (\(tools.tasks.count) held-out tasks)",
                                 latency: "\(milliseconds(tools.latency.median)) ms median, \(milliseconds(tools.latency.p90)) ms p90 per task",
                                 cost: "\(formatted(tools.mean(nil) { $0.generatedTokens }, digits: 1)) generated tokens, \(formatted(tools.mean(nil) { $0.toolCalls }, digits: 2)) calls per task"),
            trackingNote: "success \(formatted(100 * tools.successRate, digits: 1))% with tools against \(formatted(100 * answerOnly.successRate, digits: 1))% without",
            tables: [Table(title: "Success and tool use by kind of task (held-out, greedy)", columns: ["Kind", "Tasks", "With tools", "Without tools", "Tasks with a tool call (tool model)"],
                           rows: kinds.map { k in [k.rawValue, "\(tools.indices(k).count)", percent(tools.successRate(k)), percent(answerOnly.successRate(k)), percent(tools.callingRate(k))] }),
                     Table(title: "Trajectories of the tool model: two successes and two failures", columns: ["Task", "What the model wrote (and the tools returned)", "Expected", "Success"],
                           rows: shown.map { Self.line(tools.trajectories[$0], tools.tasks[$0]) }),
                     Table(title: "The same tasks without tools", columns: ["Task", "What the model wrote", "Expected", "Success"],
                           rows: shown.map { Self.line(answerOnly.trajectories[$0], answerOnly.tasks[$0]) })],
            observations: [
                .judged(by: "With tools the agent solves held-out tasks that the same model without tools cannot",
                        passed: "With the calculator and the lookups the model solves \(percent(tools.successRate)) of held-out tasks against \(percent(answerOnly.successRate)) without: on arithmetic \(percent(tools.successRate(.arithmetic))) against \(percent(answerOnly.successRate(.arithmetic))). Without tools the model must multiply 3–5-digit numbers in one pass of \(settings.configuration.layers) layers; with them it must only copy numbers into a call and the result out, which attention learns to do after a plateau (the curve).",
                        failed: "Success with tools (\(percent(tools.successRate))) does not clear the thresholds against \(percent(answerOnly.successRate)) without."),
                .judged(by: "Each kind of task clears its threshold, and the agent calls tools when a task needs them and not otherwise",
                        passed: "By kind, with tools: \(kinds.map { "\($0.rawValue) \(percent(tools.successRate($0)))" }.joined(separator: ", ")). The model calls a tool on \(percent(tools.callingRate(.arithmetic))) of arithmetic tasks, \(percent(tools.callingRate(.multiStep))) of two-tool tasks and \(percent(tools.callingRate(.noTool))) of no-tool tasks: it learned when to call (Toolformer's question) from the phrasing alone.",
                        failed: "A kind of task, or the choice of when to call, falls short of its threshold."),
                "Without tools, the two-tool tasks are partly guessed: a letter count in a short name is 0, 1 or 2 most of the time. The no-tool tasks show something else: the answer-only model, whose transcripts never copy a tool result, is at \(percent(answerOnly.successRate(.noTool))) on them after \(settings.steps) steps, while the tool model, which copies numbers into every call and every result into its answer, learned to copy words too (\(percent(tools.successRate(.noTool)))).",
                "The curve is the tool model's success on \(settings.curveTasks) held-out tasks every \(settings.curveEvery) steps: a plateau while the model learns the format, then a climb when it learns to copy (attention that finds the previous occurrence of a token and reads what follows, an induction head).",
                "Latencies are wall-clock per task while the other suites run beside it: reported, never asserted; `workbook bench --part agent` measures them on an idle machine.",
            ],
            plots: [Plot(file: "m13_success_curve.png", title: "M13: held-out task success against training steps, with and without tools", kind: "line chart",
                         description: "Greedy success on the first \(settings.curveTasks) held-out tasks every \(settings.curveEvery) steps, for the model trained with tool calls and the one trained on answers only.",
                         xLabel: "training step", yLabel: "success rate", yRange: 0...1,
                         layers: evaluations.map { e in .line(label: e.variant.rawValue, points: e.successCurve.map { PlotPoint(Double($0.step), $0.rate) }) })],
            conclusion: "Pass: with tools the GPT solves held-out tasks it cannot solve without them, and calls tools only where a task needs them.",
            provenance: provenance ?? .current(seed: settings.seed))
    }

    public func reliabilityRecord(provenance: Provenance? = nil) -> ExperimentRecord {
        let tools = evaluation(.tools), answerOnly = evaluation(.answerOnly), kinds = AgentTask.Kind.allCases
        let k = Array(1...settings.tries)
        return ExperimentRecord(
            milestone: .agent, experiment: "pass-k-and-cost", title: "pass^k and What Each Task Costs", order: 2,
            objective: "Measure reliability as τ-bench does, the chance that all k independent tries of a task succeed, and the cost of every task exactly: the tokens the model generates, its tool calls and its forward-pass FLOPs.",
            setup: [Field("Model", model),
                    Field("pass^k", "\(settings.passTasks) held-out tasks, \(settings.tries) tries each sampled at temperature \(settings.passTemperature) (seeds 1…\(settings.tries)); pass^k = mean over tasks of C(c, k) / C(n, k) for c successes in n tries (τ-bench)"),
                    Field("Cost", "per held-out task of the greedy run: generated tokens (tool outputs are inserted, not generated), tool calls, and the KV-cache decoder's FLOPs for the prompt, every generated token and every inserted one"),
                    Field("Thresholds, set before the run", "pass^k never rises with k; with tools pass^1 ≥ 0.3 and above pass^4")],
            metrics: k.map { Metric.decimal("pass^\($0) with tools", tools.passHatK[$0 - 1], digits: 3) } + k.map { Metric.decimal("pass^\($0) without tools", answerOnly.passHatK[$0 - 1], digits: 3) }
                + [.decimal("Generated tokens per task (with tools)", tools.mean(nil) { $0.generatedTokens }, digits: 1),
                   .decimal("MFLOPs per task (with tools)", tools.mean(nil) { $0.flops } / 1e6, digits: 2)],
            tracking: .inference(taskSuccessRate: "pass^1 \(formatted(tools.passHatK[0], digits: 3)), pass^\(settings.tries) \(formatted(tools.passHatK[settings.tries - 1], digits: 3)) at temperature \(settings.passTemperature)",
                                 latency: "\(milliseconds(tools.latency.median)) ms median, \(milliseconds(tools.latency.p90)) ms p90 per task",
                                 cost: "\(formatted(tools.mean(nil) { $0.flops } / 1e6, digits: 2)) MFLOPs, \(formatted(tools.mean(nil) { $0.generatedTokens }, digits: 1)) generated tokens per task"),
            trackingNote: "pass^k falls from \(formatted(tools.passHatK[0], digits: 3)) at k = 1 to \(formatted(tools.passHatK[settings.tries - 1], digits: 3)) at k = \(settings.tries)",
            tables: [Table(title: "Cost per held-out task by kind (greedy; mean, and for latency median and p90)", columns: ["Kind", "Model", "Generated tokens", "Tool calls", "MFLOPs", "Median ms", "p90 ms"],
                           rows: kinds.flatMap { kind in evaluations.map { e in
                               let seconds = e.indices(kind).map { e.trajectories[$0].seconds }
                               return [kind.rawValue, e.variant.rawValue, formatted(e.mean(kind) { $0.generatedTokens }, digits: 1), formatted(e.mean(kind) { $0.toolCalls }, digits: 2),
                                       formatted(e.mean(kind) { $0.flops } / 1e6, digits: 2), milliseconds(quantile(seconds, 0.5)), milliseconds(quantile(seconds, 0.9))]
                           } })],
            observations: [
                .judged(by: "pass^k never rises with k, and falls from k = 1 to k = 4 for the tool model",
                        passed: "With tools pass^k goes \(tools.passHatK.map { formatted($0, digits: 3) }.joined(separator: ", ")) for k = 1…\(settings.tries): a task counts for pass^4 only if all four sampled tries solve it, and at temperature \(settings.passTemperature) one wrong digit copied into a call is enough to fail. Without tools: \(answerOnly.passHatK.map { formatted($0, digits: 3) }.joined(separator: ", ")).",
                        failed: "pass^k rose with k, or did not fall: the estimator or the sampling is wrong."),
                .judged(by: "A task's cost is exact and deterministic: the same tokens, calls and FLOPs on a second greedy run, and the generated tokens are what the model wrote",
                        passed: "Rerunning held-out tasks greedily gives the same trajectory, the same generated tokens, tool calls and FLOPs; the generated tokens count every character, call marker and end token the model wrote and nothing the runtime inserted.",
                        failed: "A second greedy run cost something different, or the token count disagrees with the trajectory."),
                "The tool model generates more tokens than the answer-only one (it writes calls) and its context holds the inserted results, so it costs more FLOPs per task: the price of being right. Latencies are wall clock while the other suites run, reported and never asserted; `workbook bench --part agent` measures them on an idle machine.",
            ],
            plots: [Plot(file: "m13_pass_k.png", title: "M13: pass^k against k, with and without tools", kind: "line chart",
                         description: "τ-bench's pass^k over \(settings.passTasks) held-out tasks, \(settings.tries) tries each at temperature \(settings.passTemperature).",
                         xLabel: "k (tries that must all succeed)", yLabel: "pass^k", yRange: 0...1,
                         layers: evaluations.map { e in .line(label: e.variant.rawValue, points: k.map { PlotPoint(Double($0), e.passHatK[$0 - 1]) }) }),
                    Plot(file: "m13_cost_per_task.png", title: "M13: cost of each held-out task by kind (tool model, greedy)", kind: "scatter plot",
                         description: "Each point is one held-out task: the tokens the model generated and the forward-pass MFLOPs of the whole task (prompt, generated and inserted tokens), by kind; crosses are the answer-only model.",
                         xLabel: "generated tokens", yLabel: "MFLOPs per task",
                         layers: kinds.enumerated().map { i, kind in
                             .scatter(label: "\(kind.rawValue), with tools", points: tools.indices(kind).map { PlotPoint(Double(tools.trajectories[$0].generatedTokens), Double(tools.trajectories[$0].flops) / 1e6) },
                                      marker: [.circle, .triangle, .square][i], filled: true, colorGroup: i + 1)
                         } + [.scatter(label: "all kinds, without tools", points: answerOnly.trajectories.map { PlotPoint(Double($0.generatedTokens), Double($0.flops) / 1e6) },
                                       marker: .cross, filled: false, colorGroup: 4)])],
            conclusion: "Pass: pass^k falls with k as it must, and every task's cost is counted exactly.",
            provenance: provenance ?? .current(seed: settings.seed))
    }
}

/// "57.1%" for a fraction.
func percent(_ fraction: Double) -> String { formatted(100 * fraction, digits: 1) + "%" }
/// Milliseconds, two decimals.
func milliseconds(_ seconds: Double) -> String { formatted(1000 * seconds, digits: 2) }
