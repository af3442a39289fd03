/// What the brain sends the runner. Every message is one JSON object whose `type` names it.
public enum ClientMessage: Equatable, Sendable {
    case hello(Hello)
    case plan(PlanMessage)
    /// Lockstep: keep the current plan for this decision point.
    case noChange(NoChange)
    case control(ControlMessage)
    case heartbeat(Heartbeat)
    case query(Query)

    public struct Hello: Equatable, Sendable, Codable {
        public var protocolVersion: Int
        public var client: String
        /// The run the client expects; the runner refuses a hello naming another run.
        public var runId: Int64?
        /// The highest fill index the client has seen: committed fills after it are sent again.
        public var lastFillSeen: Int?

        public init(protocolVersion: Int = WireProtocol.version, client: String, runId: Int64? = nil, lastFillSeen: Int? = nil) {
            self.protocolVersion = protocolVersion
            self.client = client
            self.runId = runId
            self.lastFillSeen = lastFillSeen
        }
    }

    public struct PlanMessage: Equatable, Sendable, Codable {
        /// Lockstep: the decision point this plan answers; free-running: absent.
        public var decisionTime: Int64?
        public var plan: Plan

        public init(decisionTime: Int64? = nil, plan: Plan) {
            self.decisionTime = decisionTime
            self.plan = plan
        }
    }

    public struct NoChange: Equatable, Sendable, Codable {
        public var decisionTime: Int64
        public init(decisionTime: Int64) { self.decisionTime = decisionTime }
    }

    public struct ControlMessage: Equatable, Sendable, Codable {
        public enum Command: String, Sendable, Codable, CaseIterable {
            /// Stop reading the feed; plans and queries are still served.
            case pause
            /// Read the feed again after `pause`, and release a `halt`.
            case resume
            /// The kill switch: no entries, working entries cancelled; with `flatten`, positions closed.
            case halt
            /// Finish the run: last batch committed, report exported, runner exits.
            case stop
            /// Export the report of what is committed so far.
            case export
        }
        public var command: Command
        public var flatten: Bool?

        public init(command: Command, flatten: Bool? = nil) {
            self.command = command
            self.flatten = flatten
        }
    }

    public struct Heartbeat: Equatable, Sendable, Codable {
        public var sentAt: Int64?
        public init(sentAt: Int64? = nil) { self.sentAt = sentAt }
    }

    public struct Query: Equatable, Sendable, Codable {
        public enum Subject: String, Sendable, Codable, CaseIterable { case state, positions, health }
        public var what: Subject
        public init(what: Subject) { self.what = what }
    }
}

extension ClientMessage: Codable {
    public init(from decoder: any Decoder) throws {
        let type = try decoder.container(keyedBy: WireTypeKey.self).decode(String.self, forKey: .type)
        switch type {
        case "hello": self = .hello(try Hello(from: decoder))
        case "plan": self = .plan(try PlanMessage(from: decoder))
        case "no_change": self = .noChange(try NoChange(from: decoder))
        case "control": self = .control(try ControlMessage(from: decoder))
        case "heartbeat": self = .heartbeat(try Heartbeat(from: decoder))
        case "query": self = .query(try Query(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: try decoder.container(keyedBy: WireTypeKey.self),
                debugDescription: "unknown message type '\(type)' (expected hello, plan, no_change, control, heartbeat or query)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: WireTypeKey.self)
        switch self {
        case .hello(let body): try body.encode(to: encoder); try container.encode("hello", forKey: .type)
        case .plan(let body): try body.encode(to: encoder); try container.encode("plan", forKey: .type)
        case .noChange(let body): try body.encode(to: encoder); try container.encode("no_change", forKey: .type)
        case .control(let body): try body.encode(to: encoder); try container.encode("control", forKey: .type)
        case .heartbeat(let body): try body.encode(to: encoder); try container.encode("heartbeat", forKey: .type)
        case .query(let body): try body.encode(to: encoder); try container.encode("query", forKey: .type)
        }
    }
}

enum WireTypeKey: String, CodingKey { case type }
