/// What the runner sends the brain. Every message is one JSON object whose `type` names it.
public enum RunnerMessage: Equatable, Sendable {
    case welcome(Welcome)
    /// The connection is refused (version, second brain, other user, no hello) and closed.
    case refused(Refused)
    case ack(PlanAnswer)
    case reject(PlanAnswer)
    /// A message that could not be read or is not allowed now; the connection goes on.
    case error(ErrorMessage)
    case snapshot(DecisionSnapshot)
    case order(OrderEvent)
    case fill(FillEvent)
    case equity(EquityEvent)
    case alert(Alert)
    case heartbeat(RunnerHeartbeat)
    /// The answer to a `query`, and to a `control`.
    case status(RunnerStatus)
    /// The run ended (feed done, or stopped): its digest, report and headline numbers. The last
    /// message of a run; the runner exits after it.
    case finished(Finished)

    public struct Welcome: Equatable, Sendable, Codable {
        public var protocolVersion: Int
        public var runId: Int64
        public var status: RunnerStatus
    }

    public struct Refused: Equatable, Sendable, Codable {
        public var reason: String
    }

    /// `ack`: applied (or applied earlier, `duplicate`). `reject`: not applied, with every reason.
    public struct PlanAnswer: Equatable, Sendable, Codable {
        public var planId: String?
        /// SHA-256 of the plan's canonical text.
        public var planHash: String?
        /// The input sequence number the plan took effect (or was refused) at.
        public var sequence: Int64?
        public var decisionTime: Int64?
        public var duplicate: Bool
        public var reasons: [String]
    }

    public struct ErrorMessage: Equatable, Sendable, Codable {
        public var reason: String
    }

    public struct OrderEvent: Equatable, Sendable, Codable {
        /// Position of the order in the run's order history, from 0.
        public var index: Int
        public var order: Order
    }

    public struct FillEvent: Equatable, Sendable, Codable {
        /// Position of the fill in the run's fill history, from 0: a brain that sees an index twice
        /// (after a runner restart) has seen the same fill.
        public var index: Int
        public var fill: Fill
    }

    public struct EquityEvent: Equatable, Sendable, Codable {
        public var time: Int64
        public var equity: Money
        public var drawdown: Double
    }

    public struct Alert: Equatable, Sendable, Codable {
        public enum Level: String, Sendable, Codable { case info, warning, critical }
        public var level: Level
        /// Stable machine name: `safe_mode_entered`, `safe_mode_left`, `plan_rejected`, `brain_connected`, …
        public var code: String
        public var message: String
        public var time: Int64?
    }

    public struct Finished: Equatable, Sendable, Codable {
        public enum State: String, Sendable, Codable {
            /// The feed ended.
            case finished
            /// A `stop` control or a signal ended the run before the feed did.
            case stopped
        }
        public var runId: Int64
        public var state: State
        public var digest: String
        public var reportFolder: String
        public var initialCash: Money
        public var finalEquity: Money
        /// Final equity over initial cash, minus 1.
        public var totalReturn: Double
        public var maxDrawdown: Double
        public var trades: Int
        public var fees: Money
        public var funding: Money
        public var inputs: Int64

        public init(runId: Int64, state: State, digest: String, reportFolder: String, figures: PerformanceFigures, inputs: Int64) {
            self.init(
                runId: runId, state: state, digest: digest, reportFolder: reportFolder, initialCash: figures.initialCash,
                finalEquity: figures.finalEquity, totalReturn: figures.totalReturn, maxDrawdown: figures.maxDrawdown,
                trades: figures.trades.count, fees: figures.fees, funding: figures.funding, inputs: inputs)
        }

        public init(
            runId: Int64, state: State, digest: String, reportFolder: String, initialCash: Money, finalEquity: Money,
            totalReturn: Double, maxDrawdown: Double, trades: Int, fees: Money, funding: Money, inputs: Int64
        ) {
            self.runId = runId
            self.state = state
            self.digest = digest
            self.reportFolder = reportFolder
            self.initialCash = initialCash
            self.finalEquity = finalEquity
            self.totalReturn = totalReturn
            self.maxDrawdown = maxDrawdown
            self.trades = trades
            self.fees = fees
            self.funding = funding
            self.inputs = inputs
        }
    }

    public struct RunnerHeartbeat: Equatable, Sendable, Codable {
        public var sequence: Int64
        public var eventTime: Int64?
    }
}

extension RunnerMessage: Codable {
    public init(from decoder: any Decoder) throws {
        let type = try decoder.container(keyedBy: WireTypeKey.self).decode(String.self, forKey: .type)
        switch type {
        case "welcome": self = .welcome(try Welcome(from: decoder))
        case "refused": self = .refused(try Refused(from: decoder))
        case "ack": self = .ack(try PlanAnswer(from: decoder))
        case "reject": self = .reject(try PlanAnswer(from: decoder))
        case "error": self = .error(try ErrorMessage(from: decoder))
        case "snapshot": self = .snapshot(try DecisionSnapshot(from: decoder))
        case "order": self = .order(try OrderEvent(from: decoder))
        case "fill": self = .fill(try FillEvent(from: decoder))
        case "equity": self = .equity(try EquityEvent(from: decoder))
        case "alert": self = .alert(try Alert(from: decoder))
        case "heartbeat": self = .heartbeat(try RunnerHeartbeat(from: decoder))
        case "status": self = .status(try RunnerStatus(from: decoder))
        case "finished": self = .finished(try Finished(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: try decoder.container(keyedBy: WireTypeKey.self), debugDescription: "unknown message type '\(type)'")
        }
    }

    public var type: String {
        switch self {
        case .welcome: "welcome"
        case .refused: "refused"
        case .ack: "ack"
        case .reject: "reject"
        case .error: "error"
        case .snapshot: "snapshot"
        case .order: "order"
        case .fill: "fill"
        case .equity: "equity"
        case .alert: "alert"
        case .heartbeat: "heartbeat"
        case .status: "status"
        case .finished: "finished"
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .welcome(let body): try body.encode(to: encoder)
        case .refused(let body): try body.encode(to: encoder)
        case .ack(let body), .reject(let body): try body.encode(to: encoder)
        case .error(let body): try body.encode(to: encoder)
        case .snapshot(let body): try body.encode(to: encoder)
        case .order(let body): try body.encode(to: encoder)
        case .fill(let body): try body.encode(to: encoder)
        case .equity(let body): try body.encode(to: encoder)
        case .alert(let body): try body.encode(to: encoder)
        case .heartbeat(let body): try body.encode(to: encoder)
        case .status(let body): try body.encode(to: encoder)
        case .finished(let body): try body.encode(to: encoder)
        }
        var container = encoder.container(keyedBy: WireTypeKey.self)
        try container.encode(type, forKey: .type)
    }
}
