// AgentTools: pure functions the agents use (regime classifiers, strategy scoring, sizing,
// research). Empty until the BrainOrchestrator issue; it depends on ProdCore only.
import ProdCore
