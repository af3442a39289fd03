/// One sequenced input of the engine. Instruments are addressed by their index in
/// `EngineConfig.instruments`; times are UTC epoch milliseconds.
public enum EngineInput: Sendable {
    /// A closed bar of the feed's base timeframe; `Bar.openTime` is its time.
    case bar(Int, Bar)
    /// The funding rate settled on a USDT-M perpetual at a funding time.
    case fundingRate(Int, time: Int64, rate: Rate)
    /// A new plan; applied if valid, otherwise rejected with reasons and the last good plan stays.
    case plan(Plan, time: Int64)
    case control(Control, time: Int64)

    public var time: Int64 {
        switch self {
        case .bar(_, let bar): bar.openTime
        case .fundingRate(_, let time, _), .plan(_, let time), .control(_, let time): time
        }
    }
}

/// Operator commands.
public enum Control: Equatable, Sendable, Codable {
    /// Block new entries, cancel every working order and, with `flatten`, close every position
    /// with market orders at the next bar's open.
    case killSwitch(flatten: Bool)
    /// Allow entries again.
    case releaseKillSwitch
    /// The runner's dead-man switch (ARCHITECTURE.md §6.3): block new entries and cancel working
    /// ones; stops, targets and the governor keep working.
    case enterSafeMode(reason: String)
    case leaveSafeMode
}

extension EngineInput {
    /// The journal's name for the input's type.
    public var kind: String {
        switch self {
        case .bar: "bar"
        case .fundingRate: "funding_rate"
        case .plan: "plan"
        case .control: "control"
        }
    }
}
