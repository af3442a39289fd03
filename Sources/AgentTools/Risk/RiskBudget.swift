/// The RiskManager agent's rules: risk per trade and protective exits, cut as the account's
/// drawdown deepens, and the daily-loss limit tightened (never loosened) with it.
public struct RiskBudget: Sendable, Equatable {
    /// Equity fraction risked per trade at no drawdown (0.005 = 0.5 %).
    public var riskPerTrade: Double
    public var stopLoss: Double
    public var takeProfit: Double
    /// Drawdowns (fractions of peak equity) from which risk is multiplied by `multiplier`,
    /// sorted by depth; the deepest step reached applies.
    public var deRiskSteps: [DeRiskStep]
    /// From this drawdown on, the daily-loss limit is halved.
    public var tightenDailyLossFrom: Double

    public init(
        riskPerTrade: Double = 0.005, stopLoss: Double = 0.02, takeProfit: Double = 0.04,
        deRiskSteps: [DeRiskStep] = [DeRiskStep(drawdown: 0.05, multiplier: 0.5), DeRiskStep(drawdown: 0.10, multiplier: 0.25)],
        tightenDailyLossFrom: Double = 0.10
    ) {
        self.riskPerTrade = riskPerTrade
        self.stopLoss = stopLoss
        self.takeProfit = takeProfit
        self.deRiskSteps = deRiskSteps.sorted { $0.drawdown < $1.drawdown }
        self.tightenDailyLossFrom = tightenDailyLossFrom
    }

    /// Past `drawdown`, risk per trade is multiplied by `multiplier`.
    public struct DeRiskStep: Sendable, Equatable {
        public var drawdown: Double
        public var multiplier: Double

        public init(drawdown: Double, multiplier: Double) {
            self.drawdown = drawdown
            self.multiplier = multiplier
        }
    }

    /// What applies at `drawdown`.
    public struct Decision: Sendable, Equatable {
        public var riskPerTrade: Double
        public var multiplier: Double
        /// The daily-loss limit to ask for, `nil` to keep the hard limit.
        public var maxDailyLoss: Double?
    }

    /// The risk at `drawdown`, with the governance file's `hardDailyLoss`: the result's daily-loss
    /// limit is never above it.
    public func decide(drawdown: Double, hardDailyLoss: Double) -> Decision {
        let multiplier = deRiskSteps.last { drawdown >= $0.drawdown }?.multiplier ?? 1
        let dailyLoss = drawdown >= tightenDailyLossFrom ? hardDailyLoss / 2 : nil
        return Decision(riskPerTrade: riskPerTrade * multiplier, multiplier: multiplier, maxDailyLoss: dailyLoss)
    }
}
