import AgentTools
import Foundation
import ProdCore
import Yams

/// A research candidate, `research_lab/*.yaml` (docs/research.md): a strategy, the parameters to
/// sweep or fix, and the backtest it is judged on — symbols, market, decision timeframe, sizing,
/// exits, fees, slippage, cash, data window — and the objective that ranks combinations. It
/// becomes `brain backtest` flags, so a candidate and the flags it stands for run the same
/// backtest. Every error names the file, line and field; an unknown key is an error.
struct Candidate {
    let id: String
    let grid: ParameterGrid
    let objective: Objective
    /// The `brain backtest` flags of its backtest, without `--strategy`.
    let backtestFlags: [String]

    private struct File: Decodable {
        struct Exits: Decodable {
            var stop_loss_pct: Double?
            var take_profit_pct: Double?
            var break_even_pct: Double?
            var trail_atr: String?
            var trail_after_pct: Double?
        }
        var id: String
        var strategy: String
        var grid: [String: GridValues]?
        var fixed: [String: Double]?
        var symbols: [String]?
        var market: String?
        var timeframe: String?
        var sizing: String?
        var exits: Exits?
        var order: String?
        var fill: String?
        var fee_bps: Double?
        var slippage_bps: Double?
        var max_volume_share: String?
        var cash: Double?
        var data: [String]?
        var from: String?
        var to: String?
        var warm_up_days: Int?
        var no_data_gate: Bool?
        var objective: String?
    }

    /// A number, a `start:stop:step` range or a list of numbers.
    private enum GridValues: Decodable {
        case text(String)
        case list([Double])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let list = try? container.decode([Double].self) { self = .list(list) } else { self = .text(try container.decode(String.self)) }
        }
    }

    static func load(_ path: String) throws -> Candidate {
        let text = try YAMLConfigLoader.read(path)
        let file = try YAMLConfigLoader.decode(File.self, from: text, file: path)
        let root = try YAMLConfigLoader.compose(text, file: path)
        func fail(_ field: String, _ reason: String) -> ConfigError {
            let mark = Self.mark(of: field.split(separator: ".").map(String.init), in: root)
            return ConfigError(file: path, line: mark?.line, column: mark?.column, field: field, reason: reason)
        }
        guard file.id.range(of: #"^[A-Za-z0-9_.-]{1,64}$"#, options: .regularExpression) != nil else {
            throw fail("id", "'\(file.id)' must be 1–64 letters, digits, '_', '-' or '.' (it names the result folder)")
        }
        var axes: [(name: String, values: [Double])] = []
        // In file order: the first parameter varies slowest, as on the command line.
        let gridNames = Self.keys(at: ["grid"], in: root)
        for name in gridNames {
            switch file.grid![name]! {
            case .list(let values): axes.append((name, values))
            case .text(let text):
                do {
                    axes.append((name, try ParameterGrid.values(parsing: text, field: name)))
                } catch { throw fail("grid.\(name)", error.description.replacingOccurrences(of: "\(name): ", with: "")) }
            }
        }
        let grid: ParameterGrid
        do {
            grid = try ParameterGrid(strategy: file.strategy, axes: axes, fixed: file.fixed ?? [:])
        } catch {
            let field = error.description.split(separator: ":").first.map(String.init) ?? "grid"
            let located = field == "strategy" ? "strategy" : axes.contains { $0.name == field } ? "grid.\(field)" : file.fixed?[field] != nil ? "fixed.\(field)" : "grid"
            throw fail(located, error.description)
        }
        var objective = Objective.sharpe
        if let name = file.objective {
            guard let chosen = Objective(rawValue: name) else {
                throw fail("objective", "'\(name)' is not one of \(Objective.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            objective = chosen
        }
        var flags: [String] = []
        // `--flag=value`: a negative number stays the flag's value instead of reading as a flag.
        func add(_ flag: String, _ value: String?) { if let value { flags.append("\(flag)=\(value)") } }
        func number(_ value: Double?) -> String? { value.map(\.numberText) }
        add("--symbol", file.symbols.map { $0.joined(separator: ",") })
        add("--market", file.market)
        add("--timeframe", file.timeframe)
        add("--sizing", file.sizing)
        add("--stop-loss-pct", number(file.exits?.stop_loss_pct))
        add("--take-profit-pct", number(file.exits?.take_profit_pct))
        add("--break-even-pct", number(file.exits?.break_even_pct))
        add("--trail-atr", file.exits?.trail_atr)
        add("--trail-after-pct", number(file.exits?.trail_after_pct))
        add("--order", file.order)
        add("--fill", file.fill)
        add("--fee-bps", number(file.fee_bps))
        add("--slippage-bps", number(file.slippage_bps))
        add("--max-volume-share", file.max_volume_share)
        add("--cash", number(file.cash))
        add("--from", file.from)
        add("--to", file.to)
        add("--warm-up-days", file.warm_up_days.map(String.init))
        if file.no_data_gate == true { flags.append("--no-data-gate") }
        if let data = file.data { flags += ["--data"] + data }
        let candidate = Candidate(id: file.id, grid: grid, objective: objective, backtestFlags: flags)
        // The flags are checked as `brain backtest` checks them, and a bad one blamed on its field.
        do {
            _ = try candidate.settings(for: grid.combinations.valid.first ?? StrategySpec(name: grid.strategy, values: file.fixed ?? [:]))
        } catch {
            let message = BacktestCommand.message(for: error)
            let field = Self.fieldOfFlag.first { message.contains($0.key) }?.value ?? "strategy"
            throw fail(field, message)
        }
        return candidate
    }

    /// The backtest of one combination, as `brain backtest` would run it.
    func settings(for spec: StrategySpec) throws -> BacktestSettings {
        try BacktestSettings(command: BacktestCommand.parse(["--strategy", spec.description] + backtestFlags))
    }

    private static let fieldOfFlag = [
        "--symbol": "symbols", "--market": "market", "--timeframe": "timeframe", "--sizing": "sizing", "--stop-loss-pct": "exits.stop_loss_pct",
        "--take-profit-pct": "exits.take_profit_pct", "--break-even-pct": "exits.break_even_pct", "--trail-atr": "exits.trail_atr",
        "--trail-after-pct": "exits.trail_after_pct", "--order": "order", "--fill": "fill", "--fee-bps": "fee_bps",
        "--slippage-bps": "slippage_bps", "--max-volume-share": "max_volume_share", "--cash": "cash", "--from": "from", "--to": "to",
        "--warm-up-days": "warm_up_days", "--data": "data", "no Binance Vision": "data", "bars in the selected period": "from",
    ]

    /// The line and column (1-based) of the value at `path`, or of its nearest present parent.
    static func mark(of path: [String], in node: Node) -> (line: Int, column: Int)? {
        var current = node
        var found = node.mark
        for key in path {
            guard let mapping = current.mapping, let next = mapping[Node(key)] else { break }
            current = next
            found = next.mark
        }
        return found.map { ($0.line, $0.column) }
    }

    /// The keys of the mapping at `path`, in file order.
    static func keys(at path: [String], in node: Node) -> [String] {
        var current = node
        for key in path {
            guard let next = current.mapping?[Node(key)] else { return [] }
            current = next
        }
        return current.mapping?.keys.compactMap(\.string) ?? []
    }
}
