import ProdCore

/// One combination of a sweep: its parameters (in the grid's order) and what it did.
public struct SweepRow: Sendable, Equatable, Codable {
    /// Position in the unsharded sweep's combination order.
    public let index: Int
    public let parameters: [Double]
    public let trades: Int
    public let profitFactor: Double?
    public let totalReturn: Double
    public let maxDrawdown: Double
    public let sharpe: Double?
    public let sortino: Double?
    public let winRate: Double?
    public let exposure: Double
    /// Exact (× 10^8) like every money figure of a run.
    public let fees: Int64
    public let finalEquity: Int64
    public let objective: Double?
    public let digest: String

    public init(index: Int, parameters: [Double], result: RunResult, objective: Objective) {
        let figures = result.figures
        self.index = index
        self.parameters = parameters
        trades = figures.trades.count
        profitFactor = figures.trades.profitFactor
        totalReturn = figures.totalReturn
        maxDrawdown = figures.maxDrawdown
        sharpe = figures.sharpe
        sortino = figures.sortino
        winRate = figures.trades.winRate
        exposure = figures.exposure
        fees = figures.fees.raw
        finalEquity = figures.finalEquity.raw
        self.objective = objective.value(figures)
        digest = result.digest
    }

    /// Best first: the higher objective, a missing one last, then the earlier combination.
    public static func ranked(_ rows: [SweepRow]) -> [SweepRow] {
        rows.sorted { a, b in
            switch (a.objective, b.objective) {
            case let (x?, y?) where x != y: x > y
            case (.some, nil): true
            case (nil, .some): false
            default: a.index < b.index
            }
        }
    }
}
